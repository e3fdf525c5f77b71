package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.Times;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.generate.BenignTraffic.PlantedBurst;
import dev.dnshunter.generate.DataSetFormat.Output;
import dev.dnshunter.generate.DataSetFormat.Stream;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.pipeline.Input;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a synthetic but realistic data set in one of the log formats the job reads, with its ground truth: the alerts
 * every rule's in-memory reference finds in the events as that format renders them ({@link GroundTruth}), and the
 * exfiltrations and TXT bursts that were planted on purpose.
 *
 * <p>The traffic is modelled once, format-free: {@link BenignTraffic} (the organisation's day), {@link ExfilInjection}
 * (the rare-lookup rule's attacks), {@link DnsClientTraffic} (Windows DNS client events, Sentinel only) and, on request,
 * {@link AttackTraffic} (the name- and answer-based rules' attacks). One {@link FormatWriter} per format renders it.
 * Everything is drawn from streams split off one seeded generator, so a seed and options always give byte-identical
 * files, and the same traffic in every format.
 */
public final class DataSetGenerator {
    /** Days of history before detection starts, when the data set is long enough to have them. */
    public static final int BASELINE_DAYS = 7;
    static final long DAY = DetectionConfig.DAY;
    /** Each kind of bad line appears this many times in each input file. */
    static final int BAD_LINES_PER_FILE = BadRow.PER_FILE;
    static final int BAD_DNS_CLIENT_EVENT_LINES = BAD_LINES_PER_FILE + DnsClientTraffic.CUT_DESCRIPTIONS;

    public static final String DNS_EVENTS_DIR = "dns-events";
    public static final String FIREWALL_EVENTS_DIR = "firewall-events";
    public static final String VM_CONNECTIONS_DIR = "vm-connections";
    public static final String DNS_CLIENT_EVENTS_DIR = "dns-client-events";
    public static final String EXPECTED_ALERTS = "expected-alerts.jsonl";
    public static final String INJECTED = "injected.jsonl";
    public static final String DATA_SET = "dataset.json";
    /** The internal search suffix of {@link NxdomainTxtTraffic}'s typos; backfill needs it when NXDOMAIN bursts are added. */
    public static final String INTERNAL_SUFFIX = NxdomainTxtTraffic.INTERNAL_SUFFIX;

    /** Rows are written this far out of time order at most, as an export of several agents interleaves them. */
    private static final long MAX_JITTER = BenignTraffic.MINUTE;

    /**
     * One planted exfiltration: a host resolves a never-seen name and moves megabytes to its address within the hour.
     * {@code client} and {@code destinationIp} are in canonical form, as alerts carry them.
     */
    public record Injected(String client, String domain, String name, String destinationIp, int destinationPort,
                           String dataType, long lookupTime, long firstFlowTime, int flows, long sentBytes) {}

    /**
     * One planted burst of TXT queries (DNSlivery-style payload delivery), as the DnsTxtTunneling rule keys it:
     * {@code host} is the lowercased computer name for {@link TxtQuery#DNS_CLIENT_EVENTS} and the canonical client
     * address for the DNS log's bursts. {@code name} is the burst's first query. {@code suppressed} bursts come within
     * the suppression period of an earlier alerting burst of the same host, so no alert is expected.
     */
    public record InjectedTxt(String source, String host, String name, String registeredDomain, long firstQueryTime,
                              long lastQueryTime, int queries, boolean suppressed) {}

    /**
     * What was written. Line counts include the bad lines (and a Zeek TSV log's header lines); the files are those of
     * the DNS, firewall, VM and client streams in the data set's format (null for a stream the format has not, with
     * no lines). {@code detectFromMillis} is {@link Long#MIN_VALUE} when the expected alerts were detected from the
     * start (it only limits the rare-lookup rule). {@code expectedAlerts} counts the lines of the expected-alerts file,
     * every rule; {@code expectedTxtAlerts} is the DnsTxtTunneling share of them.
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
            return DataSetGenerator.detectionConfig(options, detectFromMillis);
        }

        public DataSetFormat format() {
            return options.format();
        }

        /** Bad lines in all files: the dead letters a backfill of the data set gives. */
        public int badLines() {
            return badDnsEventLines + badFirewallEventLines + badVmConnectionLines + badDnsClientEventLines;
        }

        /** Each input of the data set and its directory. */
        public Map<Input, Path> inputs() {
            Map<Input, Path> inputs = new EnumMap<>(Input.class);
            options.format().inputs().forEach((input, dir) -> inputs.put(input, options.outDir().resolve(dir)));
            return inputs;
        }

        /**
         * The arguments of a {@code backfill} that reads the data set (its inputs relative to {@code base}) and gives
         * exactly its expected alerts; the caller adds {@code --alerts-out}.
         */
        public List<String> backfillArguments(Path base) {
            List<String> args = new ArrayList<>();
            for (Map.Entry<Input, Path> e : inputs().entrySet()) {
                args.add("--" + e.getKey().id);
                args.add(base.resolve(options.outDir().relativize(e.getValue())).normalize().toString());
            }
            if (detectFromMillis != Long.MIN_VALUE) {
                args.add("--detect-from");
                args.add(Times.iso(detectFromMillis));
            }
            if (options.attacks().nxdomainBursts() > 0) {
                args.add("--internal-suffix");
                args.add(INTERNAL_SUFFIX);
            }
            return args;
        }
    }

    private final GeneratorOptions options;
    private final Catalog catalog;
    private final SplittableRandom rng;
    private final Traffic traffic = new Traffic();
    private final List<PlantedBurst> plantedTxt = new ArrayList<>();
    private final DomainRules domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
    private final FormatWriter writer;

    private DataSetGenerator(GeneratorOptions options) {
        this.options = options;
        SplittableRandom root = new SplittableRandom(options.seed());
        this.catalog = new Catalog(options.clients(), root.split());
        this.rng = root.split();
        this.writer = options.format().writer();
    }

    /**
     * Writes the data set into {@code options.outDir()}, replacing an earlier one there (plain or gzip).
     *
     * @throws IllegalStateException if a planted exfiltration is missing from the expected alerts, or a planted DNS
     *     client TXT burst is not alerted (or, inside the suppression period, is), which would make the data set useless
     *     as a test of detection
     * @throws IllegalArgumentException if the added attacks do not fit in the data set's days
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

    /** @throws IllegalArgumentException when the added attacks do not fit before the data set ends */
    public static void checkAttacksFit(GeneratorOptions options) {
        AttackTraffic.of(options, detectFromMillis(options));
    }

    static DetectionConfig detectionConfig(GeneratorOptions options, long detectFrom) {
        DetectionConfig c = DetectionConfig.defaults().withDetectFromMillis(detectFrom);
        if (options.attacks().nxdomainBursts() > 0) c = c.withNxdomain(c.nxdomain().withInternalSuffixes(List.of(INTERNAL_SUFFIX)));
        return c;
    }

    private Summary run() throws IOException {
        BenignTraffic benign = new BenignTraffic(catalog, traffic, domains, options.flowsPerLookup(), plantedTxt);
        for (int day = 0; day < options.days(); day++) benign.day(options.startMillis() + day * DAY, options.lookupsPerDay(), rng.split());
        long detectFrom = detectFromMillis(options);
        List<Injected> injected = ExfilInjection.inject(options, catalog, traffic, domains, detectFrom, rng.split());
        for (DnsQuery q : AttackTraffic.of(options, detectFrom)) {
            Traffic.add(traffic.dns, q.time, 0, GenDns.of(q, BenignTraffic.DNS_SERVERS[0]));
        }

        Files.createDirectories(options.outDir());
        List<Map.Entry<Input, Path>> files = new ArrayList<>();
        Map<Stream, Long> lines = new EnumMap<>(Stream.class);
        Map<Stream, Path> paths = new EnumMap<>(Stream.class);
        // The order of the random streams split off is the order of all data sets since the first: keep it.
        write(Stream.DNS, traffic.dns, BadRow.draw(rng.split(), options, this::badDnsRow), files, lines, paths);
        write(Stream.FIREWALL, traffic.firewall, BadRow.draw(rng.split(), options, this::badFirewallRow), files, lines, paths);
        write(Stream.VM, traffic.vm, BadRow.draw(rng.split(), options, this::badVmRow), files, lines, paths);
        boolean clientEvents = options.format().output(Stream.CLIENT) != null;
        if (clientEvents) {
            // Generated after everything above, from streams split off later, so the other inputs are the same with
            // or without it.
            DnsClientTraffic client = new DnsClientTraffic(options, catalog, traffic, domains, plantedTxt);
            client.generate(rng.split());
            write(Stream.CLIENT, traffic.client, BadRow.draw(rng.split(), options, client::badRow), files, lines, paths);
        }

        DetectionConfig config = detectionConfig(options, detectFrom);
        GroundTruth.Alerts alerts = GroundTruth.alerts(GroundTruth.read(files, config), config);
        ExfilInjection.checkDetected(injected, alerts.rare(), options.format()::dataTypeOf);
        List<InjectedTxt> injectedTxt = injectedTxt(config);
        checkInjectedTxtAreDetected(injectedTxt, alerts.txt());

        Path out = options.outDir();
        Path alertsFile = out.resolve(EXPECTED_ALERTS);
        try (Writer w = JsonLines.writer(alertsFile, false)) {
            for (String line : alerts.lines()) w.write(line + "\n");
        }
        Path injectedFile = out.resolve(INJECTED);
        try (Writer w = JsonLines.writer(injectedFile, false)) {
            for (Injected i : injected) w.write(DataSetJson.injected(i) + "\n");
            for (InjectedTxt i : injectedTxt) w.write(DataSetJson.injected(i) + "\n");
        }
        int bad = BAD_LINES_PER_FILE;
        Summary summary = new Summary(options, detectFrom, paths.get(Stream.DNS), paths.get(Stream.FIREWALL), paths.get(Stream.VM),
                paths.get(Stream.CLIENT), alertsFile, injectedFile, out.resolve(DATA_SET), lines.get(Stream.DNS),
                lines.get(Stream.FIREWALL), lines.get(Stream.VM), lines.getOrDefault(Stream.CLIENT, 0L), bad, bad, bad,
                clientEvents ? BAD_DNS_CLIENT_EVENT_LINES : 0, List.copyOf(injected), List.copyOf(injectedTxt),
                alerts.lines().size(), alerts.txt().size());
        try (Writer w = JsonLines.writer(summary.dataSetFile(), false)) {
            w.write(DataSetJson.dataSet(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return summary;
    }

    private Object badDnsRow(SplittableRandom r) {
        Catalog.Client c = catalog.randomClient(r);
        Catalog.Site site = catalog.randomSite(r);
        return BenignTraffic.dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, site.hosts[0], 1, 256)
                .addresses(site.v4.length > 0 ? site.v4[0] : "52.0.0.1");
    }

    private Object badFirewallRow(SplittableRandom r) {
        return BenignTraffic.firewallRow(r, catalog.randomClient(r).ip, catalog.newPublicV4(), 443, 1_000, 2_000);
    }

    private Object badVmRow(SplittableRandom r) {
        Catalog.Client c = catalog.clients.stream().filter(x -> x.vm).findFirst().orElse(catalog.clients.get(0));
        return BenignTraffic.vmRow(r, c, "outbound", c.ip, catalog.newPublicV4(), 443, 1_000, 2_000);
    }

    /**
     * Writes a stream's rows in time order give or take {@link #MAX_JITTER}, with the bad rows at random places,
     * replacing a file of the other compression left by an earlier run (it would be read as a second copy).
     */
    private void write(Stream stream, List<Traffic.Row> rows, List<BadRow> bad, List<Map.Entry<Input, Path>> files,
            Map<Stream, Long> lines, Map<Stream, Path> paths) throws IOException {
        SplittableRandom r = rng.split();
        long[] keys = new long[rows.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = rows.get(i).time() + r.nextLong(MAX_JITTER);
        List<Traffic.Row> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingLong((Traffic.Row row) -> keys[row.seq()]).thenComparingInt(Traffic.Row::seq));
        List<Object> items = new ArrayList<>(ordered.size() + bad.size());
        for (Traffic.Row row : ordered) items.add(row.event());
        for (BadRow b : bad) items.add(r.nextInt(items.size() + 1), b);

        Output o = options.format().output(stream);
        Path plain = options.outDir().resolve(o.dir()).resolve(o.file());
        Files.deleteIfExists(plain);
        Files.deleteIfExists(plain.resolveSibling(o.file() + ".gz"));
        Path file = options.gzip() ? plain.resolveSibling(o.file() + ".gz") : plain;
        List<String> text = writer.file(stream, items);
        try (Writer w = JsonLines.writer(file, options.gzip())) {
            for (String line : text) {
                w.write(line);
                w.write('\n');
            }
        }
        files.add(new AbstractMap.SimpleEntry<>(o.input(), file));
        lines.put(stream, (long) text.size());
        paths.put(stream, file);
    }

    /**
     * The planted bursts in time order, each marked suppressed as the rule's suppression treats it; outside Sentinel,
     * only the DNS log's, under the format's source label.
     */
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
            String source = b.source().equals(TxtQuery.DNS_EVENTS) ? options.format().dnsSource() : b.source();
            injected.add(new InjectedTxt(source, b.host(), b.name(), b.registeredDomain(), b.times()[0],
                    b.times()[b.times().length - 1], b.times().length, suppressed));
        }
        return injected;
    }

    /**
     * Checks the client-event bursts, which nothing else on their host can disturb. The DNS log's ones share their
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
}
