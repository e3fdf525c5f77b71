package dev.dnshunter.cli;

import dev.dnshunter.generate.DataSetFormat;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code generate}: a synthetic data set in one of the input formats, with the alerts it must produce. */
final class GenerateCommand {
    static final String USAGE = "usage: dns-hunter generate --out DIR [--format " + DataSetFormat.ids() + "] [--days N] [--seed S] "
            + "[--clients N] [--lookups-per-day N] [--flows-per-lookup X] [--exfiltrations N] [--tunnels N] "
            + "[--volume-exfiltrations N] [--nxdomain-bursts N] [--txt-payloads N] [--start ISO] [--gzip]";

    static final String HELP = USAGE + """


            Writes a realistic synthetic data set: Zipf-like domain popularity, hundreds of clients, benign flows,
            traps (co.uk names, S3 buckets, trailing dots, upper case, private answers) and injected exfiltration,
            with its ground truth (every rule's independent in-memory reference over the events as the format
            renders them). Prints the backfill command that reads it and must give exactly that ground truth.

              --out DIR               where the data set goes (one directory per input, expected-alerts.jsonl,
                                      injected.jsonl, dataset.json)
              --format F              the log format (default sentinel):
                                        sentinel      dns-events/ firewall-events/ vm-connections/ dns-client-events/
                                                      (Log Analytics JSON lines)
                                        sentinel-csv  the same tables as the portal's CSV export
                                        asim          asim-dns/ asim-network-sessions/
                                        zeek          zeek-dns/ zeek-conn/ (TSV with its # header lines)
                                        zeek-json     zeek-dns/ zeek-conn/ (JSON lines)
                                        suricata      suricata-eve/ (eve.json: dns and flow records)
                                        ecs           ecs/ (Elastic ECS NDJSON: DNS and flow documents)
                                      The Windows DNS client events are Sentinel's Event table: other formats have
                                      none. The same seed gives the same traffic in every format.
              --days N                days of traffic (default 14; past 7, the first 7 are the baseline week)
              --seed S                same seed and flags give byte-identical files (default 1)
              --clients N             internal hosts (default 300)
              --lookups-per-day N     DNS rows per day (default 20000)
              --flows-per-lookup X    connection rows per DNS row (default 0.5)
              --exfiltrations N       injected exfiltrations of the rare-lookup rule (default 3)
              --tunnels N             N dnscat2- and iodine-like DNS tunnel sessions with their look-alikes
                                      (DnsTunnelingSubdomains; default 0), 6 h apart from the detection start
              --volume-exfiltrations N
                                      N slow (a day) and fast (an hour) exfiltrations in query names with their
                                      look-alikes (DnsExfiltrationVolume; default 0), 26 h apart
              --nxdomain-bursts N     N DGA bursts of NXDOMAIN answers with their look-alikes (DnsNxdomainBurst;
                                      default 0), 6 h apart; the typos under corp.example need the printed
                                      --internal-suffix corp.example
              --txt-payloads N        N DNSlivery launcher and base64 chunk answers with benign TXT (DnsTxtPayload;
                                      default 0), 6 h apart; Sentinel DnsEvents carries no TXT text
              --start ISO             first instant (default 2026-11-01T00:00:00Z)
              --gzip                  write the inputs gzip-compressed (.gz)
            """;

    private static final Set<String> VALUED = Set.of("out", "format", "days", "seed", "clients", "lookups-per-day",
            "flows-per-lookup", "exfiltrations", "tunnels", "volume-exfiltrations", "nxdomain-bursts", "txt-payloads", "start");

    private GenerateCommand() {}

    static GeneratorOptions options(Flags f) {
        String formatName = f.string("format", DataSetFormat.SENTINEL.id);
        DataSetFormat format = DataSetFormat.of(formatName);
        if (format == null) throw new UsageException("--format must be one of " + DataSetFormat.ids().replace('|', ' ') + ", got '" + formatName + "'");
        GeneratorOptions o = GeneratorOptions.defaults(Path.of(f.required("out")))
                .withDays(f.integer("days", GeneratorOptions.DEFAULT_DAYS, 1, 3650))
                .withSeed(f.longValue("seed", GeneratorOptions.DEFAULT_SEED))
                .withClients(f.integer("clients", GeneratorOptions.DEFAULT_CLIENTS, 10, 10_000_000))
                .withLookupsPerDay(f.integer("lookups-per-day", GeneratorOptions.DEFAULT_LOOKUPS_PER_DAY, 0, Integer.MAX_VALUE))
                .withFlowsPerLookup(f.number("flows-per-lookup", GeneratorOptions.DEFAULT_FLOWS_PER_LOOKUP))
                .withExfiltrations(f.integer("exfiltrations", GeneratorOptions.DEFAULT_EXFILTRATIONS, 0, 1000))
                .withGzip(f.has("gzip"))
                .withFormat(format)
                .withAttacks(new GeneratorOptions.Attacks(f.integer("tunnels", 0, 0, 1000), f.integer("volume-exfiltrations", 0, 0, 1000),
                        f.integer("nxdomain-bursts", 0, 0, 1000), f.integer("txt-payloads", 0, 0, 1000)));
        Instant start = f.instant("start");
        if (start != null) o = o.withStart(start);
        try {
            DataSetGenerator.checkAttacksFit(o);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return o;
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Flags f = Flags.parse(args, VALUED, Set.of("gzip"));
        GeneratorOptions options = options(f);
        err.println("generate: writing " + options.days() + " days of " + options.format().id + " logs to " + options.outDir() + " ...");
        DataSetGenerator.Summary s = DataSetGenerator.generate(options);
        line(out, s.dnsEventLines(), s.badDnsEventLines(), s.dnsEventsFile());
        line(out, s.firewallEventLines(), s.badFirewallEventLines(), s.firewallEventsFile());
        line(out, s.vmConnectionLines(), s.badVmConnectionLines(), s.vmConnectionsFile());
        if (s.dnsClientEventsFile() != null) line(out, s.dnsClientEventLines(), s.badDnsClientEventLines(), s.dnsClientEventsFile());
        out.printf("expected alerts: %d in %s (detect from %s)%n", s.expectedAlerts(), s.expectedAlertsFile(),
                s.detectFromMillis() == Long.MIN_VALUE ? "the start" : Instant.ofEpochMilli(s.detectFromMillis()));
        out.printf("injected exfiltrations: %d in %s%n", s.injected().size(), s.injectedFile());
        out.printf("bad lines: %d, the dead letters a backfill gives%n", s.badLines());
        List<String> backfill = new ArrayList<>(List.of("dns-hunter", "backfill"));
        backfill.addAll(s.backfillArguments(options.outDir()));
        backfill.addAll(List.of("--alerts-out", options.outDir().resolve("alerts").toString()));
        out.println("backfill: " + String.join(" ", backfill));
        return 0;
    }

    /** A file's counts under its input's directory name (dns-events:, zeek-conn:, ...). */
    private static void line(PrintStream out, long lines, int bad, Path file) {
        out.printf("%-22s %,d lines (%d bad) in %s%n", file.getParent().getFileName() + ":", lines, bad, file);
    }
}
