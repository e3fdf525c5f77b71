package dev.dnshunter.cli;

import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The detection flags shared by every subcommand that runs the job, turned into one validated configuration. */
final class DetectionFlags {
    static final Set<String> VALUED = Set.of("detect-from", "lookback-days", "threshold", "bucket", "flow-before-lookup",
            "flow-after-lookup", "max-out-of-orderness", "idle-timeout", "public-suffix-list", "txt-count", "txt-span",
            "txt-suppression", "txt-event-ids", "high-sent-bytes", "medium-sent-bytes", "upload-sent-bytes", "upload-ratio",
            "max-lookups-per-pair", "max-flows-per-window", "max-txt-per-span",
            "max-future", "max-record-bytes", "rules", "tunnel-min-subdomain", "tunnel-min-label", "tunnel-min-entropy",
            "tunnel-min-hex-label", "tunnel-names", "tunnel-window", "tunnel-suppression", "max-tunnel-queries",
            "nxdomain-domains", "nxdomain-window", "nxdomain-suppression", "max-nxdomain-queries",
            "exfil-hourly-chars", "exfil-hourly-subdomains", "exfil-daily-chars", "exfil-daily-subdomains", "exfil-max-subdomains",
            "csv-time-zone");
    /** Only for the commands that write alerts (backfill, stream). */
    static final Set<String> OUTPUT_VALUED = Set.of("min-severity", "alert-format");
    static final String OUTPUT_HELP = """
              --min-severity LEVEL       low, medium or high: alerts below it are counted (per rule and severity,
                                         in the metrics and the backfill's summary), not written (default low:
                                         every alert)
              --alert-format FORMAT      native (default: our JSON, unchanged), ocsf (OCSF 1.8.0 Detection
                                         Finding) or ecs (ECS 9.4.0 alert document); the same for files and
                                         topics; excluded alerts keep the native JSON (see docs/soc-integration.md)
            """;
    /** Detection flags that may be given more than once. */
    static final Set<String> REPEATABLE = Set.of("internal-suffix");
    static final Set<String> SWITCHES = Set.of("kql-compatible");

    static final String HELP = "  --rules LIST               the rules to run, comma-separated alert rule names (default: all):\n"
            + "                             " + String.join(", ", dev.dnshunter.rules.Rules.names()) + "\n" + """
              --detect-from ISO          alert only on lookups at or after this instant; earlier ones only build
                                         the baseline (default: detect from the start)
              --kql-compatible           reproduce the Sentinel query's own choices (see README)
              --lookback-days N          buckets in the baseline (default 7)
              --threshold X              a domain is common when its average per bucket is above X (default 21)
              --bucket D                 baseline bucket length (default 1d)
              --flow-before-lookup D     a flow may start this long before its lookup (default 5m)
              --flow-after-lookup D      a flow may start this long after its lookup (default 1h)
              --max-out-of-orderness D   watermark bound for out-of-order events (default 5m)
              --idle-timeout D           a silent input stops holding back event time after D (default 1m)
              --public-suffix-list FILE  a newer public_suffix_list.dat than the bundled one
              --txt-count N              TXT queries of one host that make a burst (default 6: more than 5)
              --txt-span D               the burst's last query comes less than D after its first (default 5m)
              --txt-suppression D        later bursts of an alerted host are dropped for D (default 60m)
              --txt-event-ids IDS        DNS client event ids counted as queries, comma-separated (default 3006)
              --high-sent-bytes N        a rare-lookup alert is High when it sent at least N bytes (default 1000000)
              --medium-sent-bytes N      ... Medium when it sent at least N bytes (default 100000)
              --upload-sent-bytes N      ... or Medium when it sent at least N bytes (default 20000) and
              --upload-ratio X           at least X times the bytes it received (default 5); Low otherwise
              --max-lookups-per-pair N   rare lookups of one client and address per hour kept one by one; more
                                         make one summarised alert marked truncated (default 20000)
              --max-flows-per-window N   flows of one client and address per alert window kept one by one; more
                                         are summed per port and data type, alert marked truncated (default 100000)
              --max-txt-per-span N       TXT queries of one host per --txt-span window passed to the burst
                                         pattern; more are dropped and counted (default 1000)
              --max-future D|off         records dated more than D ahead of the processing clock are dead letters
                                         with reason "future" and move no event time (stream: default 10m;
                                         backfill: default off, else against the machine's clock as lines are read)
              --csv-time-zone ZONE       the zone a portal CSV export with "TimeGenerated [Local Time]" was
                                         exported in (e.g. Europe/Berlin); without it such a file is refused:
                                         its header is a dead letter saying so, its rows are skipped
              --max-record-bytes N       largest alert or dead letter written, in bytes; longer input records are
                                         dead letters (default 921600 = 900 KiB; Kafka producers get
                                         max.request.size N + 64 KiB)
              --tunnel-min-subdomain N   DnsTunnelingSubdomains: a subdomain this long is tunnel-shaped (default 50)
              --tunnel-min-label N       ... as is a label this long (default 24) with an entropy of at least
              --tunnel-min-entropy X     X bits per character (default 3.5)
              --tunnel-min-hex-label N   ... or a mixed hexadecimal label this long (default 16)
              --tunnel-names N           distinct tunnel-shaped names of one identity and domain that alert
                                         (default 15) within
              --tunnel-window D          this window (default 5m); then the pair is quiet for
              --tunnel-suppression D     this long (default 60m)
              --max-tunnel-queries N     tunnel-shaped queries one identity and domain keep per window; beyond,
                                         dropped and counted (default 10000)
              --nxdomain-domains N       DnsNxdomainBurst: NXDOMAIN answers for N distinct domains to one
                                         identity (default 25) within
              --nxdomain-window D        this window (default 1h); then the identity is quiet for
              --nxdomain-suppression D   this long (default 60m)
              --internal-suffix S        names ending in S are not counted (repeatable; a search suffix makes
                                         typos NXDOMAIN)
              --max-nxdomain-queries N   counted queries one identity keeps within the window; beyond, dropped
                                         and counted (default 10000)
              --exfil-hourly-chars N     DnsExfiltrationVolume: characters of distinct subdomains of one identity
                                         and domain within 1 h that alert (default 4000) with at least
              --exfil-hourly-subdomains N
                                         distinct subdomains (default 30); then quiet for 1 h
              --exfil-daily-chars N      ... within 24 h (default 40000) with at least
              --exfil-daily-subdomains N
                                         distinct subdomains (default 300); then quiet for 24 h
              --exfil-max-subdomains N   distinct subdomains kept per identity and domain; past it the oldest are
                                         dropped and counted in exfilSubdomainsOverCap (default 200000)
            Durations: 250ms, 30s, 5m, 1h, 1d or ISO-8601 (PT5M).
            """;

    private DetectionFlags() {}

    static DetectionConfig toConfig(Flags f) {
        Path psl = f.existingPath("public-suffix-list");
        if (psl != null && !Files.isRegularFile(psl)) throw new UsageException("--public-suffix-list must be a file: " + psl);
        Instant detectFrom = f.instant("detect-from");
        DetectionConfig c = DetectionConfig.defaults()
                .withMode(f.has("kql-compatible") ? DetectionMode.KQL_COMPATIBLE : DetectionMode.DEFAULT)
                .withLookbackBuckets(f.integer("lookback-days", 7, 1, 366))
                .withCommonThreshold(f.number("threshold", 21))
                .withBucketMillis(positive(f, "bucket", Duration.ofDays(1)))
                .withFlowBeforeLookupMillis(f.duration("flow-before-lookup", Duration.ofMinutes(5)).toMillis())
                .withFlowAfterLookupMillis(f.duration("flow-after-lookup", Duration.ofHours(1)).toMillis())
                .withMaxOutOfOrdernessMillis(f.duration("max-out-of-orderness", Duration.ofMinutes(5)).toMillis())
                .withIdleTimeoutMillis(positive(f, "idle-timeout", Duration.ofMinutes(1)))
                .withPublicSuffixListPath(psl == null ? null : psl.toAbsolutePath().toString());
        if (detectFrom != null) c = c.withDetectFromMillis(detectFrom.toEpochMilli());
        c = c.withTxtQueryCount(f.integer("txt-count", 6, 2, 10_000))
                .withTxtSpanMillis(positive(f, "txt-span", Duration.ofMinutes(5)))
                .withTxtSuppressionMillis(f.duration("txt-suppression", Duration.ofMinutes(60)).toMillis())
                .withTxtEventIds(eventIds(f.string("txt-event-ids", "3006")))
                .withHighSentBytes(f.longValue("high-sent-bytes", 1_000_000))
                .withMediumSentBytes(f.longValue("medium-sent-bytes", 100_000))
                .withUploadSentBytes(f.longValue("upload-sent-bytes", 20_000))
                .withUploadRatio(f.number("upload-ratio", 5))
                .withMaxLookupsPerPair(f.integer("max-lookups-per-pair", 20_000, 1, Integer.MAX_VALUE))
                .withMaxFlowsPerWindow(f.integer("max-flows-per-window", 100_000, 1, Integer.MAX_VALUE))
                .withMaxTxtPerSpan(f.integer("max-txt-per-span", 1_000, 2, Integer.MAX_VALUE))
                .withMaxFutureMillis(maxFuture(f, -1))
                .withMaxRecordBytes(f.integer("max-record-bytes", DetectionConfig.DEFAULT_MAX_RECORD_BYTES,
                        DetectionConfig.MIN_RECORD_BYTES, 512 * 1024 * 1024));


        c = c.withEnabledRules(rules(f));
        try {
            var t = dev.dnshunter.rules.tunnelsubdomains.TunnelParams.DEFAULTS;
            c = c.withTunnel(new dev.dnshunter.rules.tunnelsubdomains.TunnelParams(
                    f.integer("tunnel-min-subdomain", t.minSubdomain(), 1, 253),
                    f.integer("tunnel-min-label", t.minLabel(), 1, 63),
                    f.number("tunnel-min-entropy", t.minEntropy()),
                    f.integer("tunnel-min-hex-label", t.minHexLabel(), 2, 63),
                    f.integer("tunnel-names", t.names(), 1, 1_000_000),
                    positive(f, "tunnel-window", Duration.ofMillis(t.windowMillis())),
                    f.duration("tunnel-suppression", Duration.ofMillis(t.suppressionMillis())).toMillis(),
                    f.integer("max-tunnel-queries", t.maxQueries(), 1, Integer.MAX_VALUE)));
            var n = dev.dnshunter.rules.nxdomainburst.NxdomainParams.DEFAULTS;
            c = c.withNxdomain(new dev.dnshunter.rules.nxdomainburst.NxdomainParams(
                    f.integer("nxdomain-domains", n.domains(), 1, 1_000_000),
                    positive(f, "nxdomain-window", Duration.ofMillis(n.windowMillis())),
                    f.duration("nxdomain-suppression", Duration.ofMillis(n.suppressionMillis())).toMillis(),
                    f.all("internal-suffix"),
                    f.integer("max-nxdomain-queries", n.maxQueries(), 1, Integer.MAX_VALUE)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            var x = dev.dnshunter.rules.exfilvolume.ExfilParams.DEFAULTS;
            c = c.withExfil(new dev.dnshunter.rules.exfilvolume.ExfilParams(
                    f.longValue("exfil-hourly-chars", x.hourlyChars()),
                    f.integer("exfil-hourly-subdomains", x.hourlySubdomains(), 1, Integer.MAX_VALUE),
                    f.longValue("exfil-daily-chars", x.dailyChars()),
                    f.integer("exfil-daily-subdomains", x.dailySubdomains(), 1, Integer.MAX_VALUE),
                    f.integer("exfil-max-subdomains", x.maxSubdomains(), 1, Integer.MAX_VALUE)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (f.has("csv-time-zone")) {
            String zone = f.string("csv-time-zone", "").trim();
            try {
                c = c.withCsvTimeZone(java.time.ZoneId.of(zone).getId());
            } catch (java.time.DateTimeException e) {
                throw new UsageException("--csv-time-zone: not a time zone: '" + zone + "' (e.g. UTC, Europe/Berlin, America/New_York)");
            }
        }
        try {
            c = c.withMinSeverity(Severity.parse(f.string("min-severity", "low")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--min-severity " + e.getMessage());
        }
        try {
            c = c.withAlertFormat(dev.dnshunter.config.AlertFormat.parse(f.string("alert-format", "native")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--alert-format " + e.getMessage());
        }
        try {
            return c.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code --max-future}: a duration, or {@code off} (negative); {@code dflt} when absent. */
    static long maxFuture(Flags f, long dflt) {
        if (!f.has("max-future")) return dflt;
        if ("off".equalsIgnoreCase(f.string("max-future", "").trim())) return -1;
        Duration d = f.duration("max-future", null);
        if (d.isNegative()) throw new UsageException("--max-future must not be negative (or 'off')");
        return d.toMillis();
    }

    /** {@code --rules}: known rule names, comma-separated, at least one; null (every rule) when absent. */
    static java.util.List<String> rules(Flags f) {
        if (!f.has("rules")) return null;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String part : f.string("rules", "").split(",")) {
            String name = part.trim();
            if (name.isEmpty()) continue;
            if (!dev.dnshunter.rules.Rules.names().contains(name)) {
                throw new UsageException("--rules: unknown rule '" + name + "'; rules: "
                        + String.join(", ", dev.dnshunter.rules.Rules.names()));
            }
            names.add(name);
        }
        if (names.isEmpty()) throw new UsageException("--rules needs at least one rule: " + String.join(", ", dev.dnshunter.rules.Rules.names()));
        return names;
    }

    private static int[] eventIds(String text) {
        String[] parts = text.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--txt-event-ids: not a list of event ids: '" + text + "'");
            }
        }
        return ids;
    }

    private static long positive(Flags f, String name, Duration dflt) {
        Duration d = f.duration(name, dflt);
        if (d.isNegative() || d.isZero()) throw new UsageException("--" + name + " must be positive");
        return d.toMillis();
    }
}
