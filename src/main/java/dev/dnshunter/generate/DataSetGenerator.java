package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Times;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.generate.Catalog.Client;
import dev.dnshunter.generate.Catalog.Site;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes a synthetic but realistic data set in the four Log Analytics export formats the job reads, with its ground
 * truth: the alerts {@link ReferenceDetector} and {@link ReferenceTxtDetector} find in it, and the exfiltrations and
 * TXT bursts that were planted on purpose.
 *
 * <p>Everything is drawn from streams split off one seeded generator, so a seed and options always give byte-identical
 * files. Benign traffic is shaped to exercise the rule's edges: Zipf-distributed domain popularity (a common head and
 * a rare tail), multi-label public suffixes, S3 buckets, case and trailing-dot variants, private and sinkholed answers,
 * empty answers, non-lookup rows, flows right on the correlation bounds, shared CDN addresses, rows the parsers must
 * skip, and a few lines they must reject. The Windows DNS client events add the TXT rule's traps: the completion and
 * response events logged for every query, other query types (160 among them), a mail server's steady SPF/DKIM/DMARC
 * lookups, near misses on the burst size and span, and computer names in mixed case.
 */
public final class DataSetGenerator {
    /** Days of history before detection starts, when the data set is long enough to have them. */
    public static final int BASELINE_DAYS = 7;
    /** Each kind of bad line appears this many times in each input file. */
    static final int BAD_LINES_PER_KIND = 2;
    static final int BAD_LINES_PER_FILE = 3 * BAD_LINES_PER_KIND;
    /** The client events also carry descriptions an agent cut short, which the parser cannot read. */
    static final int BAD_DNS_CLIENT_EVENT_LINES = BAD_LINES_PER_FILE + 2;

    public static final String DNS_EVENTS_DIR = "dns-events";
    public static final String FIREWALL_EVENTS_DIR = "firewall-events";
    public static final String VM_CONNECTIONS_DIR = "vm-connections";
    public static final String DNS_CLIENT_EVENTS_DIR = "dns-client-events";
    public static final String EXPECTED_ALERTS = "expected-alerts.jsonl";
    public static final String INJECTED = "injected.jsonl";
    public static final String DATA_SET = "dataset.json";

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = DetectionConfig.HOUR;
    private static final long DAY = DetectionConfig.DAY;
    /** The default attribution bounds, which some benign flows sit exactly on. */
    static final long BEFORE_LOOKUP = DetectionConfig.defaults().flowBeforeLookupMillis();
    static final long AFTER_LOOKUP = DetectionConfig.defaults().flowAfterLookupMillis();
    /** Rows are written this far out of time order at most, as an export of several agents interleaves them. */
    private static final long MAX_JITTER = MINUTE;
    /** Relative chance that a lookup of a tail site leads to a connection, against 1 for a popular site. */
    private static final double TAIL_FLOW_WEIGHT = 0.2;
    static final double[] HOURLY_WEIGHTS = {
        0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.6, 1.0, 1.6, 2.0, 2.0, 1.9, 1.6, 1.8, 2.0, 1.9, 1.7, 1.3, 0.9, 0.6, 0.5,
        0.4, 0.3, 0.25
    };
    static final String[] DNS_SERVERS = {"DC01.corp.contoso.com", "DC02.corp.contoso.com"};
    static final String[] FIREWALLS = {"PA-EDGE-01", "PA-EDGE-02"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One planted exfiltration: a host resolves a never-seen name and moves megabytes to its address within the hour.
     * {@code client} and {@code destinationIp} are in canonical form, as alerts carry them.
     */
    public record Injected(String client, String domain, String name, String destinationIp, int destinationPort,
                           String dataType, long lookupTime, long firstFlowTime, int flows, long sentBytes) {}

    /**
     * One planted burst of TXT queries (DNSlivery-style payload delivery), as the DnsTxtTunneling rule keys it:
     * {@code host} is the lowercased computer name for {@link TxtQuery#DNS_CLIENT_EVENTS} and the canonical client
     * address for {@link TxtQuery#DNS_EVENTS}. {@code name} is the burst's first query. {@code suppressed} bursts
     * come within the suppression period of an earlier alerting burst of the same host, so no alert is expected.
     */
    public record InjectedTxt(String source, String host, String name, String registeredDomain, long firstQueryTime,
                              long lastQueryTime, int queries, boolean suppressed) {}

    /**
     * What was written. Line counts include the bad lines; {@code detectFromMillis} is {@link Long#MIN_VALUE} when the
     * expected alerts were detected from the start (it never limits the TXT rule). {@code expectedAlerts} counts the
     * lines of the expected-alerts file, both rules; {@code expectedTxtAlerts} is the DnsTxtTunneling share of them.
     */
    public record Summary(GeneratorOptions options, long detectFromMillis,
                          Path dnsEventsFile, Path firewallEventsFile, Path vmConnectionsFile, Path dnsClientEventsFile,
                          Path expectedAlertsFile, Path injectedFile, Path dataSetFile,
                          long dnsEventLines, long firewallEventLines, long vmConnectionLines, long dnsClientEventLines,
                          int badDnsEventLines, int badFirewallEventLines, int badVmConnectionLines,
                          int badDnsClientEventLines,
                          List<Injected> injected, List<InjectedTxt> injectedTxt, int expectedAlerts,
                          int expectedTxtAlerts) {

        /** The configuration the expected alerts were computed with. */
        public DetectionConfig detectionConfig() {
            return DetectionConfig.defaults().withDetectFromMillis(detectFromMillis);
        }
    }

    private record Row(long time, int seq, String json) {}

    /** A planted TXT burst with all its query times, before the suppression it meets is worked out. */
    private record PlantedBurst(String source, String host, String name, String registeredDomain, long[] times) {}

    private final GeneratorOptions options;
    private final Catalog catalog;
    private final SplittableRandom rng;
    private final List<Row> dnsRows = new ArrayList<>();
    private final List<Row> firewallRows = new ArrayList<>();
    private final List<Row> vmRows = new ArrayList<>();
    private final List<Row> clientRows = new ArrayList<>();
    private final List<PlantedBurst> plantedTxt = new ArrayList<>();
    /** Computer names of the Windows hosts whose DNS client events are collected, as their agents report them. */
    private final List<String> windowsHosts = new ArrayList<>();
    private double[] cumulativeWindowsActivity;
    private final DomainRules domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
    /** Mean connections for a lookup of a popular site; a tail site gets {@link #TAIL_FLOW_WEIGHT} of it. */
    private final double popularFlowMean;

    private DataSetGenerator(GeneratorOptions options) {
        this.options = options;
        SplittableRandom root = new SplittableRandom(options.seed());
        this.catalog = new Catalog(options.clients(), root.split());
        this.rng = root.split();
        double p = catalog.popularShare();
        this.popularFlowMean = options.flowsPerLookup() / (p + (1 - p) * TAIL_FLOW_WEIGHT);
    }

    /**
     * Writes the data set into {@code options.outDir()}, replacing an earlier one there (plain or gzip).
     *
     * @throws IllegalStateException if a planted exfiltration is missing from the expected alerts, or a planted DNS
     *     client TXT burst is not alerted (or, inside the suppression period, is), which would make the data set useless
     *     as a test of detection
     */
    public static Summary generate(GeneratorOptions options) {
        try {
            return new DataSetGenerator(options).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the expected alerts start: after the baseline week if there is one, else from the first event. */
    public static long detectFromMillis(GeneratorOptions options) {
        return options.days() > BASELINE_DAYS ? options.startMillis() + BASELINE_DAYS * DAY : Long.MIN_VALUE;
    }

    private Summary run() throws IOException {
        for (int day = 0; day < options.days(); day++) benignDay(day);
        long detectFrom = detectFromMillis(options);
        List<Injected> injected = injectExfiltrations(detectFrom);

        Path out = options.outDir();
        Files.createDirectories(out);
        String ext = options.gzip() ? ".jsonl.gz" : ".jsonl";
        Path dnsFile = out.resolve(DNS_EVENTS_DIR).resolve("part-0" + ext);
        Path firewallFile = out.resolve(FIREWALL_EVENTS_DIR).resolve("part-0" + ext);
        Path vmFile = out.resolve(VM_CONNECTIONS_DIR).resolve("part-0" + ext);
        // A part-0 of the other compression left by an earlier run would be read as a second copy of the input.
        for (Path file : List.of(dnsFile, firewallFile, vmFile)) {
            Files.deleteIfExists(file.resolveSibling("part-0.jsonl"));
            Files.deleteIfExists(file.resolveSibling("part-0.jsonl.gz"));
        }
        long dnsLines = writeInput(dnsFile, dnsRows, badLines(this::badDnsRow));
        long firewallLines = writeInput(firewallFile, firewallRows, badLines(this::badFirewallRow));
        long vmLines = writeInput(vmFile, vmRows, badLines(this::badVmRow));
        // Generated after everything above, from streams split off later, so the other three inputs are the same
        // with or without it.
        Path clientFile = out.resolve(DNS_CLIENT_EVENTS_DIR).resolve("part-0" + ext);
        Files.deleteIfExists(clientFile.resolveSibling("part-0.jsonl"));
        Files.deleteIfExists(clientFile.resolveSibling("part-0.jsonl.gz"));
        dnsClientEvents();
        long clientLines = writeInput(clientFile, clientRows, badClientLines());

        DetectionConfig config = DetectionConfig.defaults().withDetectFromMillis(detectFrom);
        List<RareDnsAlert> alerts = ReferenceDetector.detectFiles(dnsFile, firewallFile, vmFile, config);
        checkInjectedAreDetected(injected, alerts);
        List<DnsTxtAlert> txtAlerts = ReferenceTxtDetector.detectFiles(dnsFile, clientFile, config);
        List<InjectedTxt> injectedTxt = injectedTxt(config);
        checkInjectedTxtAreDetected(injectedTxt, txtAlerts);

        // One file for both rules, sorted as text: the order a job's output is compared in, whatever its parallelism.
        List<String> alertLines = new ArrayList<>(alerts.size() + txtAlerts.size());
        for (RareDnsAlert a : alerts) alertLines.add(AlertJson.toJson(a));
        for (DnsTxtAlert a : txtAlerts) alertLines.add(AlertJson.toJson(a));
        alertLines.sort(null);
        Path alertsFile = out.resolve(EXPECTED_ALERTS);
        try (Writer w = JsonLines.writer(alertsFile, false)) {
            for (String line : alertLines) w.write(line + "\n");
        }
        Path injectedFile = out.resolve(INJECTED);
        try (Writer w = JsonLines.writer(injectedFile, false)) {
            for (Injected i : injected) w.write(injectedJson(i) + "\n");
            for (InjectedTxt i : injectedTxt) w.write(injectedJson(i) + "\n");
        }
        Summary summary = new Summary(options, detectFrom, dnsFile, firewallFile, vmFile, clientFile, alertsFile,
                injectedFile, out.resolve(DATA_SET), dnsLines, firewallLines, vmLines, clientLines, BAD_LINES_PER_FILE,
                BAD_LINES_PER_FILE, BAD_LINES_PER_FILE, BAD_DNS_CLIENT_EVENT_LINES, List.copyOf(injected),
                List.copyOf(injectedTxt), alertLines.size(), txtAlerts.size());
        try (Writer w = JsonLines.writer(summary.dataSetFile(), false)) {
            w.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dataSetJson(summary)) + "\n");
        }
        return summary;
    }

    // ---------------------------------------------------------------- benign traffic

    private void benignDay(int day) {
        SplittableRandom r = rng.split();
        long dayStart = options.startMillis() + day * DAY;
        int lookups = options.lookupsPerDay();
        for (int i = 0; i < lookups; i++) {
            long t = dayStart + timeOfDay(r);
            Client c = catalog.randomClient(r);
            double kind = r.nextDouble();
            if (kind < 0.015) {
                otherSubType(c, t, r);
            } else if (kind < 0.025) {
                txtLookup(c, t, r);
            } else if (kind < 0.055) {
                unansweredLookup(c, t, r);
            } else if (kind < 0.065) {
                siteLookup(c, catalog.newFreshSite(), t, r);
            } else {
                Site site = catalog.randomSite(r);
                siteLookup(c, site, t, r);
                // A page pulling assets from a sister site on the same CDN address: one connection, two domains.
                Site sibling = site.popular() || r.nextDouble() >= 0.3 ? null : catalog.cdnSibling(site, r);
                if (sibling != null) siteLookup(c, sibling, t + r.nextLong(5 * SECOND), r);
            }
        }
        if (r.nextDouble() < 0.5) txtBurst(dayStart + timeOfDay(r), r);
        // Connections no lookup explains: east-west traffic and hard-coded public addresses.
        for (int i = 0; i < lookups / 50; i++) {
            Client c = catalog.randomClient(r);
            if (c.ipv6) continue;
            String destination = r.nextDouble() < 0.7 ? "10.0." + r.nextInt(8) + "." + (1 + r.nextInt(254))
                    : catalog.newPublicV4();
            flow(c, destination, dayStart + timeOfDay(r), r);
        }
    }

    private static long timeOfDay(SplittableRandom r) {
        double total = 0;
        for (double w : HOURLY_WEIGHTS) total += w;
        double x = r.nextDouble() * total;
        int hour = 0;
        while (hour < 23 && x >= HOURLY_WEIGHTS[hour]) x -= HOURLY_WEIGHTS[hour++];
        return hour * HOUR + r.nextLong(HOUR);
    }

    /** A LookupQuery of one of the site's names, and the connections that follow it. */
    private void siteLookup(Client c, Site site, long t, SplittableRandom r) {
        boolean aaaa = site.v6.length > 0 && r.nextDouble() < (c.ipv6 ? 0.7 : 0.1);
        List<String> answer = new ArrayList<>();
        if (aaaa) {
            rotated(site.v6, r, answer);
        } else {
            rotated(site.v4, r, answer);
            for (String a : site.nonPublic) answer.add(a);
        }
        String name = spelling(site.hosts[r.nextDouble() < 0.5 ? 0 : r.nextInt(site.hosts.length)], r);
        String ipAddresses = ipAddressesField(answer, r);
        ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, name, aaaa ? "AAAA" : "A", 256);
        if (r.nextDouble() < 0.01) row.put("QueryType", aaaa ? 28 : 1);
        row.put("IPAddresses", ipAddresses);
        row.put("ResultCode", 0);
        int ticks = r.nextInt(10_000);
        addRow(dnsRows, t, ticks, row);
        // A resolver logging the same answer twice: two identical rows are two lookups.
        if (r.nextDouble() < 0.003) addRow(dnsRows, t, ticks, row);

        List<String> targets = new ArrayList<>();
        for (String a : answer) {
            boolean v6 = a.indexOf(':') >= 0;
            if (v6 == c.ipv6 && !a.equals("0.0.0.0") && !a.equals("127.0.0.1")) targets.add(a);
        }
        if (targets.isEmpty()) return;
        double mean = popularFlowMean * (site.popular() ? 1.0 : TAIL_FLOW_WEIGHT);
        int flows = poisson(mean, r);
        for (int i = 0; i < flows; i++) flow(c, targets.get(r.nextInt(targets.size())), t + flowOffset(r), r);
    }

    /** Round-robin DNS: the answer starts anywhere in the address list and may hold only some of it. */
    private static void rotated(String[] addresses, SplittableRandom r, List<String> into) {
        if (addresses.length == 0) return;
        int first = r.nextInt(addresses.length);
        int count = 1 + r.nextInt(addresses.length);
        for (int i = 0; i < count; i++) into.add(addresses[(first + i) % addresses.length]);
    }

    /** How names look in real logs: now and then upper case or fully qualified with a trailing dot. */
    private static String spelling(String name, SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.01) return name.toUpperCase(Locale.ROOT);
        if (x < 0.02) return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        if (x < 0.035) return name + ".";
        return name;
    }

    private static String ipAddressesField(List<String> answer, SplittableRandom r) {
        List<String> parts = new ArrayList<>();
        for (String a : answer) parts.add(a.indexOf(':') >= 0 && r.nextDouble() < 0.2 ? a.toUpperCase(Locale.ROOT) : a);
        if (!parts.isEmpty() && r.nextDouble() < 0.03) parts.add(parts.get(0));
        return String.join(r.nextDouble() < 0.1 ? ", " : ",", parts);
    }

    /**
     * When a connection starts relative to its lookup: mostly within seconds, sometimes much later or just before,
     * and a few exactly on (or one millisecond past) the attribution bounds.
     */
    static long flowOffset(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.75) return 20 + r.nextLong(30 * SECOND);
        if (x < 0.87) return 30 * SECOND + r.nextLong(55 * MINUTE);
        if (x < 0.92) return -r.nextLong(BEFORE_LOOKUP);
        if (x < 0.98) return AFTER_LOOKUP + 1 + r.nextLong(3 * HOUR);
        if (x < 0.99) return -BEFORE_LOOKUP - 1 - r.nextLong(MINUTE);
        switch (r.nextInt(4)) {
            case 0: return -BEFORE_LOOKUP;
            case 1: return AFTER_LOOKUP;
            case 2: return -BEFORE_LOOKUP - 1;
            default: return AFTER_LOOKUP + 1;
        }
    }

    private void flow(Client c, String destination, long t, SplittableRandom r) {
        int port = port(r);
        long sent = Math.max(60, Math.min(50_000_000L, Math.round(1_500 * StrictMath.exp(1.4 * Catalog.Gaussian.next(r)))));
        long received = Math.max(0, Math.min(500_000_000L, Math.round(20_000 * StrictMath.exp(1.8 * Catalog.Gaussian.next(r)))));
        if (destination.indexOf(':') >= 0 && r.nextDouble() < 0.15) destination = destination.toUpperCase(Locale.ROOT);
        if (c.vm) {
            vmFlow(c, destination, port, sent, received, t, r);
            // Egress through the firewall logs the same connection again, as a second data type.
            if (r.nextDouble() < 0.3) firewallFlow(c, destination, port, sent, received, t + r.nextLong(2 * SECOND), r);
        } else {
            firewallFlow(c, destination, port, sent, received, t, r);
        }
    }

    /** A destination port with the mix of a corporate network: mostly HTTPS. Shared with {@link BenchDataWriter}. */
    static int port(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.85) return 443;
        if (x < 0.95) return 80;
        if (x < 0.97) return 8443;
        return new int[] {22, 993, 5223, 3478}[r.nextInt(4)];
    }

    private void firewallFlow(Client c, String destination, int port, long sent, long received, long t,
                              SplittableRandom r) {
        ObjectNode row = firewallRow(r, c.ip, destination, port, sent, received);
        addRow(firewallRows, t, r.nextInt(10_000), row);
        // Rows the rule must not count: other vendors, and Palo Alto's non-traffic logs about the same session.
        if (r.nextDouble() < 0.05) {
            ObjectNode other = row.deepCopy();
            switch (r.nextInt(3)) {
                case 0:
                    other.put("DeviceVendor", "Fortinet").put("DeviceProduct", "Fortigate")
                            .put("Activity", "traffic:forward accept");
                    break;
                case 1:
                    other.put("DeviceVendor", "Check Point").put("DeviceProduct", "VPN-1 & FireWall-1")
                            .put("Activity", "Accept");
                    break;
                default:
                    other.put("Activity", "THREAT").put("DeviceAction", "alert");
                    break;
            }
            addRow(firewallRows, t + r.nextLong(5 * SECOND), r.nextInt(10_000), other);
        }
    }

    private void vmFlow(Client c, String destination, int port, long sent, long received, long t,
                        SplittableRandom r) {
        String direction = r.nextDouble() < 0.01 ? "Outbound" : "outbound";
        addRow(vmRows, t, r.nextInt(10_000), vmRow(r, c, direction, c.ip, destination, port, sent, received));
        // The remote end talking back in: inbound rows are not the VM sending data out.
        if (r.nextDouble() < 0.08) {
            long back = t + r.nextLong(10 * MINUTE);
            addRow(vmRows, back, r.nextInt(10_000), vmRow(r, c, "inbound", destination, c.ip,
                    new int[] {443, 22, 3389}[r.nextInt(3)], received / 10, sent));
        }
    }

    /** Rows of other SubTypes; a Response carries answers that must still not count as a lookup. */
    private void otherSubType(Client c, long t, SplittableRandom r) {
        ObjectNode row;
        if (r.nextBoolean()) {
            Site site = catalog.randomSite(r);
            List<String> answer = new ArrayList<>();
            rotated(site.v4, r, answer);
            if (answer.isEmpty()) answer.add("10.0.0.10");
            row = dnsRow(r, "Response", c.dnsIp, site.hosts[0], "A", 257);
            row.put("IPAddresses", String.join(",", answer));
        } else {
            row = dnsRow(r, "DynamicRegistration", c.dnsIp, c.computer.toLowerCase(Locale.ROOT), "A", 519);
            row.put("IPAddresses", c.ip);
        }
        addRow(dnsRows, t, r.nextInt(10_000), row);
    }

    private void txtLookup(Client c, long t, SplittableRandom r) {
        Site site = catalog.randomSite(r);
        String[] prefixes = {"_dmarc.", "selector1._domainkey.", "", "_acme-challenge."};
        ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, prefixes[r.nextInt(prefixes.length)] + site.domain,
                "TXT", 256);
        row.put("ResultCode", 0);
        addRow(dnsRows, t, r.nextInt(10_000), row);
    }

    /** DNSlivery-style payload staging: a burst of TXT queries for numbered labels of one fresh domain. */
    private void txtBurst(long t, SplittableRandom r) {
        Client c = catalog.randomClient(r);
        String domain = catalog.newDomain("xyz");
        int n = 8 + r.nextInt(5);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long ti = t + i * (10 * SECOND + r.nextLong(10 * SECOND));
            times[i] = ti;
            ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, (i == 0 ? "print" : Integer.toString(i)) + "." + domain,
                    "TXT", 256);
            row.put("ResultCode", 0);
            addRow(dnsRows, ti, r.nextInt(10_000), row);
        }
        plantedTxt.add(new PlantedBurst(TxtQuery.DNS_EVENTS, AddressRules.canonicalOrRaw(c.dnsIp), "print." + domain,
                domains.domainOf(domain), times));
    }

    /** Lookups without a usable answer (NXDOMAIN, empty, blank): they must not count for the baseline. */
    private void unansweredLookup(Client c, long t, SplittableRandom r) {
        String name;
        double x = r.nextDouble();
        if (x < 0.4) {
            StringBuilder label = new StringBuilder();
            int len = 8 + r.nextInt(7);
            for (int i = 0; i < len; i++) label.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
            name = label + new String[] {".com", ".net", ".info", ".biz"}[r.nextInt(4)];
        } else if (x < 0.7) {
            name = new String[] {"wpad.corp.contoso.com", "isatap.corp.contoso.com", "_ldap._tcp.dc._msdcs.contoso.com"}[r.nextInt(3)];
        } else {
            Site site = catalog.randomSite(r);
            name = "wwww." + site.domain;
        }
        ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, name, "A", 256);
        double y = r.nextDouble();
        if (y < 0.45) {
            row.put("IPAddresses", "");
        } else if (y < 0.6) {
            row.put("IPAddresses", "  ");
        } else if (y < 0.7) {
            row.putNull("IPAddresses");
        }
        row.put("ResultCode", 3);
        addRow(dnsRows, t, r.nextInt(10_000), row);
    }

    static int poisson(double mean, SplittableRandom r) {
        double limit = StrictMath.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > limit) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }

    // ---------------------------------------------------------------- injected exfiltration

    private List<Injected> injectExfiltrations(long detectFrom) {
        SplittableRandom r = rng.split();
        DomainRules domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
        List<Client> hosts = new ArrayList<>();
        for (Client c : catalog.clients) if (c.vm && !c.ipv6) hosts.add(c);
        if (hosts.isEmpty()) for (Client c : catalog.clients) if (!c.ipv6) hosts.add(c);
        // Fisher-Yates, so the chosen hosts depend on the seed only.
        for (int i = hosts.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Client tmp = hosts.get(i);
            hosts.set(i, hosts.get(j));
            hosts.set(j, tmp);
        }
        long firstDay = options.startMillis() + (options.days() > BASELINE_DAYS ? BASELINE_DAYS : 0) * DAY;
        int detectionDays = options.days() - (options.days() > BASELINE_DAYS ? BASELINE_DAYS : 0);
        long detectStart = detectFrom == Long.MIN_VALUE ? options.startMillis() : detectFrom;

        List<Injected> injected = new ArrayList<>();
        int n = options.exfiltrations();
        for (int i = 0; i < n; i++) {
            Client c = hosts.get(i % hosts.size());
            String name = exfiltrationName(i, r);
            String address = catalog.newPublicV4();
            String dataType = i % 2 == 0 ? Flow.PALO_ALTO : Flow.VM_CONNECTION;
            int port = i % 4 == 3 ? 8443 : 443;

            long lookup;
            List<Long> flowTimes = new ArrayList<>();
            if (i == 0) {
                // Looked up ten minutes before midnight, used ten minutes after: the alert's window is on the next day.
                long midnight = Math.floorDiv(detectStart, DAY) * DAY + DAY;
                lookup = midnight - 10 * MINUTE + r.nextLong(30 * SECOND);
                for (long m : new long[] {10, 25, 40}) flowTimes.add(midnight + m * MINUTE + r.nextLong(30 * SECOND));
            } else {
                long day = firstDay + (long) i * detectionDays / n * DAY;
                lookup = day + (1 + r.nextInt(21)) * HOUR + r.nextLong(HOUR);
                int count = 3 + r.nextInt(2);
                for (int j = 0; j < count; j++) flowTimes.add(lookup + 2 * MINUTE + j * 12 * MINUTE + r.nextLong(MINUTE));
            }

            ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, name, "A", 256);
            row.put("IPAddresses", address);
            row.put("ResultCode", 0);
            addRow(dnsRows, lookup, r.nextInt(10_000), row);

            long total = 0;
            for (long ft : flowTimes) {
                long sent = 1_000_000L + r.nextLong(3_000_000L);
                long received = 2_000L + r.nextLong(20_000L);
                total += sent;
                if (dataType.equals(Flow.PALO_ALTO)) {
                    addRow(firewallRows, ft, r.nextInt(10_000), firewallRow(r, c.ip, address, port, sent, received));
                } else {
                    addRow(vmRows, ft, r.nextInt(10_000), vmRow(r, c, "outbound", c.ip, address, port, sent, received));
                }
            }
            injected.add(new Injected(AddressRules.canonicalOrRaw(c.ip), domains.domainOf(name), name,
                    AddressRules.canonicalOrRaw(address), port, dataType, lookup, flowTimes.get(0), flowTimes.size(),
                    total));
        }
        return injected;
    }

    /** Never-seen names of the kinds that hide well: a fresh domain, a fresh co.uk domain, a fresh S3 bucket. */
    private String exfiltrationName(int i, SplittableRandom r) {
        switch (i % 3) {
            case 0:
                return "upload." + catalog.newDomain(new String[] {"xyz", "top", "info", "net"}[r.nextInt(4)]);
            case 1:
                return "sync." + catalog.newDomain("co.uk");
            default:
                while (true) {
                    String bucket = "bucket" + (100_000 + r.nextInt(900_000)) + ".s3.amazonaws.com";
                    if (catalog.reserveDomain(bucket)) return bucket;
                }
        }
    }

    private static void checkInjectedAreDetected(List<Injected> injected, List<RareDnsAlert> alerts) {
        for (Injected i : injected) {
            long sent = 0;
            for (RareDnsAlert a : alerts) {
                if (a.clientIp.equals(i.client()) && a.domain.equals(i.domain()) && a.destinationIp.equals(i.destinationIp())
                        && a.destinationPort == i.destinationPort() && a.dataType.equals(i.dataType())) {
                    sent += a.sentBytes;
                }
            }
            if (sent != i.sentBytes()) {
                throw new IllegalStateException("injected exfiltration not fully detected (" + sent + " of "
                        + i.sentBytes() + " bytes): " + i);
            }
        }
    }

    // ---------------------------------------------------------------- Windows DNS client events

    static final String EVENT_TENANT = "5f0c3e1a-7d2b-4c1e-9a6f-2b8d4e6a1c30";
    static final String DNS_CLIENT_SOURCE = "Microsoft-Windows-DNS-Client";
    static final int QUERY_CALLED = 3006;
    static final int QUERY_COMPLETED = 3008;
    static final int QUERY_RESPONSE = 3020;
    private static final int A = 1;
    private static final int TXT = 16;
    static final String CALLED_TEXT = "DNS query is called for the name %s, type %d, query options %d, "
            + "Server List %s, isNetwork query 0, network index 0, interface index 0, is asynchronous query 0";
    static final String COMPLETED_TEXT = "DNS query is completed for the name %s, type %d, query options %d, "
            + "Query Status %d, Results %s";
    static final String RESPONSE_TEXT = "Query response for name %s, type %d, interface index 0 and network "
            + "index 0 returned %d with results %s";
    static final long[] QUERY_OPTIONS = {140737488355328L, 140738562228224L, 2251799813685248L, 1073766400L};
    static final String[] SERVER_LISTS = {"", "", "10.0.0.10;10.0.0.11", "192.168.1.1"};
    static final String[] SERVICES = {"Windows Update", "Windows Modules Installer", "BITS",
        "Microsoft Defender Antivirus Network Inspection Service", "WinHTTP Web Proxy Auto-Discovery Service"};
    private static final String MAIL_SERVER = "EXCH01.corp.contoso.com";
    /** Inbound messages are at least this far apart on the mail server. */
    private static final long MIN_MESSAGE_GAP = 6 * MINUTE;
    private static final String[] DNSLIVERY_PAYLOADS = {"stager", "invoke-pwn", "beacon", "loader", "agent-x64",
        "update-svc"};

    /**
     * The Event table rows of Windows hosts running the Log Analytics agent with the DNS-Client operational log on:
     * every query logged as called (3006), and mostly also as answered (3020) and completed (3008).
     */
    private void dnsClientEvents() {
        SplittableRandom r = rng.split();
        List<Double> activity = new ArrayList<>();
        for (Client c : catalog.clients) {
            if (c.vm || r.nextDouble() >= 0.5) continue;
            windowsHosts.add(c.computer.indexOf('.') >= 0 ? c.computer : c.computer + ".corp.contoso.com");
            activity.add(c.activity);
        }
        // Roaming laptops that only ever query home and hotel resolvers, so that a small catalog still has hosts.
        while (windowsHosts.size() < 3) {
            windowsHosts.add(String.format(Locale.ROOT, "WS%04d.corp.contoso.com", 9001 + windowsHosts.size()));
            activity.add(1.0);
        }
        cumulativeWindowsActivity = new double[activity.size()];
        double sum = 0;
        for (int i = 0; i < activity.size(); i++) cumulativeWindowsActivity[i] = sum += activity.get(i);

        String attacked = windowsHosts.get(r.nextInt(windowsHosts.size()));
        String trapHost;
        do {
            trapHost = windowsHosts.get(r.nextInt(windowsHosts.size()));
        } while (trapHost.equals(attacked));

        // Fewer than the DnsEvents rows: only some hosts have the log on, and each query makes up to three rows.
        int perDay = Math.max(100, options.lookupsPerDay() / 16);
        for (int day = 0; day < options.days(); day++) {
            long dayStart = options.startMillis() + day * DAY;
            for (int i = 0; i < perDay; i++) {
                String host = randomWindowsHost(r);
                // The planted bursts and near misses stay exactly what they were planted as.
                boolean txtAllowed = !host.equals(attacked) && !host.equals(trapHost);
                benignClientQuery(host, dayStart + timeOfDay(r), txtAllowed, r);
            }
            for (int i = 0; i < windowsHosts.size(); i++) {
                String service = SERVICES[r.nextInt(SERVICES.length)];
                addRow(clientRows, dayStart + timeOfDay(r), r.nextInt(10_000), eventRow(
                        computerSpelling(randomWindowsHost(r), r), "System", "Service Control Manager", 7036,
                        "The " + service + " service entered the " + (r.nextBoolean() ? "running" : "stopped")
                                + " state."));
            }
        }
        mailServer(r);
        nearMisses(trapHost, r);
        dnslivery(attacked, r);
        cutDescriptions(r);
    }

    private String randomWindowsHost(SplittableRandom r) {
        double x = r.nextDouble() * cumulativeWindowsActivity[cumulativeWindowsActivity.length - 1];
        int i = Arrays.binarySearch(cumulativeWindowsActivity, x);
        return windowsHosts.get(Math.min(windowsHosts.size() - 1, i >= 0 ? i + 1 : -i - 1));
    }

    /** Mostly address lookups; other types, including one whose number merely starts with 16, and now and then a TXT. */
    private void benignClientQuery(String host, long t, boolean txtAllowed, SplittableRandom r) {
        Site site = catalog.randomSite(r);
        String name = site.hosts[r.nextInt(site.hosts.length)];
        if (r.nextDouble() < 0.02) name = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        double x = r.nextDouble();
        if (x < 0.6) {
            clientQuery(host, name, A, t, 0.85, addressResults(site.v4, "::ffff:", site.nonPublic, r), r);
        } else if (x < 0.86) {
            clientQuery(host, name, 28, t, 0.85, addressResults(site.v6, "", new String[0], r), r);
        } else if (x < 0.91) {
            // HTTPS records, which newer Windows asks for alongside A and AAAA.
            clientQuery(host, name, 65, t, 0.85, "", r);
        } else if (x < 0.94) {
            clientQuery(host, new String[] {"_ldap._tcp.dc._msdcs.corp.contoso.com",
                "_kerberos._tcp.corp.contoso.com"}[r.nextInt(2)], 33, t, 0.85, "", r);
        } else if (x < 0.965) {
            clientQuery(host, (1 + r.nextInt(254)) + "." + r.nextInt(8) + ".0.10.in-addr.arpa", 12, t, 0.85, "", r);
        } else if (x < 0.98) {
            // No TXT record, though "type 160" starts with 16.
            clientQuery(host, name, 160, t, 0.85, "", r);
        } else if (x < 0.985 && txtAllowed) {
            clientQuery(host, (r.nextBoolean() ? "_dmarc." : "") + site.domain, TXT, t, 0.85, "", r);
        } else {
            clientQuery(host, new String[] {"wpad.corp.contoso.com", "dc01.corp.contoso.com", "fs01.corp.contoso.com",
                "login.microsoftonline.com"}[r.nextInt(4)], A, t, 0.85, "::ffff:10.0.0.10;", r);
        }
    }

    private static String addressResults(String[] addresses, String prefix, String[] more, SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        List<String> answer = new ArrayList<>();
        rotated(addresses, r, answer);
        for (String a : more) if (a.indexOf(':') < 0) answer.add(a);
        for (String a : answer) b.append(a.indexOf(':') >= 0 ? "" : prefix).append(a).append(';');
        return b.toString();
    }

    /**
     * One query as the client logs it: called (3006) at {@code t}, then with probability {@code detailShare} each the
     * response (3020) and completion (3008) for the same name and type, which the rule must not count again.
     */
    private void clientQuery(String host, String name, int type, long t, double detailShare, String results,
                             SplittableRandom r) {
        long queryOptions = QUERY_OPTIONS[r.nextInt(QUERY_OPTIONS.length)];
        String servers = SERVER_LISTS[r.nextInt(SERVER_LISTS.length)];
        addRow(clientRows, t, r.nextInt(10_000), eventRow(computerSpelling(host, r), DnsClientEventParser.DNS_CLIENT_LOG,
                DNS_CLIENT_SOURCE, QUERY_CALLED, String.format(Locale.ROOT, CALLED_TEXT, name, type, queryOptions, servers)));
        // 9501: the name exists but has no record of the type asked for.
        int status = results.isEmpty() && (type == A || type == 28) ? 9501 : 0;
        long answered = t + 1 + r.nextLong(150);
        if (r.nextDouble() < detailShare) {
            addRow(clientRows, answered, r.nextInt(10_000), eventRow(computerSpelling(host, r),
                    DnsClientEventParser.DNS_CLIENT_LOG, DNS_CLIENT_SOURCE, QUERY_RESPONSE,
                    String.format(Locale.ROOT, RESPONSE_TEXT, name, type, status, results)));
        }
        if (r.nextDouble() < detailShare) {
            addRow(clientRows, answered + r.nextLong(3), r.nextInt(10_000), eventRow(computerSpelling(host, r),
                    DnsClientEventParser.DNS_CLIENT_LOG, DNS_CLIENT_SOURCE, QUERY_COMPLETED,
                    String.format(Locale.ROOT, COMPLETED_TEXT, name, type, queryOptions, status, results)));
        }
    }

    /** The agent reports the computer name as the host has it, which some hosts have in other case. */
    static String computerSpelling(String computer, SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.08) return computer.toLowerCase(Locale.ROOT);
        if (x < 0.12) return computer.toUpperCase(Locale.ROOT);
        return computer;
    }

    /**
     * An Exchange server checking SPF, DKIM and DMARC of inbound mail: TXT lookups all day that must never alert. Each
     * message costs at most four TXT lookups within two seconds and messages are at least {@link #MIN_MESSAGE_GAP}
     * apart, so any six TXT lookups span two messages and more than five minutes. Messages are spaced over the whole
     * data set at once so that midnight does not bring two closer.
     */
    private void mailServer(SplittableRandom r) {
        long t = options.startMillis() + r.nextLong(30 * MINUTE);
        while (t < options.endMillis()) {
            String domain = catalog.randomSite(r).domain;
            List<String> names = new ArrayList<>();
            names.add(domain);
            if (r.nextDouble() < 0.3) names.add("_spf." + domain);
            names.add("_dmarc." + domain);
            if (r.nextDouble() < 0.4) names.add("selector1._domainkey." + domain);
            long q = t;
            for (String name : names) {
                clientQuery(MAIL_SERVER, name, TXT, q, 1.0, "", r);
                q += 20 + r.nextLong(400);
            }
            if (r.nextBoolean()) clientQuery(MAIL_SERVER, "mail." + domain, A, q, 1.0, "", r);
            t += MIN_MESSAGE_GAP + r.nextLong(40 * MINUTE);
        }
    }

    /**
     * Bursts that fall just short, on a host with no other TXT lookups: five TXT lookups in half a minute, six exactly
     * five minutes from first to last, and six quick lookups of type 160. Hours apart, so they cannot combine.
     */
    private void nearMisses(String host, SplittableRandom r) {
        String vendor = catalog.newDomain("com");
        long base = options.startMillis() + 8 * HOUR + r.nextLong(HOUR);
        String[] channels = {"stable", "beta", "dev", "canary", "lts"};
        for (int i = 0; i < channels.length; i++) {
            clientQuery(host, channels[i] + ".version." + vendor, TXT, base + i * 6 * SECOND, 0.85, "", r);
        }
        long spaced = base + 3 * HOUR;
        for (int i = 0; i < 6; i++) {
            clientQuery(host, "k" + i + ".licence." + vendor, TXT, spaced + i * MINUTE, 0.85, "", r);
        }
        long other = base + 6 * HOUR;
        for (int i = 0; i < 6; i++) {
            clientQuery(host, "n" + i + ".inventory." + vendor, 160, other + i * 3 * SECOND, 0.85, "", r);
        }
    }

    /**
     * DNSlivery on one host on the last day: a launcher TXT query (retried once), then numbered chunk queries a few
     * seconds apart; the second stage half an hour later falls in the suppression period, a third well after it.
     */
    private void dnslivery(String host, SplittableRandom r) {
        long dayStart = options.startMillis() + (options.days() - 1) * DAY;
        long first = dayStart + (9 + r.nextInt(5)) * HOUR + r.nextLong(HOUR);
        String domain = catalog.newDomain(new String[] {"xyz", "top", "info"}[r.nextInt(3)]);
        List<String> payloads = new ArrayList<>(List.of(DNSLIVERY_PAYLOADS));
        for (int i = payloads.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String tmp = payloads.get(i);
            payloads.set(i, payloads.get(j));
            payloads.set(j, tmp);
        }
        long[] firstTimes = dnsliveryBurst(host, payloads.get(0) + "." + domain, first, true, r);
        dnsliveryBurst(host, payloads.get(1) + "." + domain, first + 30 * MINUTE + r.nextLong(MINUTE), false, r);
        long third = firstTimes[firstTimes.length - 1] + DetectionConfig.defaults().txtSuppressionMillis()
                + 15 * MINUTE + r.nextLong(30 * MINUTE);
        dnsliveryBurst(host, payloads.get(2) + "." + domain, third, false, r);
    }

    private long[] dnsliveryBurst(String host, String zone, long t, boolean retryLauncher, SplittableRandom r) {
        int chunks = 18 + r.nextInt(5);
        List<String> names = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        names.add("launcher." + zone);
        times.add(t);
        if (retryLauncher) {
            names.add("launcher." + zone);
            times.add(t + 800 + r.nextLong(1_200));
        }
        long ti = times.get(times.size() - 1);
        for (int i = 1; i <= chunks; i++) {
            ti += 1_500 + r.nextLong(3_000);
            names.add(i + "." + zone);
            times.add(ti);
        }
        long[] planted = new long[times.size()];
        for (int i = 0; i < planted.length; i++) {
            planted[i] = times.get(i);
            clientQuery(host, names.get(i), TXT, planted[i], 1.0, "", r);
        }
        plantedTxt.add(new PlantedBurst(TxtQuery.DNS_CLIENT_EVENTS, host.toLowerCase(Locale.ROOT), names.get(0),
                domains.domainOf(zone), planted));
        return planted;
    }

    private static ObjectNode eventRow(String computer, String eventLog, String source, int eventId,
                                       String description) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TenantId", EVENT_TENANT);
        row.put("SourceSystem", "OpsManager");
        row.put("TimeGenerated", "");
        row.put("Source", source);
        row.put("EventLog", eventLog);
        row.put("Computer", computer);
        row.put("EventLevel", 4);
        row.put("EventLevelName", "Information");
        row.put("EventID", eventId);
        row.put("RenderedDescription", description);
        row.put("UserName", eventLog.equals("System") ? "N/A" : "NT AUTHORITY\\NETWORK SERVICE");
        row.put("Type", "Event");
        return row;
    }

    /** The planted bursts in time order, each marked suppressed as the rule's suppression treats it. */
    private List<InjectedTxt> injectedTxt(DetectionConfig config) {
        List<PlantedBurst> bursts = new ArrayList<>(plantedTxt);
        for (PlantedBurst b : bursts) Arrays.sort(b.times());
        bursts.sort(Comparator.comparingLong((PlantedBurst b) -> b.times()[0]).thenComparing(PlantedBurst::source)
                .thenComparing(PlantedBurst::host));
        Map<String, Long> lastAlerted = new HashMap<>();
        List<InjectedTxt> injected = new ArrayList<>();
        for (PlantedBurst b : bursts) {
            // A burst's alert ends at its n-th query; its later matches fall in its own suppression period.
            long end = b.times()[config.txtQueryCount() - 1];
            String key = b.source() + "|" + b.host();
            Long previous = lastAlerted.get(key);
            boolean suppressed = previous != null && end < previous + config.txtSuppressionMillis();
            if (!suppressed) lastAlerted.put(key, end);
            injected.add(new InjectedTxt(b.source(), b.host(), b.name(), b.registeredDomain(), b.times()[0],
                    b.times()[b.times().length - 1], b.times().length, suppressed));
        }
        return injected;
    }

    /**
     * Checks the client-event bursts, which nothing else on their host can disturb. The DnsEvents ones share their
     * host with random TXT lookups, which may (rarely) join or shift their alert; the expected alerts say what counts.
     */
    private static void checkInjectedTxtAreDetected(List<InjectedTxt> injected, List<DnsTxtAlert> alerts) {
        for (InjectedTxt i : injected) {
            if (!i.source().equals(TxtQuery.DNS_CLIENT_EVENTS)) continue;
            List<DnsTxtAlert> within = new ArrayList<>();
            for (DnsTxtAlert a : alerts) {
                if (a.source.equals(i.source()) && a.host.equals(i.host()) && a.firstQueryTime >= i.firstQueryTime()
                        && a.firstQueryTime <= i.lastQueryTime()) {
                    within.add(a);
                }
            }
            boolean ok = i.suppressed() ? within.isEmpty()
                    : within.size() == 1 && within.get(0).firstQueryTime == i.firstQueryTime();
            if (!ok) throw new IllegalStateException("planted TXT burst detected wrongly: " + i + " alerts: " + within);
        }
    }

    private List<String> badClientLines() {
        return badLines(this::badClientRow);
    }

    /** Descriptions an agent cut short. Their time is valid, so they go among the rows in time order. */
    private void cutDescriptions(SplittableRandom r) {
        for (String cut : new String[] {"DNS query is called for the name wpad.corp.contoso.com",
            "DNS query is called for the name _dmarc.contoso.com, typ"}) {
            ObjectNode row = badClientRow(r);
            row.put("RenderedDescription", cut);
            addRow(clientRows, options.startMillis() + r.nextLong(options.days() * DAY), r.nextInt(10_000), row);
        }
    }

    private ObjectNode badClientRow(SplittableRandom r) {
        String name = "_dmarc." + catalog.randomSite(r).domain;
        return eventRow(windowsHosts.get(r.nextInt(windowsHosts.size())), DnsClientEventParser.DNS_CLIENT_LOG,
                DNS_CLIENT_SOURCE, QUERY_CALLED, String.format(Locale.ROOT, CALLED_TEXT, name, TXT, QUERY_OPTIONS[0], ""));
    }

    // ---------------------------------------------------------------- rows

    /** Log Analytics' export form: seven fractional digits (100 ns ticks) and a Z. */
    static String timeGenerated(long millis, int ticks) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, SECOND), 0, ZoneOffset.UTC);
        long fraction = Math.floorMod(millis, SECOND) * 10_000 + ticks;
        StringBuilder b = new StringBuilder(28);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        return pad(b, fraction, 7).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) b.append('0');
        return b.append(digits);
    }

    private static ObjectNode dnsRow(SplittableRandom r, String subType, String clientIp, String name,
                                     String queryType, int eventId) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", "");
        row.put("Computer", DNS_SERVERS[r.nextInt(DNS_SERVERS.length)]);
        row.put("EventId", eventId);
        row.put("SubType", subType);
        row.put("ClientIP", clientIp);
        row.put("Name", name);
        row.put("QueryType", queryType);
        row.put("Type", "DnsEvents");
        return row;
    }

    private static ObjectNode firewallRow(SplittableRandom r, String source, String destination, int port,
                                          long sent, long received) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", "");
        row.put("DeviceVendor", Flow.PALO_ALTO);
        row.put("DeviceProduct", "PAN-OS");
        row.put("DeviceVersion", "10.2.9");
        row.put("Activity", "TRAFFIC");
        row.put("DeviceAction", "allow");
        row.put("Computer", FIREWALLS[r.nextInt(FIREWALLS.length)]);
        row.put("Protocol", "TCP");
        row.put("SourceIP", source);
        row.put("SourcePort", 49_152 + r.nextInt(16_384));
        row.put("DestinationIP", destination);
        row.put("DestinationPort", port);
        row.put("SentBytes", sent);
        row.put("ReceivedBytes", received);
        row.put("Type", "CommonSecurityLog");
        return row;
    }

    private static ObjectNode vmRow(SplittableRandom r, Client c, String direction, String source,
                                    String destination, int port, long sent, long received) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", "");
        row.put("Computer", c.computer);
        row.put("Direction", direction);
        row.put("ProcessName", new String[] {"w3wp", "java", "python3", "sqlservr", "svchost"}[r.nextInt(5)]);
        row.put("SourceIp", source);
        row.put("DestinationIp", destination);
        row.put("DestinationPort", port);
        row.put("Protocol", "tcp");
        row.put("BytesSent", sent);
        row.put("BytesReceived", received);
        row.put("LinksEstablished", 1);
        row.put("Type", "VMConnection");
        return row;
    }

    private static void addRow(List<Row> rows, long t, int ticks, ObjectNode row) {
        row.put("TimeGenerated", timeGenerated(t, ticks));
        rows.add(new Row(t, rows.size(), write(row)));
    }

    private static String write(ObjectNode row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- bad lines

    /** Every row the parser would otherwise use, broken in one of the ways real exports break. */
    private List<String> badLines(Function<SplittableRandom, ObjectNode> goodRow) {
        SplittableRandom r = rng.split();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < BAD_LINES_PER_KIND; i++) {
            long t = options.startMillis() + r.nextLong(options.days() * DAY);
            ObjectNode row = goodRow.apply(r);
            row.put("TimeGenerated", timeGenerated(t, r.nextInt(10_000)));
            String json = write(row);
            // Not JSON: a line cut short by a crashed writer, or a raw syslog line in the wrong stream.
            lines.add(i == 0 ? json.substring(0, json.length() / 2)
                    : "<14>1 " + Times.iso(t) + " fw01 - - - TRAFFIC,end,allow");
            ObjectNode missing = row.deepCopy();
            if (i == 0) missing.remove("TimeGenerated"); else missing.putNull("TimeGenerated");
            lines.add(write(missing));
            ObjectNode badTime = row.deepCopy();
            badTime.put("TimeGenerated", i == 0 ? "2026-11-31T10:00:00.0000000Z" : "11/03/2026 10:00:00 AM");
            lines.add(write(badTime));
        }
        return lines;
    }

    private ObjectNode badDnsRow(SplittableRandom r) {
        Client c = catalog.randomClient(r);
        Site site = catalog.randomSite(r);
        ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, site.hosts[0], "A", 256);
        row.put("IPAddresses", site.v4.length > 0 ? site.v4[0] : "52.0.0.1");
        return row;
    }

    private ObjectNode badFirewallRow(SplittableRandom r) {
        return firewallRow(r, catalog.randomClient(r).ip, catalog.newPublicV4(), 443, 1_000, 2_000);
    }

    private ObjectNode badVmRow(SplittableRandom r) {
        Client c = catalog.clients.stream().filter(x -> x.vm).findFirst().orElse(catalog.clients.get(0));
        return vmRow(r, c, "outbound", c.ip, catalog.newPublicV4(), 443, 1_000, 2_000);
    }

    // ---------------------------------------------------------------- files

    /** Writes rows in time order give or take {@link #MAX_JITTER}, with the bad lines at random places. */
    private long writeInput(Path file, List<Row> rows, List<String> bad) throws IOException {
        SplittableRandom r = rng.split();
        long[] keys = new long[rows.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = rows.get(i).time() + r.nextLong(MAX_JITTER);
        List<Row> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingLong((Row row) -> keys[row.seq()]).thenComparingInt(Row::seq));
        List<String> lines = new ArrayList<>(ordered.size() + bad.size());
        for (Row row : ordered) lines.add(row.json());
        for (String b : bad) lines.add(r.nextInt(lines.size() + 1), b);
        try (Writer w = JsonLines.writer(file, options.gzip())) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        return lines.size();
    }

    private static String injectedJson(Injected i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", RareDnsAlert.RULE);
        o.put("client", i.client());
        o.put("domain", i.domain());
        o.put("name", i.name());
        o.put("destinationIp", i.destinationIp());
        o.put("destinationPort", i.destinationPort());
        o.put("dataType", i.dataType());
        o.put("lookupTime", Times.iso(i.lookupTime()));
        o.put("firstFlowTime", Times.iso(i.firstFlowTime()));
        o.put("flows", i.flows());
        o.put("sentBytes", i.sentBytes());
        return write(o);
    }

    private static String injectedJson(InjectedTxt i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", DnsTxtAlert.RULE);
        o.put("source", i.source());
        o.put("host", i.host());
        o.put("name", i.name());
        o.put("registeredDomain", i.registeredDomain());
        o.put("firstQueryTime", Times.iso(i.firstQueryTime()));
        o.put("lastQueryTime", Times.iso(i.lastQueryTime()));
        o.put("queries", i.queries());
        o.put("suppressed", i.suppressed());
        return write(o);
    }

    private static ObjectNode dataSetJson(Summary s) {
        GeneratorOptions o = s.options();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode opts = root.putObject("options");
        opts.put("days", o.days());
        opts.put("seed", o.seed());
        opts.put("clients", o.clients());
        opts.put("lookupsPerDay", o.lookupsPerDay());
        opts.put("flowsPerLookup", o.flowsPerLookup());
        opts.put("exfiltrations", o.exfiltrations());
        opts.put("start", Times.iso(o.startMillis()));
        opts.put("gzip", o.gzip());
        root.put("end", Times.iso(o.endMillis()));
        // null: the expected alerts were detected from the first event on.
        if (s.detectFromMillis() == Long.MIN_VALUE) root.putNull("detectFrom");
        else root.put("detectFrom", Times.iso(s.detectFromMillis()));
        root.put("mode", DetectionConfig.defaults().mode().name());
        ObjectNode files = root.putObject("files");
        Path out = o.outDir();
        files.put("dnsEvents", out.relativize(s.dnsEventsFile()).toString());
        files.put("firewallEvents", out.relativize(s.firewallEventsFile()).toString());
        files.put("vmConnections", out.relativize(s.vmConnectionsFile()).toString());
        files.put("dnsClientEvents", out.relativize(s.dnsClientEventsFile()).toString());
        files.put("expectedAlerts", out.relativize(s.expectedAlertsFile()).toString());
        files.put("injected", out.relativize(s.injectedFile()).toString());
        ObjectNode lines = root.putObject("lines");
        lines.put("dnsEvents", s.dnsEventLines());
        lines.put("firewallEvents", s.firewallEventLines());
        lines.put("vmConnections", s.vmConnectionLines());
        lines.put("dnsClientEvents", s.dnsClientEventLines());
        ObjectNode bad = root.putObject("badLines");
        bad.put("dnsEvents", s.badDnsEventLines());
        bad.put("firewallEvents", s.badFirewallEventLines());
        bad.put("vmConnections", s.badVmConnectionLines());
        bad.put("dnsClientEvents", s.badDnsClientEventLines());
        root.put("expectedAlerts", s.expectedAlerts());
        root.put("expectedTxtAlerts", s.expectedTxtAlerts());
        root.put("injected", s.injected().size());
        root.put("injectedTxt", s.injectedTxt().size());
        return root;
    }
}
