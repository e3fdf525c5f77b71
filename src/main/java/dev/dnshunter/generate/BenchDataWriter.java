package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.event.Flow;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a benchmark data set of about N input records in the layout and formats {@link DataSetGenerator} writes (four
 * input directories of JSON lines, 14 days: a baseline week, then a detection week), but streaming: it generates one
 * minute of event time after the other and keeps in memory only the rows whose time has not been passed yet, so its
 * memory does not grow with N (a few small per-domain and per-client arrays aside), and 100M records fit the launcher's
 * 2 GB heap. It computes no ground truth: at this size only the job's throughput is of interest.
 *
 * <p>Domains are drawn by Zipf popularity (exponent 1) from a universe of synthetic registrable domains that grows with
 * N (N / 50), so the head is looked up every day and the tail yields rare lookups; a domain, like a client, is an index,
 * and everything about it (name, host names, addresses) is a hash of that index, which is what lets the writer hold no
 * catalog. Each input is written as {@link #PARTS} files, each covering a consecutive stretch of time and strictly in
 * time order. The data set is built in a hidden sibling directory and moved into place when complete, so an interrupted
 * run never leaves something a cache could mistake for a data set.
 */
public final class BenchDataWriter {
    public static final int DAYS = 14;
    /** Files per input: a log export is many files, and Flink reads one file per source task. */
    public static final int PARTS = 8;
    /** Written last into the data set: what it holds, read back when a cached data set is reused. */
    public static final String SUMMARY = "bench-data.json";
    /** Bumped whenever the data changes, so that a cache keyed on it is never reused across versions. */
    public static final int VERSION = 3;
    /** Malformed lines (one cut short, one with an impossible date) in every part file, which the job must survive. */
    static final int BAD_LINES_PER_PART = 2;

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long SLICE = MINUTE;
    /** No row is generated earlier than this before the slice being generated (a flow just before its lookup). */
    private static final long MAX_BACKWARD = BenignTraffic.BEFORE_LOOKUP + 1 + MINUTE;
    /** Weekends are quieter in an office. */
    private static final double WEEKEND_WEIGHT = 0.5;

    private static final int DNS = 0;
    private static final int FIREWALL = 1;
    private static final int VM = 2;
    private static final int CLIENT = 3;
    private static final String[] INPUT_DIRS = {DataSetGenerator.DNS_EVENTS_DIR, DataSetGenerator.FIREWALL_EVENTS_DIR,
        DataSetGenerator.VM_CONNECTIONS_DIR, DataSetGenerator.DNS_CLIENT_EVENTS_DIR};

    /**
     * Domains looked up at least this often a day are the popular sites, which lead to connections fifty times as often
     * as the tail: most long-tail lookups (telemetry, ads, mail checks, typos) are not followed by a connection. The
     * line is drawn by lookups a day, not by rank, so that it stays clear of the rule's threshold (21 a day by default)
     * at every size: a domain ranked popular but looked up less often than the threshold would turn every one of its
     * connections into an alert, a flood no SOC would run with and no benchmark should measure.
     */
    private static final double POPULAR_DAILY_LOOKUPS = 60;
    /** DnsEvents rows among all records, about: the rest are flows and DNS client events. */
    private static final double DNS_SHARE = 0.6;
    private static final double TAIL_FLOW_WEIGHT = 0.02;
    /** Connections per resolved site lookup, on average; about the generator's flows per lookup. */
    private static final double FLOWS_PER_SITE_LOOKUP = 0.55;
    /** Per detection day. */
    private static final int EXFILTRATIONS_PER_DAY = 3;
    private static final int DNS_TXT_BURSTS_PER_DAY = 1;
    private static final int CLIENT_TXT_BURSTS_PER_DAY = 1;

    private static final String[] INTERNAL_ANSWERS = {"10.0.0.10", "10.0.0.11", "10.0.4.20", "192.168.10.5"};
    private static final String[] PROCESSES = {"w3wp", "java", "python3", "sqlservr", "svchost"};
    private static final String[] TXT_PREFIXES = {"_dmarc.", "selector1._domainkey.", "", "_acme-challenge."};
    private static final String USER_NAME = "NT AUTHORITY\\\\NETWORK SERVICE";

    private static final BenchSampling.Template CALLED = new BenchSampling.Template(DnsClientTraffic.CALLED_TEXT);
    private static final BenchSampling.Template COMPLETED = new BenchSampling.Template(DnsClientTraffic.COMPLETED_TEXT);
    private static final BenchSampling.Template RESPONSE = new BenchSampling.Template(DnsClientTraffic.RESPONSE_TEXT);
    private static final int TYPE_A = 1;
    private static final int TYPE_TXT = 16;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a data set holds. {@code domains} counts the distinct registrable domains and {@code clients} the distinct
     * client addresses of the DnsEvents lookups (LookupQuery rows) that parse; the universes are what they were drawn
     * from. Line counts include the {@code badLinesPerInput} malformed lines of each input.
     */
    public record Result(Path dir, long seed, long requestedRecords, long records, long dnsEventLines,
                         long firewallEventLines, long vmConnectionLines, long dnsClientEventLines, int badLinesPerInput,
                         long domains, long clients, int domainUniverse, int clientUniverse, int exfiltrations,
                         int dnsTxtBursts, int clientTxtBursts, long startMillis, long detectFromMillis,
                         double seconds) {

        public Path input(String inputDir) {
            return dir.resolve(inputDir);
        }
    }

    private final long requested;
    private final long seed;
    private final PrintStream progress;
    private final long start = GeneratorOptions.DEFAULT_START.toEpochMilli();
    private final long end = start + DAYS * DAY;
    private final int domainUniverse;
    private final int clientUniverse;
    private final BenchSampling.Zipf zipf;
    private final double popularFlowMean;
    /** Domain indexes below this are the popular sites (see {@link #POPULAR_DAILY_LOOKUPS}). */
    private final int popularRanks;
    /** The clients and domains, all functions of their index and the seed. */
    private final BenchUniverse universe;
    private final SplittableRandom rng;
    private final SplittableRandom attackRng;
    private final SplittableRandom badLineRng;

    private final BitSet domainsSeen;
    private final BitSet clientsSeen;
    private int extraDomainsSeen;
    private int nextFreshDomain;

    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong((Pending p) -> p.time).thenComparingInt(p -> p.ticks).thenComparingLong(p -> p.seq));
    private long seq;
    private long generated;
    private final StringBuilder sb = new StringBuilder(1024);
    private final StringBuilder scratch = new StringBuilder(256);
    private final BenchPartWriter[] writers = new BenchPartWriter[INPUT_DIRS.length];

    private int exfiltrations;
    private int dnsTxtBursts;
    private int clientTxtBursts;

    private BenchDataWriter(long records, long seed, PrintStream progress) {
        this.requested = records;
        this.seed = seed;
        this.progress = progress;
        this.domainUniverse = (int) Math.min(20_000_000, Math.max(1_000, records / 50));
        this.clientUniverse = (int) Math.min(500_000, Math.max(100, records / 300));
        this.zipf = new BenchSampling.Zipf(domainUniverse);
        double total = 0;
        for (int k = 1; k <= domainUniverse; k++) total += 1.0 / k;
        // Zipf: the domain of rank k gets 1 / (k * total) of the lookups.
        double lookupsPerDay = records * DNS_SHARE / DAYS;
        this.popularRanks = (int) Math.max(10, Math.min(domainUniverse, lookupsPerDay / (POPULAR_DAILY_LOOKUPS * total)));
        double popular = 0;
        for (int k = 1; k <= popularRanks; k++) popular += 1.0 / k;
        double p = popular / total;
        this.popularFlowMean = FLOWS_PER_SITE_LOOKUP / (p + (1 - p) * TAIL_FLOW_WEIGHT);
        this.domainsSeen = new BitSet(domainUniverse);
        this.clientsSeen = new BitSet(clientUniverse);
        this.nextFreshDomain = domainUniverse;

        SplittableRandom root = new SplittableRandom(seed);
        this.universe = new BenchUniverse(seed, domainUniverse, clientUniverse, root);
        this.rng = root.split();
        this.attackRng = root.split();
        this.badLineRng = root.split();
    }

    /**
     * Writes a data set of about {@code records} lines into {@code dir}, which must not exist yet.
     *
     * @param progress receives a line at every tenth of the way
     */
    public static Result write(Path dir, long records, long seed, PrintStream progress) throws IOException {
        if (records < 1_000) throw new IllegalArgumentException("records must be at least 1000, got " + records);
        if (Files.exists(dir)) throw new IOException(dir + " exists already");
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            Result r = new BenchDataWriter(records, seed, progress).run(tmp, dir);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            return r;
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
    }

    /** The data set written into {@code dir} earlier, or null if there is none (or an older version's). */
    public static Result read(Path dir) throws IOException {
        return BenchSummary.read(dir);
    }

    /** Detection starts after the baseline week, as {@link DataSetGenerator#detectFromMillis} has it. */
    public static long detectFromMillis() {
        return DataSetGenerator.detectFromMillis(GeneratorOptions.defaults(Path.of(".")).withDays(DAYS));
    }

    private Result run(Path tmp, Path finalDir) throws IOException {
        long startNanos = System.nanoTime();
        for (int i = 0; i < writers.length; i++) writers[i] = new BenchPartWriter(tmp.resolve(INPUT_DIRS[i]));
        try {
            // Planned first, into the queue that orders every row: they are few, and sit there until their time.
            planAttacks();
            planBadLines();
            long benign = Math.max(0, requested - generated);

            int slices = (int) ((end - start) / SLICE);
            double[] weights = new double[slices];
            double total = 0;
            for (int k = 0; k < slices; k++) {
                long t = start + k * SLICE;
                int hour = (int) ((t - start) % DAY / HOUR);
                int weekday = LocalDate.ofEpochDay(Math.floorDiv(t, DAY)).getDayOfWeek().getValue();
                weights[k] = BenignTraffic.HOURLY_WEIGHTS[hour] * (weekday >= 6 ? WEEKEND_WEIGHT : 1.0);
                total += weights[k];
            }
            long base = generated;
            double cumulative = 0;
            long nextReport = requested / 10;
            for (int k = 0; k < slices; k++) {
                cumulative += weights[k];
                long target = base + Math.round(benign * cumulative / total);
                long sliceStart = start + k * SLICE;
                while (generated < target) action(sliceStart + rng.nextLong(SLICE));
                flush(sliceStart + SLICE - MAX_BACKWARD);
                while (nextReport > 0 && generated >= nextReport && nextReport <= requested) {
                    progress.printf("bench data: %d%% (%,d records, %.0f s)%n", Math.round(100.0 * nextReport / requested),
                            generated, (System.nanoTime() - startNanos) / 1e9);
                    nextReport += requested / 10;
                }
            }
            flush(Long.MAX_VALUE);
        } finally {
            for (BenchPartWriter w : writers) w.close();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long records = 0;
        for (BenchPartWriter w : writers) records += w.lines;
        Result r = new Result(finalDir, seed, requested, records, writers[DNS].lines, writers[FIREWALL].lines,
                writers[VM].lines, writers[CLIENT].lines, PARTS * BAD_LINES_PER_PART,
                domainsSeen.cardinality() + (long) extraDomainsSeen, clientsSeen.cardinality(), domainUniverse,
                clientUniverse, exfiltrations, dnsTxtBursts, clientTxtBursts, start, detectFromMillis(), seconds);
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(SUMMARY).toFile(), BenchSummary.json(r));
        progress.printf("bench data: %,d records in %.0f s: %,d distinct registrable domains, %,d clients%n", records,
                seconds, r.domains(), r.clients());
        return r;
    }

    // ---------------------------------------------------------------- benign traffic

    /** One thing a client does at {@code t}, with every row it leads to. */
    private void action(long t) {
        SplittableRandom r = rng;
        int c = universe.randomClient(r);
        double x = r.nextDouble();
        if (x < 0.06) {
            clientQuery(t, r);
        } else if (x < 0.075) {
            otherSubType(c, t, r);
        } else if (x < 0.085) {
            int d = zipf.sample(r) - 1;
            dnsRow(c, TXT_PREFIXES[r.nextInt(TXT_PREFIXES.length)] + universe.domain(d).name, "TXT", 256, "LookupQuery", r);
            sb.append(",\"ResultCode\":0}");
            pushDnsLookup(t, r, c, d);
        } else if (x < 0.115) {
            unansweredLookup(c, t, r);
        } else if (x < 0.125) {
            // Connections no lookup explains: east-west traffic and hard-coded public addresses.
            String destination = r.nextDouble() < 0.7 ? "10.0." + r.nextInt(8) + "." + (1 + r.nextInt(254))
                    : BenchUniverse.publicV4(r.nextLong());
            flow(c, destination, t, r);
        } else if (x < 0.127) {
            int host = universe.randomWindowsHost(r);
            if (host >= 0) {
                eventRow(universe.computer(host), "System", "Service Control Manager", 7036);
                sb.append("The ").append(DnsClientTraffic.SERVICES[r.nextInt(DnsClientTraffic.SERVICES.length)])
                        .append(" service entered the ").append(r.nextBoolean() ? "running" : "stopped").append(" state.");
                endEventRow();
                push(CLIENT, t, r.nextInt(10_000));
            }
        } else {
            siteLookup(c, zipf.sample(r) - 1, t, r);
        }
    }

    private void siteLookup(int c, int d, long t, SplittableRandom r) {
        BenchUniverse.Domain dom = universe.domain(d);
        String[] answer;
        if (dom.v4.length == 0) {
            answer = INTERNAL_ANSWERS;
        } else {
            int first = r.nextInt(dom.v4.length);
            answer = new String[1 + r.nextInt(dom.v4.length)];
            for (int i = 0; i < answer.length; i++) answer[i] = dom.v4[(first + i) % dom.v4.length];
        }
        String host = dom.hosts[r.nextDouble() < 0.5 ? 0 : r.nextInt(dom.hosts.length)];
        double spelling = r.nextDouble();
        if (spelling < 0.01) host = host.toUpperCase(java.util.Locale.ROOT);
        else if (spelling < 0.025) host = host + ".";
        dnsRow(c, host, r.nextDouble() < 0.01 ? "1" : "A", 256, "LookupQuery", r);
        sb.append(",\"IPAddresses\":\"");
        String separator = r.nextDouble() < 0.1 ? ", " : ",";
        for (int i = 0; i < answer.length; i++) {
            if (i > 0) sb.append(separator);
            sb.append(answer[i]);
        }
        sb.append("\",\"ResultCode\":0}");
        int ticks = r.nextInt(10_000);
        // A resolver logging the same answer twice: two identical rows are two lookups.
        if (r.nextDouble() < 0.003) push(DNS, t, ticks);
        pushDnsLookup(t, ticks, c, d);
        if (dom.v4.length == 0) return;
        int flows = BenignTraffic.poisson(popularFlowMean * (d < popularRanks ? 1.0 : TAIL_FLOW_WEIGHT), r);
        for (int i = 0; i < flows; i++) flow(c, answer[r.nextInt(answer.length)], t + BenignTraffic.flowOffset(r), r);
    }


    private void flow(int c, String destination, long t, SplittableRandom r) {
        int port = BenignTraffic.port(r);
        long sent = Math.max(60, Math.min(50_000_000L, Math.round(1_500 * StrictMath.exp(1.4 * Catalog.Gaussian.next(r)))));
        long received = Math.max(0, Math.min(500_000_000L, Math.round(20_000 * StrictMath.exp(1.8 * Catalog.Gaussian.next(r)))));
        if (universe.isVm(c)) {
            vmRow(c, "outbound", universe.ip(c), destination, port, sent, received, r);
            push(VM, t, r.nextInt(10_000));
            // The remote end talking back in: inbound rows are not the VM sending data out.
            if (r.nextDouble() < 0.08) {
                vmRow(c, "inbound", destination, universe.ip(c), new int[] {443, 22, 3389}[r.nextInt(3)], received / 10, sent, r);
                push(VM, t + r.nextLong(10 * MINUTE), r.nextInt(10_000));
            }
            // Egress through the firewall logs the same connection again, as a second data type.
            if (r.nextDouble() < 0.3) firewallFlow(c, destination, port, sent, received, t + r.nextLong(2 * SECOND), r);
        } else {
            firewallFlow(c, destination, port, sent, received, t, r);
        }
    }

    private void firewallFlow(int c, String destination, int port, long sent, long received, long t, SplittableRandom r) {
        firewallRow(universe.ip(c), destination, port, sent, received, Flow.PALO_ALTO, "PAN-OS", "TRAFFIC", "allow", r);
        push(FIREWALL, t, r.nextInt(10_000));
        // Rows the rule must not count: other vendors, and Palo Alto's non-traffic logs about the same session.
        if (r.nextDouble() < 0.05) {
            switch (r.nextInt(3)) {
                case 0 -> firewallRow(universe.ip(c), destination, port, sent, received, "Fortinet", "Fortigate",
                        "traffic:forward accept", "allow", r);
                case 1 -> firewallRow(universe.ip(c), destination, port, sent, received, "Check Point", "VPN-1 & FireWall-1",
                        "Accept", "allow", r);
                default -> firewallRow(universe.ip(c), destination, port, sent, received, Flow.PALO_ALTO, "PAN-OS", "THREAT",
                        "alert", r);
            }
            push(FIREWALL, t + r.nextLong(5 * SECOND), r.nextInt(10_000));
        }
    }

    /** Rows of other SubTypes; a Response carries answers that must still not count as a lookup. */
    private void otherSubType(int c, long t, SplittableRandom r) {
        if (r.nextBoolean()) {
            BenchUniverse.Domain dom = universe.domain(zipf.sample(r) - 1);
            dnsRow(c, dom.hosts[0], "A", 257, "Response", r);
            sb.append(",\"IPAddresses\":\"").append(dom.v4.length > 0 ? dom.v4[0] : INTERNAL_ANSWERS[0]).append("\"}");
        } else {
            dnsRow(c, universe.computer(c).toLowerCase(java.util.Locale.ROOT), "A", 519, "DynamicRegistration", r);
            sb.append(",\"IPAddresses\":\"").append(universe.ip(c)).append("\"}");
        }
        push(DNS, t, r.nextInt(10_000));
    }

    /** Lookups without a usable answer (NXDOMAIN, empty, blank): they must not count for the baseline. */
    private void unansweredLookup(int c, long t, SplittableRandom r) {
        int d;
        String name;
        if (r.nextDouble() < 0.6) {
            d = zipf.sample(r) - 1;
            name = "wwww." + universe.domain(d).name;
        } else {
            d = BenchUniverse.INTERNAL;
            name = new String[] {"wpad.corp.contoso.com", "isatap.corp.contoso.com",
                "_ldap._tcp.dc._msdcs.contoso.com"}[r.nextInt(3)];
        }
        dnsRow(c, name, "A", 256, "LookupQuery", r);
        double y = r.nextDouble();
        if (y < 0.45) sb.append(",\"IPAddresses\":\"\"");
        else if (y < 0.6) sb.append(",\"IPAddresses\":\"  \"");
        else if (y < 0.7) sb.append(",\"IPAddresses\":null");
        sb.append(",\"ResultCode\":3}");
        pushDnsLookup(t, r, c, d);
    }

    /**
     * One query of a Windows host with the DNS-Client log on, as the client logs it: called (3006), and mostly also
     * answered (3020) and completed (3008), which the TXT rule must not count again.
     */
    private void clientQuery(long t, SplittableRandom r) {
        int host = universe.randomWindowsHost(r);
        if (host < 0) return;
        BenchUniverse.Domain dom = universe.domain(zipf.sample(r) - 1);
        String name = dom.hosts[r.nextInt(dom.hosts.length)];
        String results = "";
        int type;
        double x = r.nextDouble();
        if (x < 0.6) {
            type = TYPE_A;
            scratch.setLength(0);
            for (String a : dom.v4.length > 0 ? dom.v4 : INTERNAL_ANSWERS) scratch.append("::ffff:").append(a).append(';');
            results = scratch.toString();
        } else if (x < 0.86) {
            type = 28;
        } else if (x < 0.91) {
            type = 65;
        } else if (x < 0.94) {
            type = 33;
            name = r.nextBoolean() ? "_ldap._tcp.dc._msdcs.corp.contoso.com" : "_kerberos._tcp.corp.contoso.com";
        } else if (x < 0.965) {
            type = 12;
            name = (1 + r.nextInt(254)) + "." + r.nextInt(8) + ".0.10.in-addr.arpa";
        } else if (x < 0.98) {
            // No TXT record, though "type 160" starts with 16.
            type = 160;
        } else if (x < 0.985) {
            type = TYPE_TXT;
            name = (r.nextBoolean() ? "_dmarc." : "") + dom.name;
        } else {
            type = TYPE_A;
            name = "wpad.corp.contoso.com";
            results = "::ffff:10.0.0.10;";
        }
        clientEvents(universe.computer(host), name, type, t, 0.85, results, r);
    }

    private void clientEvents(String computer, String name, int type, long t, double detailShare, String results,
                              SplittableRandom r) {
        long queryOptions = DnsClientTraffic.QUERY_OPTIONS[r.nextInt(DnsClientTraffic.QUERY_OPTIONS.length)];
        String servers = DnsClientTraffic.SERVER_LISTS[r.nextInt(DnsClientTraffic.SERVER_LISTS.length)];
        eventRow(DnsClientTraffic.computerSpelling(computer, r), DnsClientEventParser.DNS_CLIENT_LOG, DnsClientTraffic.DNS_CLIENT_SOURCE,
                DnsClientTraffic.QUERY_CALLED);
        CALLED.append(sb, name, type, queryOptions, servers);
        endEventRow();
        push(CLIENT, t, r.nextInt(10_000));
        // 9501: the name exists but has no record of the type asked for.
        int status = results.isEmpty() && (type == TYPE_A || type == 28) ? 9501 : 0;
        long answered = t + 1 + r.nextLong(150);
        if (r.nextDouble() < detailShare) {
            eventRow(DnsClientTraffic.computerSpelling(computer, r), DnsClientEventParser.DNS_CLIENT_LOG,
                    DnsClientTraffic.DNS_CLIENT_SOURCE, DnsClientTraffic.QUERY_RESPONSE);
            RESPONSE.append(sb, name, type, status, results);
            endEventRow();
            push(CLIENT, answered, r.nextInt(10_000));
        }
        if (r.nextDouble() < detailShare) {
            eventRow(DnsClientTraffic.computerSpelling(computer, r), DnsClientEventParser.DNS_CLIENT_LOG,
                    DnsClientTraffic.DNS_CLIENT_SOURCE, DnsClientTraffic.QUERY_COMPLETED);
            COMPLETED.append(sb, name, type, queryOptions, status, results);
            endEventRow();
            push(CLIENT, answered + r.nextLong(3), r.nextInt(10_000));
        }
    }

    // ---------------------------------------------------------------- injected attacks

    /**
     * On every detection day: exfiltrations (a never-seen name resolved, then megabytes sent to its address within the
     * hour), a DnsEvents TXT burst, and a DNSlivery-style burst in the DNS client events. Planned before the benign
     * traffic, from a stream of their own, so they are where they are whatever N is.
     */
    private void planAttacks() {
        SplittableRandom r = attackRng;
        long detectFrom = detectFromMillis();
        int n = 0;
        for (long day = detectFrom; day < end; day += DAY) {
            for (int i = 0; i < EXFILTRATIONS_PER_DAY; i++) exfiltration(n++, day + (1 + r.nextInt(21)) * HOUR + r.nextLong(HOUR), r);
            for (int i = 0; i < DNS_TXT_BURSTS_PER_DAY; i++) dnsTxtBurst(day + (8 + r.nextInt(10)) * HOUR + r.nextLong(HOUR), r);
            for (int i = 0; i < CLIENT_TXT_BURSTS_PER_DAY; i++) clientTxtBurst(day + (9 + r.nextInt(8)) * HOUR + r.nextLong(HOUR), r);
        }
    }

    private void exfiltration(int i, long lookup, SplittableRandom r) {
        boolean viaVm = i % 2 == 1;
        int c;
        do {
            c = r.nextInt(clientUniverse);
        } while (universe.isVm(c) != viaVm && clientUniverse > 1);
        String name = switch (i % 3) {
            case 0 -> "upload." + freshDomain(new String[] {"xyz", "top", "info", "net"}[r.nextInt(4)]);
            case 1 -> "sync." + freshDomain("co.uk");
            default -> freshDomain("s3.amazonaws.com");
        };
        String address = BenchUniverse.ATTACK_FIRST_OCTET + "." + (200 + i / 254 % 56) + "." + r.nextInt(256) + "." + (1 + i % 254);
        int port = i % 4 == 3 ? 8443 : 443;
        dnsRow(c, name, "A", 256, "LookupQuery", r);
        sb.append(",\"IPAddresses\":\"").append(address).append("\",\"ResultCode\":0}");
        push(DNS, lookup, r.nextInt(10_000));
        clientsSeen.set(c);
        extraDomainsSeen++;
        int count = 3 + r.nextInt(2);
        for (int j = 0; j < count; j++) {
            long ft = lookup + 2 * MINUTE + j * 12 * MINUTE + r.nextLong(MINUTE);
            long sent = 1_000_000L + r.nextLong(3_000_000L);
            long received = 2_000L + r.nextLong(20_000L);
            if (viaVm) {
                vmRow(c, "outbound", universe.ip(c), address, port, sent, received, r);
                push(VM, ft, r.nextInt(10_000));
            } else {
                firewallRow(universe.ip(c), address, port, sent, received, Flow.PALO_ALTO, "PAN-OS", "TRAFFIC", "allow", r);
                push(FIREWALL, ft, r.nextInt(10_000));
            }
        }
        exfiltrations++;
    }

    /** DNS tunnel staging seen by the DNS server: 8 to 12 TXT queries for numbered labels of one fresh domain. */
    private void dnsTxtBurst(long t, SplittableRandom r) {
        int c = r.nextInt(clientUniverse);
        String domain = freshDomain("xyz");
        int n = 8 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            dnsRow(c, (i == 0 ? "print" : Integer.toString(i)) + "." + domain, "TXT", 256, "LookupQuery", r);
            sb.append(",\"ResultCode\":0}");
            push(DNS, t + i * (10 * SECOND + r.nextLong(10 * SECOND)), r.nextInt(10_000));
        }
        clientsSeen.set(c);
        extraDomainsSeen++;
        dnsTxtBursts++;
    }

    /** DNSlivery on a Windows host: a launcher TXT query, then 18 to 22 numbered chunks a few seconds apart. */
    private void clientTxtBurst(long t, SplittableRandom r) {
        int host = universe.randomWindowsHost(r);
        String computer = host >= 0 ? universe.computer(host) : "WS9001.corp.contoso.com";
        String zone = new String[] {"stager", "beacon", "loader"}[r.nextInt(3)] + "." + freshDomain("top");
        int chunks = 18 + r.nextInt(5);
        long ti = t;
        for (int i = 0; i <= chunks; i++) {
            clientEvents(computer, (i == 0 ? "launcher" : Integer.toString(i)) + "." + zone, TYPE_TXT, ti, 0.85, "", r);
            ti += 1_500 + r.nextLong(3_000);
        }
        clientTxtBursts++;
    }

    /** A registrable domain outside the universe, so never looked up by anyone else. */
    private String freshDomain(String suffix) {
        scratch.setLength(0);
        universe.label(nextFreshDomain++, scratch);
        return scratch.append('.').append(suffix).toString();
    }

    // ---------------------------------------------------------------- bad lines

    /** Two malformed lines at random times in each part of each input: one cut short, one with an impossible date. */
    private void planBadLines() {
        SplittableRandom r = badLineRng;
        long partLength = (end - start) / PARTS;
        for (int input = 0; input < INPUT_DIRS.length; input++) {
            for (int p = 0; p < PARTS; p++) {
                for (int k = 0; k < BAD_LINES_PER_PART; k++) {
                    long t = start + p * partLength + r.nextLong(partLength);
                    int c = r.nextInt(clientUniverse);
                    switch (input) {
                        case DNS -> {
                            dnsRow(c, "www.microsoft.com", "A", 256, "LookupQuery", r);
                            sb.append(",\"IPAddresses\":\"").append(universe.domain(0).v4[0]).append("\",\"ResultCode\":0}");
                        }
                        case FIREWALL -> firewallRow(universe.ip(c), BenchUniverse.publicV4(r.nextLong()), 443, 1_000, 2_000, Flow.PALO_ALTO,
                                "PAN-OS", "TRAFFIC", "allow", r);
                        case VM -> vmRow(c, "outbound", universe.ip(c), BenchUniverse.publicV4(r.nextLong()), 443, 1_000, 2_000, r);
                        default -> {
                            eventRow("WKS-" + c + ".corp.contoso.com", DnsClientEventParser.DNS_CLIENT_LOG,
                                    DnsClientTraffic.DNS_CLIENT_SOURCE, DnsClientTraffic.QUERY_CALLED);
                            CALLED.append(sb, "_dmarc.microsoft.com", TYPE_TXT, DnsClientTraffic.QUERY_OPTIONS[0], "");
                            endEventRow();
                        }
                    }
                    if (k == 0) {
                        // A line cut short by a crashed writer.
                        sb.setLength(sb.length() / 2);
                        sb.append('\n');
                    } else {
                        int at = sb.indexOf("\"TimeGenerated\":\"") + "\"TimeGenerated\":\"".length();
                        sb.replace(at, at + 28, "2026-11-31T10:00:00.0000000Z");
                    }
                    push(input, t, r.nextInt(10_000));
                }
            }
        }
    }

    // ---------------------------------------------------------------- rows

    private void dnsRow(int c, String name, String queryType, int eventId, String subType, SplittableRandom r) {
        sb.setLength(0);
        sb.append("{\"TimeGenerated\":\"").append(TIME_PLACEHOLDER).append("\",\"Computer\":\"")
                .append(BenignTraffic.DNS_SERVERS[r.nextInt(BenignTraffic.DNS_SERVERS.length)])
                .append("\",\"EventId\":").append(eventId).append(",\"SubType\":\"").append(subType)
                .append("\",\"ClientIP\":\"");
        BenchUniverse.appendIp(c, sb);
        sb.append("\",\"Name\":\"").append(name).append("\",\"QueryType\":\"").append(queryType)
                .append("\",\"Type\":\"DnsEvents\"");
    }

    private void firewallRow(String source, String destination, int port, long sent, long received, String vendor,
                             String product, String activity, String action, SplittableRandom r) {
        sb.setLength(0);
        sb.append("{\"TimeGenerated\":\"").append(TIME_PLACEHOLDER).append("\",\"DeviceVendor\":\"").append(vendor)
                .append("\",\"DeviceProduct\":\"").append(product).append("\",\"DeviceVersion\":\"10.2.9\",\"Activity\":\"")
                .append(activity).append("\",\"DeviceAction\":\"").append(action).append("\",\"Computer\":\"")
                .append(BenignTraffic.FIREWALLS[r.nextInt(BenignTraffic.FIREWALLS.length)])
                .append("\",\"Protocol\":\"TCP\",\"SourceIP\":\"").append(source).append("\",\"SourcePort\":")
                .append(49_152 + r.nextInt(16_384)).append(",\"DestinationIP\":\"").append(destination)
                .append("\",\"DestinationPort\":").append(port).append(",\"SentBytes\":").append(sent)
                .append(",\"ReceivedBytes\":").append(received).append(",\"Type\":\"CommonSecurityLog\"}");
    }

    private void vmRow(int c, String direction, String source, String destination, int port, long sent, long received,
                       SplittableRandom r) {
        sb.setLength(0);
        sb.append("{\"TimeGenerated\":\"").append(TIME_PLACEHOLDER).append("\",\"Computer\":\"").append(universe.computer(c))
                .append("\",\"Direction\":\"").append(r.nextDouble() < 0.01 && direction.equals("outbound") ? "Outbound" : direction)
                .append("\",\"ProcessName\":\"").append(PROCESSES[r.nextInt(PROCESSES.length)])
                .append("\",\"SourceIp\":\"").append(source).append("\",\"DestinationIp\":\"").append(destination)
                .append("\",\"DestinationPort\":").append(port).append(",\"Protocol\":\"tcp\",\"BytesSent\":").append(sent)
                .append(",\"BytesReceived\":").append(received).append(",\"LinksEstablished\":1,\"Type\":\"VMConnection\"}");
    }

    /** Starts an Event row; the caller appends the RenderedDescription and calls {@link #endEventRow}. */
    private void eventRow(String computer, String eventLog, String source, int eventId) {
        sb.setLength(0);
        sb.append("{\"TenantId\":\"").append(SentinelWriter.EVENT_TENANT)
                .append("\",\"SourceSystem\":\"OpsManager\",\"TimeGenerated\":\"").append(TIME_PLACEHOLDER)
                .append("\",\"Source\":\"").append(source).append("\",\"EventLog\":\"").append(eventLog)
                .append("\",\"Computer\":\"").append(computer)
                .append("\",\"EventLevel\":4,\"EventLevelName\":\"Information\",\"EventID\":").append(eventId)
                .append(",\"RenderedDescription\":\"");
        eventLogIsSystem = eventLog.equals("System");
    }

    private boolean eventLogIsSystem;

    private void endEventRow() {
        sb.append("\",\"UserName\":\"").append(eventLogIsSystem ? "N/A" : USER_NAME).append("\",\"Type\":\"Event\"}");
    }

    /** Same length as a formatted time, so the time can be written in place once the row is built. */
    private static final String TIME_PLACEHOLDER = "0000-00-00T00:00:00.0000000Z";

    private void pushDnsLookup(long t, SplittableRandom r, int c, int d) {
        pushDnsLookup(t, r.nextInt(10_000), c, d);
    }

    private void pushDnsLookup(long t, int ticks, int c, int d) {
        push(DNS, t, ticks);
        domainsSeen.set(d);
        clientsSeen.set(c);
    }

    private void push(int input, long t, int ticks) {
        pending.add(row(input, t, ticks));
        generated++;
    }

    private Pending row(int input, long t, int ticks) {
        if (sb.charAt(sb.length() - 1) != '\n') sb.append('\n');
        int at = sb.indexOf(TIME_PLACEHOLDER);
        if (at >= 0) writeTime(t, ticks, at);
        byte[] line = new byte[sb.length()];
        for (int i = 0; i < line.length; i++) line[i] = (byte) sb.charAt(i);
        return new Pending(t, ticks, seq++, input, line);
    }

    private long timeDay = Long.MIN_VALUE;
    private final char[] datePrefix = new char[11];

    /** Log Analytics' export form, as {@link DataSetGenerator#timeGenerated}, without its allocations. */
    private void writeTime(long millis, int ticks, int at) {
        long day = Math.floorDiv(millis, DAY);
        if (day != timeDay) {
            String d = LocalDate.ofEpochDay(day).toString();
            if (d.length() != 10) throw new IllegalStateException("year out of range: " + d);
            d.getChars(0, 10, datePrefix, 0);
            datePrefix[10] = 'T';
            timeDay = day;
        }
        for (int i = 0; i < 11; i++) sb.setCharAt(at + i, datePrefix[i]);
        long ms = millis - day * DAY;
        digits((int) (ms / HOUR), 2, at + 11);
        sb.setCharAt(at + 13, ':');
        digits((int) (ms / MINUTE % 60), 2, at + 14);
        sb.setCharAt(at + 16, ':');
        digits((int) (ms / SECOND % 60), 2, at + 17);
        sb.setCharAt(at + 19, '.');
        digits((int) (ms % SECOND) * 10_000 + ticks, 7, at + 20);
        sb.setCharAt(at + 27, 'Z');
    }

    private void digits(int value, int width, int at) {
        for (int i = width - 1; i >= 0; i--) {
            sb.setCharAt(at + i, (char) ('0' + value % 10));
            value /= 10;
        }
    }

    private void flush(long before) throws IOException {
        while (!pending.isEmpty() && pending.peek().time < before) {
            Pending p = pending.poll();
            long part = (p.time - start) * PARTS / (end - start);
            writers[p.input].write((int) Math.max(0, Math.min(PARTS - 1, part)), p.line);
        }
    }

    private record Pending(long time, int ticks, long seq, int input, byte[] line) {}

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the partial data set " + dir, e);
        }
    }
}
