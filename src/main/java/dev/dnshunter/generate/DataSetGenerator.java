package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Times;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes a synthetic but realistic data set in the three Log Analytics export formats the job reads, with its ground
 * truth: the alerts {@link ReferenceDetector} finds in it, and the exfiltrations that were planted on purpose.
 *
 * <p>Everything is drawn from streams split off one seeded generator, so a seed and options always give byte-identical
 * files. Benign traffic is shaped to exercise the rule's edges: Zipf-distributed domain popularity (a common head and
 * a rare tail), multi-label public suffixes, S3 buckets, case and trailing-dot variants, private and sinkholed answers,
 * empty answers, non-lookup rows, flows right on the correlation bounds, shared CDN addresses, rows the parsers must
 * skip, and a few lines they must reject.
 */
public final class DataSetGenerator {
    /** Days of history before detection starts, when the data set is long enough to have them. */
    public static final int BASELINE_DAYS = 7;
    /** Each kind of bad line appears this many times in each input file. */
    static final int BAD_LINES_PER_KIND = 2;
    static final int BAD_LINES_PER_FILE = 3 * BAD_LINES_PER_KIND;

    public static final String DNS_EVENTS_DIR = "dns-events";
    public static final String FIREWALL_EVENTS_DIR = "firewall-events";
    public static final String VM_CONNECTIONS_DIR = "vm-connections";
    public static final String EXPECTED_ALERTS = "expected-alerts.jsonl";
    public static final String INJECTED = "injected.jsonl";
    public static final String DATA_SET = "dataset.json";

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = DetectionConfig.HOUR;
    private static final long DAY = DetectionConfig.DAY;
    /** The default attribution bounds, which some benign flows sit exactly on. */
    private static final long BEFORE_LOOKUP = DetectionConfig.defaults().flowBeforeLookupMillis();
    private static final long AFTER_LOOKUP = DetectionConfig.defaults().flowAfterLookupMillis();
    /** Rows are written this far out of time order at most, as an export of several agents interleaves them. */
    private static final long MAX_JITTER = MINUTE;
    /** Relative chance that a lookup of a tail site leads to a connection, against 1 for a popular site. */
    private static final double TAIL_FLOW_WEIGHT = 0.2;
    private static final double[] HOURLY_WEIGHTS = {
        0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.6, 1.0, 1.6, 2.0, 2.0, 1.9, 1.6, 1.8, 2.0, 1.9, 1.7, 1.3, 0.9, 0.6, 0.5,
        0.4, 0.3, 0.25
    };
    private static final String[] DNS_SERVERS = {"DC01.corp.contoso.com", "DC02.corp.contoso.com"};
    private static final String[] FIREWALLS = {"PA-EDGE-01", "PA-EDGE-02"};

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One planted exfiltration: a host resolves a never-seen name and moves megabytes to its address within the hour.
     * {@code client} and {@code destinationIp} are in canonical form, as alerts carry them.
     */
    public record Injected(String client, String domain, String name, String destinationIp, int destinationPort,
                           String dataType, long lookupTime, long firstFlowTime, int flows, long sentBytes) {}

    /**
     * What was written. Line counts include the bad lines; {@code detectFromMillis} is {@link Long#MIN_VALUE} when the
     * expected alerts were detected from the start.
     */
    public record Summary(GeneratorOptions options, long detectFromMillis,
                          Path dnsEventsFile, Path firewallEventsFile, Path vmConnectionsFile,
                          Path expectedAlertsFile, Path injectedFile, Path dataSetFile,
                          long dnsEventLines, long firewallEventLines, long vmConnectionLines,
                          int badDnsEventLines, int badFirewallEventLines, int badVmConnectionLines,
                          List<Injected> injected, int expectedAlerts) {

        /** The configuration the expected alerts were computed with. */
        public DetectionConfig detectionConfig() {
            return DetectionConfig.defaults().withDetectFromMillis(detectFromMillis);
        }
    }

    private record Row(long time, int seq, String json) {}

    private final GeneratorOptions options;
    private final Catalog catalog;
    private final SplittableRandom rng;
    private final List<Row> dnsRows = new ArrayList<>();
    private final List<Row> firewallRows = new ArrayList<>();
    private final List<Row> vmRows = new ArrayList<>();
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
     * @throws IllegalStateException if a planted exfiltration is missing from the expected alerts, which would make
     *     the data set useless as a test of detection
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

        DetectionConfig config = DetectionConfig.defaults().withDetectFromMillis(detectFrom);
        List<RareDnsAlert> alerts = ReferenceDetector.detectFiles(dnsFile, firewallFile, vmFile, config);
        checkInjectedAreDetected(injected, alerts);

        Path alertsFile = out.resolve(EXPECTED_ALERTS);
        try (Writer w = JsonLines.writer(alertsFile, false)) {
            for (RareDnsAlert a : alerts) w.write(AlertJson.toJson(a) + "\n");
        }
        Path injectedFile = out.resolve(INJECTED);
        try (Writer w = JsonLines.writer(injectedFile, false)) {
            for (Injected i : injected) w.write(injectedJson(i) + "\n");
        }
        Summary summary = new Summary(options, detectFrom, dnsFile, firewallFile, vmFile, alertsFile, injectedFile,
                out.resolve(DATA_SET), dnsLines, firewallLines, vmLines, BAD_LINES_PER_FILE, BAD_LINES_PER_FILE,
                BAD_LINES_PER_FILE, List.copyOf(injected), alerts.size());
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
    private static long flowOffset(SplittableRandom r) {
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

    private static int port(SplittableRandom r) {
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
        for (int i = 0; i < n; i++) {
            long ti = t + i * (10 * SECOND + r.nextLong(10 * SECOND));
            ObjectNode row = dnsRow(r, "LookupQuery", c.dnsIp, (i == 0 ? "print" : Integer.toString(i)) + "." + domain,
                    "TXT", 256);
            row.put("ResultCode", 0);
            addRow(dnsRows, ti, r.nextInt(10_000), row);
        }
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

    private static int poisson(double mean, SplittableRandom r) {
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
        files.put("expectedAlerts", out.relativize(s.expectedAlertsFile()).toString());
        files.put("injected", out.relativize(s.injectedFile()).toString());
        ObjectNode lines = root.putObject("lines");
        lines.put("dnsEvents", s.dnsEventLines());
        lines.put("firewallEvents", s.firewallEventLines());
        lines.put("vmConnections", s.vmConnectionLines());
        ObjectNode bad = root.putObject("badLines");
        bad.put("dnsEvents", s.badDnsEventLines());
        bad.put("firewallEvents", s.badFirewallEventLines());
        bad.put("vmConnections", s.badVmConnectionLines());
        root.put("expectedAlerts", s.expectedAlerts());
        root.put("injected", s.injected().size());
        return root;
    }
}
