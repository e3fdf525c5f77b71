package dev.dnshunter.generate;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.PublicSuffixList;
import dev.dnshunter.rare.LookupEvidence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rare-DNS-lookup-with-data-transfer rule computed the plain way, over everything in memory at once.
 *
 * <p>This is the oracle the streaming job is checked against, so every step mirrors one numbered point of the
 * specification and nothing is clever: no state expiry, no watermarks, no incremental aggregation. The only
 * concession to speed is indexing rare lookups by (client, address), which is how the rule joins anyway.
 */
public final class ReferenceDetector {

    /** Alerts come out in this order so that two runs, or the oracle and the job, can be compared line by line. */
    public static final Comparator<RareDnsAlert> ALERT_ORDER = Comparator
            .comparingLong((RareDnsAlert a) -> a.windowStart)
            .thenComparing(a -> a.clientIp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(a -> a.domain, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(a -> a.destinationIp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(a -> a.destinationPort)
            .thenComparing(a -> a.dataType, Comparator.nullsFirst(Comparator.naturalOrder()));

    private ReferenceDetector() {}

    /**
     * A qualifying lookup. {@code row} is its position among the qualifying lookups, so that two identical DnsEvents
     * rows stay two lookups in sets and counts.
     */
    private record Lookup(int row, long time, String domain, String client, String ipAddresses, String name) {}

    private record ClientAddress(String client, String address) {}

    private record AlertKey(long windowStart, String client, String domain, String destination, int port,
                            String dataType) {}

    private static final class Aggregate {
        long sentBytes;
        long receivedBytes;
        long connectionCount;
        long firstFlowTime = Long.MAX_VALUE;
        long lastFlowTime = Long.MIN_VALUE;
        final Set<Lookup> lookups = new LinkedHashSet<>();
    }

    /** Lookups per (domain, bucket), and the lookback sum over them. */
    private static final class Baseline {
        private final Map<String, Map<Long, Long>> countsByDomain = new HashMap<>();
        private final int lookback;

        Baseline(List<Lookup> lookups, DetectionConfig config) {
            this.lookback = config.lookbackBuckets();
            for (Lookup l : lookups) {
                countsByDomain.computeIfAbsent(l.domain(), d -> new HashMap<>())
                        .merge(config.bucketOf(l.time()), 1L, Long::sum);
            }
        }

        /** Lookups of {@code domain} by all clients in buckets {@code bucket - lookback} to {@code bucket - 1}. */
        long count(String domain, long bucket) {
            Map<Long, Long> counts = countsByDomain.getOrDefault(domain, Map.of());
            long sum = 0;
            for (long b = bucket - lookback; b < bucket; b++) {
                sum += counts.getOrDefault(b, 0L);
            }
            return sum;
        }
    }

    /** The alerts of the rule over the given events, in {@link #ALERT_ORDER}. */
    public static List<RareDnsAlert> detect(List<DnsEvent> dnsEvents, List<Flow> flows, DetectionConfig config,
                                            DomainRules domains) {
        DetectionMode mode = config.mode();

        // Points 1 and 2: lookups that returned any answer, each row on its own, with its domain.
        // The caches only save recomputing the same pure function for the same text.
        Map<String, String> domainOfName = new HashMap<>();
        Map<String, String> canonicalClient = new HashMap<>();
        List<Lookup> lookups = new ArrayList<>();
        for (DnsEvent e : dnsEvents) {
            if (e.ipAddresses == null || e.ipAddresses.trim().isEmpty()) continue;
            String domain = e.name == null ? domains.domainOf(null) : domainOfName.computeIfAbsent(e.name, domains::domainOf);
            String client = e.clientIp == null ? null : canonicalClient.computeIfAbsent(e.clientIp, AddressRules::canonicalOrRaw);
            lookups.add(new Lookup(lookups.size(), e.time, domain, client, e.ipAddresses, e.name));
        }

        // Point 3.
        Baseline baseline = new Baseline(lookups, config);

        // Points 4 and 5: rare lookups, found by the client and each public address they resolved to.
        Map<ClientAddress, List<Lookup>> rareLookups = new HashMap<>();
        for (Lookup l : lookups) {
            if (l.time() < config.detectFromMillis()) continue;
            if (!config.isRare(baseline.count(l.domain(), config.bucketOf(l.time())))) continue;
            for (String address : AddressRules.publicAddresses(l.ipAddresses(), mode)) {
                rareLookups.computeIfAbsent(new ClientAddress(l.client(), address), k -> new ArrayList<>()).add(l);
            }
        }

        // Points 6, 7 and 8: each counted flow, once per domain that has a matching rare lookup.
        Map<AlertKey, Aggregate> aggregates = new HashMap<>();
        for (Flow f : flows) {
            String destination = AddressRules.publicCanonicalOrNull(f.destinationIp, mode);
            if (destination == null) continue;
            String source = AddressRules.canonicalOrRaw(f.sourceIp);
            Map<String, List<Lookup>> matchesByDomain = new TreeMap<>();
            for (Lookup l : rareLookups.getOrDefault(new ClientAddress(source, destination), List.of())) {
                if (l.time() - config.flowBeforeLookupMillis() <= f.time
                        && f.time <= l.time() + config.flowAfterLookupMillis()) {
                    matchesByDomain.computeIfAbsent(l.domain(), d -> new ArrayList<>()).add(l);
                }
            }
            long windowStart = config.alertWindowStart(f.time);
            for (Map.Entry<String, List<Lookup>> match : matchesByDomain.entrySet()) {
                AlertKey key = new AlertKey(windowStart, source, match.getKey(), destination, f.destinationPort,
                        f.dataType);
                Aggregate a = aggregates.computeIfAbsent(key, k -> new Aggregate());
                a.sentBytes += f.sentBytes;
                a.receivedBytes += f.receivedBytes;
                a.connectionCount++;
                a.firstFlowTime = Math.min(a.firstFlowTime, f.time);
                a.lastFlowTime = Math.max(a.lastFlowTime, f.time);
                a.lookups.addAll(match.getValue());
            }
        }

        List<RareDnsAlert> alerts = new ArrayList<>(aggregates.size());
        for (Map.Entry<AlertKey, Aggregate> e : aggregates.entrySet()) {
            AlertKey k = e.getKey();
            Aggregate a = e.getValue();
            RareDnsAlert alert = new RareDnsAlert();
            alert.windowStart = k.windowStart();
            alert.windowEnd = k.windowStart() + config.alertWindowMillis();
            alert.clientIp = k.client();
            alert.domain = k.domain();
            alert.destinationIp = k.destination();
            alert.destinationPort = k.port();
            alert.dataType = k.dataType();
            alert.sentBytes = a.sentBytes;
            alert.receivedBytes = a.receivedBytes;
            alert.connectionCount = a.connectionCount;
            alert.lookupCount = a.lookups.size();
            alert.firstLookupTime = a.lookups.stream().mapToLong(Lookup::time).min().orElseThrow();
            alert.lastLookupTime = a.lookups.stream().mapToLong(Lookup::time).max().orElseThrow();
            // The window's bucket, not the lookup's: the alert reports rarity as of the day the data moved.
            alert.baselineCount = baseline.count(k.domain(), config.bucketOf(k.windowStart()));
            alert.lookbackBuckets = config.lookbackBuckets();
            alert.integerAverage = config.kqlCompatible();
            alert.severity = severity(a.sentBytes, a.receivedBytes, config);
            evidence(alert, a);
            alerts.add(alert);
        }
        alerts.sort(ALERT_ORDER);
        return alerts;
    }

    /**
     * The evidence of the specification (issue 15): the matched lookups, each with its name and answers as the log
     * wrote them (answers split at commas, trimmed, blanks dropped), in order of time, then name, then answers; the
     * first 10 listed, the rest counted; at most 10 answers a lookup, the rest counted; every name and answer longer
     * than 256 characters cut to 256 (255 rather than split a surrogate pair) and marked; the flows' first and last
     * time.
     */
    private static void evidence(RareDnsAlert alert, Aggregate a) {
        List<LookupEvidence> all = new ArrayList<>();
        for (Lookup l : a.lookups) {
            List<String> answers = new ArrayList<>();
            for (String part : l.ipAddresses().split(",", -1)) {
                if (!part.trim().isEmpty()) answers.add(part.trim());
            }
            int listed = Math.min(10, answers.size());
            String[] kept = new String[listed];
            for (int i = 0; i < listed; i++) kept[i] = bounded(answers.get(i));
            all.add(new LookupEvidence(l.time(), bounded(l.name()), kept, answers.size() - listed));
        }
        all.sort(Comparator.comparingLong((LookupEvidence e) -> e.time).thenComparing(e -> e.name, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(e -> String.join(",", e.answers)).thenComparingInt(e -> e.answersOmitted));
        alert.lookups = all.subList(0, Math.min(10, all.size())).toArray(new LookupEvidence[0]);
        alert.lookupsOmitted = all.size() - alert.lookups.length;
        alert.firstFlowTime = a.firstFlowTime;
        alert.lastFlowTime = a.lastFlowTime;
    }

    private static String bounded(String text) {
        if (text == null || text.length() <= 256) return text;
        int end = Character.isHighSurrogate(text.charAt(255)) ? 255 : 256;
        return text.substring(0, end) + "...[truncated]";
    }

    /**
     * The severity model of the specification, written out again here on purpose (the job's is RareSeverity): High
     * from {@code highSentBytes} sent; Medium from {@code mediumSentBytes}, or from {@code uploadSentBytes} when the
     * client sent at least {@code uploadRatio} times what it received; Low otherwise. Bounds inclusive.
     */
    static Severity severity(long sent, long received, DetectionConfig config) {
        if (sent >= config.highSentBytes()) return Severity.HIGH;
        if (sent >= config.mediumSentBytes()) return Severity.MEDIUM;
        boolean upload = new BigDecimal(sent).compareTo(new BigDecimal(Double.toString(config.uploadRatio())).multiply(new BigDecimal(received))) >= 0;
        if (sent >= config.uploadSentBytes() && upload) return Severity.MEDIUM;
        return Severity.LOW;
    }

    /**
     * The alerts over JSON-lines exports (plain or gzip, a file or a directory of files; a null path is an absent
     * input). Rows the parsers reject or skip are left out, as the job dead-letters or ignores them.
     */
    public static List<RareDnsAlert> detectFiles(Path dnsEvents, Path firewallEvents, Path vmConnections,
                                                 DetectionConfig config) {
        List<DnsEvent> dns = new ArrayList<>();
        for (DnsQuery q : read(dnsEvents, new DnsEventParser())) dns.add(asDnsEvent(q));
        List<NetworkFlow> read = new ArrayList<>(read(firewallEvents, new FirewallEventParser()));
        read.addAll(read(vmConnections, new VmConnectionParser()));
        List<Flow> flows = new ArrayList<>();
        for (NetworkFlow f : read) {
            if (f.outbound) {
                flows.add(new Flow(f.time, f.sourceAddress, f.destinationAddress, f.destinationPort, f.bytesFromClient,
                        f.bytesToClient, f.dataType));
            }
        }
        return detect(dns, flows, config, domainRules(config));
    }

    /** A DNS query in the DnsEvents row shape this reference reads (only LookupQuery rows become queries). */
    static DnsEvent asDnsEvent(DnsQuery q) {
        return new DnsEvent(q.time, DnsEventParser.LOOKUP_QUERY, q.clientAddress, q.name, q.addresses,
                q.queryType == DnsQuery.ABSENT ? null : Integer.toString(q.queryType), q.clientHost);
    }

    /** The domain rule the job would use with this configuration. */
    public static DomainRules domainRules(DetectionConfig config) {
        try {
            PublicSuffixList list = config.publicSuffixListPath() == null
                    ? PublicSuffixList.bundled()
                    : PublicSuffixList.load(Path.of(config.publicSuffixListPath()));
            return new DomainRules(list, config.mode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records a parser makes of an input, without the lines it rejects or skips; null is an absent input. */
    static <T> List<T> read(Path input, LineParser<T> parser) {
        List<T> records = new ArrayList<>();
        if (input == null) return records;
        JsonLines.forEachLine(input, line -> {
            try {
                T record = parser.parse(line);
                if (record != null) records.add(record);
            } catch (BadRecordException e) {
                // The job sends these to the dead-letter output; they take no part in detection.
            }
        });
        return records;
    }
}
