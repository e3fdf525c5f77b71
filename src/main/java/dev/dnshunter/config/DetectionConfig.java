package dev.dnshunter.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Every tunable of the detections, typed and validated once at the edge (the command line) so operators can trust it.
 * Immutable; the {@code with*} methods return a changed copy.
 */
public final class DetectionConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long HOUR = Duration.ofHours(1).toMillis();
    public static final long DAY = Duration.ofDays(1).toMillis();

    private DetectionMode mode = DetectionMode.DEFAULT;
    private int lookbackBuckets = 7;
    private double commonThreshold = 21.0;
    /** {@link #rareLimit(double, int)} of this configuration, once asked; an immutable box, safe to share. */
    private transient Long rareLimit;
    private long bucketMillis = DAY;
    private long detectFromMillis = Long.MIN_VALUE;
    /** How long before a lookup a flow may start and still be attributed to it (the join's lower bound). */
    private long flowBeforeLookupMillis = Duration.ofMinutes(5).toMillis();
    /** How long after a lookup a flow may start and still be attributed to it (the join's upper bound). */
    private long flowAfterLookupMillis = HOUR;
    private long alertWindowMillis = HOUR;
    private long maxOutOfOrdernessMillis = Duration.ofMinutes(5).toMillis();
    private long idleTimeoutMillis = Duration.ofMinutes(1).toMillis();
    private String publicSuffixListPath;
    private int txtQueryCount = 6;
    /** The whole burst must fit strictly inside this span: last - first < span. */
    private long txtSpanMillis = Duration.ofMinutes(5).toMillis();
    private long txtSuppressionMillis = HOUR;
    private int[] txtEventIds = {3006};
    /** Severity of the rare rule's alerts (see RareSeverity): bounds on the bytes a client sent, inclusive. */
    private long highSentBytes = 1_000_000;
    private long mediumSentBytes = 100_000;
    private long uploadSentBytes = 20_000;
    private double uploadRatio = 5.0;
    /** Alerts below this severity are counted, not written. */
    private dev.dnshunter.alert.Severity minSeverity = dev.dnshunter.alert.Severity.LOW;
    /** Rare lookups of one (client, address) pair per alert-window hour kept one by one; beyond, a flood summary. */
    private int maxLookupsPerPair = 20_000;
    /** Flows of one (client, address) pair per alert window kept one by one; beyond, summed per port and data type. */
    private int maxFlowsPerWindow = 100_000;
    /** TXT queries of one host per span-aligned window that reach the CEP pattern; beyond, dropped. */
    private int maxTxtPerSpan = 1_000;
    /** Records more than this ahead of the processing clock are dead letters ({@code future}); negative: off. */
    private long maxFutureMillis = -1;
    /** The largest alert or dead letter written, and the largest input record read, in bytes. */
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private dev.dnshunter.rules.tunnelsubdomains.TunnelParams tunnel = dev.dnshunter.rules.tunnelsubdomains.TunnelParams.DEFAULTS;
    private dev.dnshunter.rules.nxdomainburst.NxdomainParams nxdomain = dev.dnshunter.rules.nxdomainburst.NxdomainParams.DEFAULTS;
    private dev.dnshunter.rules.exfilvolume.ExfilParams exfil = dev.dnshunter.rules.exfilvolume.ExfilParams.DEFAULTS;
    /** The names of the rules that run ({@code --rules}), sorted; null: every rule. */
    private String[] enabledRules;
    /** The zone portal CSV exports in local time were written in ({@code --csv-time-zone}); null when not given. */
    private String csvTimeZone;

    /** The event-time guard of {@code stream} (backfills have none unless asked for): 10 minutes. */
    public static final long STREAMING_MAX_FUTURE_MILLIS = Duration.ofMinutes(10).toMillis();
    /** 900 KiB: with the producer's request overhead it stays below Kafka's default 1 MB limits. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 900 * 1024;

    /** Room for a readable prefix of a dead letter and an alert's fields. */
    public static final int MIN_RECORD_BYTES = 16 * 1024;
    /** The document each written alert is (native JSON, OCSF Detection Finding, ECS alert). */
    private AlertFormat alertFormat = AlertFormat.NATIVE;

    public static DetectionConfig defaults() {
        return new DetectionConfig();
    }

    private DetectionConfig copy() {
        DetectionConfig c = new DetectionConfig();
        c.mode = mode;
        c.lookbackBuckets = lookbackBuckets;
        c.commonThreshold = commonThreshold;
        c.bucketMillis = bucketMillis;
        c.detectFromMillis = detectFromMillis;
        c.flowBeforeLookupMillis = flowBeforeLookupMillis;
        c.flowAfterLookupMillis = flowAfterLookupMillis;
        c.alertWindowMillis = alertWindowMillis;
        c.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
        c.idleTimeoutMillis = idleTimeoutMillis;
        c.publicSuffixListPath = publicSuffixListPath;
        c.txtQueryCount = txtQueryCount;
        c.txtSpanMillis = txtSpanMillis;
        c.txtSuppressionMillis = txtSuppressionMillis;
        c.txtEventIds = txtEventIds.clone();
        c.highSentBytes = highSentBytes;
        c.mediumSentBytes = mediumSentBytes;
        c.uploadSentBytes = uploadSentBytes;
        c.uploadRatio = uploadRatio;
        c.minSeverity = minSeverity;
        c.maxLookupsPerPair = maxLookupsPerPair;
        c.maxFlowsPerWindow = maxFlowsPerWindow;
        c.maxTxtPerSpan = maxTxtPerSpan;
        c.maxFutureMillis = maxFutureMillis;
        c.maxRecordBytes = maxRecordBytes;
        c.alertFormat = alertFormat;
        c.tunnel = tunnel;
        c.nxdomain = nxdomain;
        c.exfil = exfil;
        c.enabledRules = enabledRules == null ? null : enabledRules.clone();
        c.csvTimeZone = csvTimeZone;
        return c;
    }

    public DetectionConfig withMode(DetectionMode v) { DetectionConfig c = copy(); c.mode = v; return c; }
    public DetectionConfig withLookbackBuckets(int v) { DetectionConfig c = copy(); c.lookbackBuckets = v; return c; }
    public DetectionConfig withCommonThreshold(double v) { DetectionConfig c = copy(); c.commonThreshold = v; return c; }
    public DetectionConfig withBucketMillis(long v) { DetectionConfig c = copy(); c.bucketMillis = v; return c; }
    public DetectionConfig withDetectFromMillis(long v) { DetectionConfig c = copy(); c.detectFromMillis = v; return c; }
    public DetectionConfig withFlowBeforeLookupMillis(long v) { DetectionConfig c = copy(); c.flowBeforeLookupMillis = v; return c; }
    public DetectionConfig withFlowAfterLookupMillis(long v) { DetectionConfig c = copy(); c.flowAfterLookupMillis = v; return c; }
    public DetectionConfig withMaxOutOfOrdernessMillis(long v) { DetectionConfig c = copy(); c.maxOutOfOrdernessMillis = v; return c; }
    public DetectionConfig withIdleTimeoutMillis(long v) { DetectionConfig c = copy(); c.idleTimeoutMillis = v; return c; }
    public DetectionConfig withPublicSuffixListPath(String v) { DetectionConfig c = copy(); c.publicSuffixListPath = v; return c; }

    public DetectionConfig withTxtQueryCount(int v) { DetectionConfig c = copy(); c.txtQueryCount = v; return c; }
    public DetectionConfig withTxtSpanMillis(long v) { DetectionConfig c = copy(); c.txtSpanMillis = v; return c; }
    public DetectionConfig withTxtSuppressionMillis(long v) { DetectionConfig c = copy(); c.txtSuppressionMillis = v; return c; }
    public DetectionConfig withTxtEventIds(int... v) { DetectionConfig c = copy(); c.txtEventIds = v.clone(); return c; }

    public DetectionConfig withHighSentBytes(long v) { DetectionConfig c = copy(); c.highSentBytes = v; return c; }
    public DetectionConfig withMediumSentBytes(long v) { DetectionConfig c = copy(); c.mediumSentBytes = v; return c; }
    public DetectionConfig withUploadSentBytes(long v) { DetectionConfig c = copy(); c.uploadSentBytes = v; return c; }
    public DetectionConfig withUploadRatio(double v) { DetectionConfig c = copy(); c.uploadRatio = v; return c; }
    public DetectionConfig withMinSeverity(dev.dnshunter.alert.Severity v) { DetectionConfig c = copy(); c.minSeverity = v; return c; }

    public long highSentBytes() { return highSentBytes; }
    public long mediumSentBytes() { return mediumSentBytes; }
    public long uploadSentBytes() { return uploadSentBytes; }
    public double uploadRatio() { return uploadRatio; }
    public dev.dnshunter.alert.Severity minSeverity() { return minSeverity; }
    public DetectionConfig withMaxLookupsPerPair(int v) { DetectionConfig c = copy(); c.maxLookupsPerPair = v; return c; }
    public DetectionConfig withMaxFlowsPerWindow(int v) { DetectionConfig c = copy(); c.maxFlowsPerWindow = v; return c; }
    public DetectionConfig withMaxTxtPerSpan(int v) { DetectionConfig c = copy(); c.maxTxtPerSpan = v; return c; }

    public int maxLookupsPerPair() { return maxLookupsPerPair; }
    public int maxFlowsPerWindow() { return maxFlowsPerWindow; }
    public int maxTxtPerSpan() { return maxTxtPerSpan; }
    public DetectionConfig withMaxFutureMillis(long v) { DetectionConfig c = copy(); c.maxFutureMillis = v; return c; }
    public DetectionConfig withMaxRecordBytes(int v) { DetectionConfig c = copy(); c.maxRecordBytes = v; return c; }
    public DetectionConfig withCsvTimeZone(String v) { DetectionConfig c = copy(); c.csvTimeZone = v; return c; }

    /** @param names the rules to run, by their alerts' {@code rule} value; null for every rule */
    public DetectionConfig withEnabledRules(java.util.Collection<String> names) {
        DetectionConfig c = copy();
        c.enabledRules = names == null ? null : new java.util.TreeSet<>(names).toArray(new String[0]);
        return c;
    }

    /** DnsTunnelingSubdomains' section. */
    public dev.dnshunter.rules.tunnelsubdomains.TunnelParams tunnel() { return tunnel; }
    /** DnsNxdomainBurst's section. */
    public dev.dnshunter.rules.nxdomainburst.NxdomainParams nxdomain() { return nxdomain; }
    public DetectionConfig withNxdomain(dev.dnshunter.rules.nxdomainburst.NxdomainParams v) { DetectionConfig c = copy(); c.nxdomain = java.util.Objects.requireNonNull(v); return c; }
    public DetectionConfig withTunnel(dev.dnshunter.rules.tunnelsubdomains.TunnelParams v) { DetectionConfig c = copy(); c.tunnel = java.util.Objects.requireNonNull(v); return c; }
    /** DnsExfiltrationVolume's section. */
    public dev.dnshunter.rules.exfilvolume.ExfilParams exfil() { return exfil; }
    public DetectionConfig withExfil(dev.dnshunter.rules.exfilvolume.ExfilParams v) { DetectionConfig c = copy(); c.exfil = java.util.Objects.requireNonNull(v); return c; }

    /** The names of the rules that run; null when every rule does. */
    public java.util.List<String> enabledRules() { return enabledRules == null ? null : java.util.List.of(enabledRules); }

    /** Negative when the event-time guard is off. */
    public long maxFutureMillis() { return maxFutureMillis; }
    public int maxRecordBytes() { return maxRecordBytes; }
    public DetectionConfig withAlertFormat(AlertFormat v) { DetectionConfig c = copy(); c.alertFormat = v; return c; }
    public AlertFormat alertFormat() { return alertFormat; }

    public int txtQueryCount() { return txtQueryCount; }
    public long txtSpanMillis() { return txtSpanMillis; }
    public long txtSuppressionMillis() { return txtSuppressionMillis; }
    public int[] txtEventIds() { return txtEventIds.clone(); }

    public DetectionMode mode() { return mode; }
    public String csvTimeZone() { return csvTimeZone; }
    public boolean kqlCompatible() { return mode == DetectionMode.KQL_COMPATIBLE; }
    public int lookbackBuckets() { return lookbackBuckets; }
    public double commonThreshold() { return commonThreshold; }
    public long bucketMillis() { return bucketMillis; }
    public long detectFromMillis() { return detectFromMillis; }
    public long flowBeforeLookupMillis() { return flowBeforeLookupMillis; }
    public long flowAfterLookupMillis() { return flowAfterLookupMillis; }
    public long alertWindowMillis() { return alertWindowMillis; }
    public long maxOutOfOrdernessMillis() { return maxOutOfOrdernessMillis; }
    public long idleTimeoutMillis() { return idleTimeoutMillis; }
    public String publicSuffixListPath() { return publicSuffixListPath; }

    /** Index of the UTC-aligned bucket (day by default) that holds the instant. */
    public long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    public long bucketStart(long bucket) {
        return bucket * bucketMillis;
    }

    public long alertWindowStart(long epochMillis) {
        return Math.floorDiv(epochMillis, alertWindowMillis) * alertWindowMillis;
    }

    /**
     * Whether a domain with {@code baselineCount} lookups over the lookback is rare on the bucket that follows.
     * Compared exactly (count against threshold times days), so 147 lookups over 7 days is an average of exactly 21.
     */
    public boolean isRare(long baselineCount) {
        if (kqlCompatible()) {
            // The query's inner join drops domains absent from the lookback, and its average is an integer division.
            if (baselineCount == 0) return false;
            return !((double) (baselineCount / lookbackBuckets) > commonThreshold);
        }
        Long limit = rareLimit;
        if (limit == null) rareLimit = limit = rareLimit(commonThreshold, lookbackBuckets);
        return baselineCount <= limit;
    }

    /**
     * The largest rare count: an integer count is above threshold times days exactly when it is above the product's
     * floor. The product is taken in decimal, of the threshold's shortest decimal spelling, so that 21 × 7 is 147
     * and 0.1 × 3 is 0.3, not the binary values' product. Worked out once per configuration: the default mode's
     * backfill asks once per lookup, and without the decimal arithmetic per call its CPU fell to 0.91×.
     */
    static long rareLimit(double threshold, int lookbackBuckets) {
        java.math.BigDecimal product = java.math.BigDecimal.valueOf(threshold).multiply(java.math.BigDecimal.valueOf(lookbackBuckets));
        java.math.BigDecimal floor = product.setScale(0, java.math.RoundingMode.FLOOR);
        if (floor.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) return Long.MAX_VALUE;
        if (floor.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) <= 0) return Long.MIN_VALUE;
        return floor.longValueExact();
    }

    /**
     * Whether a domain known to have at least {@code lowerBound} lookups over the lookback cannot be rare, whatever
     * its full count: {@link #isRare} is false for it and for every larger count.
     */
    public boolean cannotBeRare(long lowerBound) {
        return lowerBound > 0 && !isRare(lowerBound);
    }

    /** Throws IllegalArgumentException naming the setting when a value cannot work. */
    public DetectionConfig validate() {
        if (lookbackBuckets < 1) throw new IllegalArgumentException("--lookback-days must be at least 1, got " + lookbackBuckets);
        if (!(commonThreshold >= 0) || Double.isInfinite(commonThreshold)) throw new IllegalArgumentException("--threshold must be a non-negative number, got " + commonThreshold);
        if (bucketMillis < 1) throw new IllegalArgumentException("--bucket must be positive");
        if (flowBeforeLookupMillis < 0) throw new IllegalArgumentException("--flow-before-lookup must not be negative");
        if (flowAfterLookupMillis < 0) throw new IllegalArgumentException("--flow-after-lookup must not be negative");
        if (maxOutOfOrdernessMillis < 0) throw new IllegalArgumentException("--max-out-of-orderness must not be negative");
        if (idleTimeoutMillis < 1) throw new IllegalArgumentException("--idle-timeout must be positive");
        if (txtQueryCount < 2) throw new IllegalArgumentException("--txt-count must be at least 2, got " + txtQueryCount);
        if (txtSpanMillis < 1) throw new IllegalArgumentException("--txt-span must be positive");
        if (txtSuppressionMillis < 0) throw new IllegalArgumentException("--txt-suppression must not be negative");
        if (maxRecordBytes < MIN_RECORD_BYTES) throw new IllegalArgumentException("--max-record-bytes must be at least " + MIN_RECORD_BYTES + ", got " + maxRecordBytes);
        if (txtEventIds.length == 0) throw new IllegalArgumentException("--txt-event-ids needs at least one id");
        if (highSentBytes < 0) throw new IllegalArgumentException("--high-sent-bytes must not be negative, got " + highSentBytes);
        if (mediumSentBytes < 0) throw new IllegalArgumentException("--medium-sent-bytes must not be negative, got " + mediumSentBytes);
        if (mediumSentBytes > highSentBytes) {
            throw new IllegalArgumentException("--medium-sent-bytes (" + mediumSentBytes + ") must not exceed --high-sent-bytes (" + highSentBytes + ")");
        }
        if (uploadSentBytes < 0) throw new IllegalArgumentException("--upload-sent-bytes must not be negative, got " + uploadSentBytes);
        if (!(uploadRatio >= 0) || Double.isInfinite(uploadRatio)) throw new IllegalArgumentException("--upload-ratio must be a non-negative number, got " + uploadRatio);
        if (minSeverity == null) throw new IllegalArgumentException("--min-severity must be low, medium or high");
        if (maxLookupsPerPair < 1) throw new IllegalArgumentException("--max-lookups-per-pair must be at least 1, got " + maxLookupsPerPair);
        if (maxFlowsPerWindow < 1) throw new IllegalArgumentException("--max-flows-per-window must be at least 1, got " + maxFlowsPerWindow);
        if (maxTxtPerSpan < txtQueryCount) throw new IllegalArgumentException("--max-txt-per-span must be at least --txt-count (" + txtQueryCount + "), got " + maxTxtPerSpan);
        if (alertFormat == null) throw new IllegalArgumentException("--alert-format must be native, ocsf or ecs");
        return this;
    }

    @Override
    public String toString() {
        return "mode=" + mode + " lookbackBuckets=" + lookbackBuckets + " threshold=" + commonThreshold
                + " bucket=" + Duration.ofMillis(bucketMillis) + " detectFrom=" + (detectFromMillis == Long.MIN_VALUE ? "start" : java.time.Instant.ofEpochMilli(detectFromMillis))
                + " flowBeforeLookup=" + Duration.ofMillis(flowBeforeLookupMillis) + " flowAfterLookup=" + Duration.ofMillis(flowAfterLookupMillis)
                + " maxOutOfOrderness=" + Duration.ofMillis(maxOutOfOrdernessMillis) + " idleTimeout=" + Duration.ofMillis(idleTimeoutMillis)
                + (publicSuffixListPath == null ? "" : " publicSuffixList=" + publicSuffixListPath)
                + " txtCount=" + txtQueryCount + " txtSpan=" + Duration.ofMillis(txtSpanMillis)
                + " txtSuppression=" + Duration.ofMillis(txtSuppressionMillis) + " txtEventIds=" + java.util.Arrays.toString(txtEventIds)
                + " highSentBytes=" + highSentBytes + " mediumSentBytes=" + mediumSentBytes + " uploadSentBytes=" + uploadSentBytes
                + " uploadRatio=" + uploadRatio + " minSeverity=" + minSeverity.label()

                + " maxLookupsPerPair=" + maxLookupsPerPair + " maxFlowsPerWindow=" + maxFlowsPerWindow + " maxTxtPerSpan=" + maxTxtPerSpan

                + " maxFuture=" + (maxFutureMillis < 0 ? "off" : Duration.ofMillis(maxFutureMillis)) + " maxRecordBytes=" + maxRecordBytes
                + " tunnel=" + tunnel + " nxdomain=" + nxdomain + " exfil=" + exfil + " rules=" + (enabledRules == null ? "all" : String.join(",", enabledRules))

                // Named only when not the default, so a native run prints what it always printed.
                + (alertFormat == AlertFormat.NATIVE ? "" : " alertFormat=" + alertFormat.id())

                + (csvTimeZone == null ? "" : " csvTimeZone=" + csvTimeZone);
    }
}
