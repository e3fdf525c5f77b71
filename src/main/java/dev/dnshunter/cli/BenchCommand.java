package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.bench.ByteFloor;
import dev.dnshunter.bench.ParseOnlyPass;
import dev.dnshunter.bench.PeakMemory;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.BenchDataWriter;
import dev.dnshunter.generate.BenchTranscoder;
import dev.dnshunter.generate.DataSetFormat;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.SeverityCounts;
import dev.dnshunter.alert.Severity;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench}: writes a data set of a given size once (cached by its parameters) with {@link BenchDataWriter}, then
 * times a parse-only pass over its files (the job's own parsers), the byte floor (the bytes read and the rules' columns
 * found, {@link ByteFloor}) and the backfill over the same files, and prints and writes the figures.
 */
final class BenchCommand {
    static final String USAGE = "usage: dns-hunter bench [--events N] [--format " + DataSetFormat.ids() + "] [--parallelism P] "
            + "[--state-backend batch|hashmap|rocksdb] [--seed S] [--cache-dir DIR] [--out FILE] "
            + "[--vs-duckdb [--pairs N] [--python PATH] [--peer-script FILE]] [--byte-floor-only [--floor-parser scanner|jackson]]";

    static final String HELP = USAGE + """


            Times the backfill on this machine. The data set (14 days: a baseline week and a week of detection; DNS
            lookups of N/50 synthetic registrable domains by Zipf popularity from N/300 clients (at most 500,000),
            firewall and VM connection flows after about half of them, DNS client events, injected exfiltrations and
            TXT bursts; 8 files per input) is written once per --events and --seed under --cache-dir, in bounded
            memory, and reused. Prints input events, distinct domains and clients, wall time, events/s, MB/s,
            alerts, peak heap and RSS for the job and for a parse-only pass over the same files (the job's parsers,
            on plain threads), the byte floor (the bytes read and the columns the parsers use found in each line by
            a byte scanner that checks the JSON grammar and looks only at the wanted values, Jackson for the lines
            it leaves to a full parser: the floor under any implementation), the same with Jackson's streaming
            parser over the UTF-8 bytes of every line, and the ratios job / parse-only, job / byte floor and job /
            Jackson byte floor; writes the same figures as JSON.

              --events N            input records, give or take a few (default 2000000)
              --format F            the log format the data set is read in (default sentinel): the Sentinel data set
                                    read into the normalized model and rendered by generate's writer of F, once
                                    (cached beside it); rows the Sentinel parsers skip and the DNS client events
                                    (Sentinel only) are left out, bad lines are kept (not in sentinel-csv)
              --parallelism P       job parallelism and parse-only threads (default 2)
              --state-backend B     batch: Flink's BATCH-mode keyed state (default); hashmap or rocksdb: that state
                                    backend instead (execution.batch-state-backend.enabled: false)
              --seed S              generator seed (default 1)
              --cache-dir DIR       where data sets are kept (default target/bench-cache)
              --out FILE            the JSON report (default bench-results/bench-<events>-<backend>-p<P>.json)

            --vs-duckdb runs the kql-mode rare-lookup backfill and a DuckDB peer of the same rule (bench/duckdb/,
            written from docs/rules.md) on the same files instead, each as its own process, in turn, --pairs times;
            compares their alerts key by key and field by field; prints wall and CPU seconds of each run, their
            medians and the ratio per pair; writes bench-results/vs-duckdb-<events>.json unless --out says otherwise.
            It needs the duckdb Python package and installs nothing: without it, it says how to install it and
            exits with 4. Exit 1 when the alerts differ. It then runs, the same way, the byte floor over the three
            inputs and the rule's columns (--byte-floor-only, as its own process) against DuckDB only reading those
            columns (the peer's --mode read).

              --pairs N             runs of each side (default 3)
              --python PATH         the Python that has duckdb (default python3)
              --peer-script FILE    the peer (default bench/duckdb/rare_lookup_kql.py of the installation)
              --byte-floor-only     only the byte floor over DnsEvents, CommonSecurityLog and VMConnection with the
                                    columns of the kql-mode rare rule; prints its seconds
              --floor-parser P      with --byte-floor-only: scanner (default) or jackson, how the values are found
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse(args, Set.of("events", "format", "parallelism", "state-backend", "seed", "cache-dir", "out", "pairs",
                "python", "peer-script", "floor-parser"), Set.of("vs-duckdb", "byte-floor-only"));
        String formatName = f.string("format", DataSetFormat.SENTINEL.id);
        DataSetFormat format = DataSetFormat.of(formatName);
        if (format == null) throw new UsageException("--format must be one of " + DataSetFormat.ids().replace('|', ' ') + ", got '" + formatName + "'");
        if (format != DataSetFormat.SENTINEL && (f.has("vs-duckdb") || f.has("byte-floor-only"))) {
            throw new UsageException("--vs-duckdb and --byte-floor-only read the Sentinel data set: leave out --format");
        }
        long events = f.longValue("events", 2_000_000);
        if (events < 10_000) throw new UsageException("--events must be at least 10000");
        int parallelism = f.integer("parallelism", 2, 1, 256);
        if (f.has("vs-duckdb")) {
            Path home = Path.of(System.getProperty("dns-hunter.home", "."));
            return DuckDbPeerBench.run(new DuckDbPeerBench.Options(events, f.longValue("seed", 1),
                    f.path("cache-dir", Path.of("target/bench-cache")).toAbsolutePath(), parallelism, f.integer("pairs", 3, 1, 100),
                    f.string("python", "python3"), f.path("peer-script", home.resolve(DuckDbPeerBench.SCRIPT)),
                    f.path("out", Path.of("bench-results", "vs-duckdb-" + events + ".json"))), out, err);
        }
        if (f.has("byte-floor-only")) {
            String parserName = f.string("floor-parser", ByteFloor.Parser.SCANNER.id);
            ByteFloor.Parser parser = ByteFloor.Parser.of(parserName);
            if (parser == null) throw new UsageException("--floor-parser must be scanner or jackson, got '" + parserName + "'");
            return DuckDbPeerBench.byteFloor(dataSet(f.path("cache-dir", Path.of("target/bench-cache")).toAbsolutePath(), events,
                    f.longValue("seed", 1), err), parallelism, parser, out);
        }
        if (f.has("floor-parser")) throw new UsageException("--floor-parser is a flag of --byte-floor-only");
        for (String peerOnly : List.of("pairs", "python", "peer-script")) {
            if (f.has(peerOnly)) throw new UsageException("--" + peerOnly + " is a flag of --vs-duckdb");
        }
        String backend = f.string("state-backend", "batch").toLowerCase(Locale.ROOT);
        if (!Set.of("batch", "hashmap", "rocksdb").contains(backend)) {
            throw new UsageException("--state-backend must be batch, hashmap or rocksdb, got '" + backend + "'");
        }
        long seed = f.longValue("seed", 1);
        Path cache = f.path("cache-dir", Path.of("target/bench-cache")).toAbsolutePath();
        Path report = f.path("out", Path.of("bench-results", "bench-" + events + "-" + backend + "-p" + parallelism
                + (format == DataSetFormat.SENTINEL ? "" : "-" + format.id) + ".json"));

        BenchDataWriter.Result data = dataSet(cache, events, seed, err);
        DetectionConfig config = DetectionConfig.defaults().withDetectFromMillis(data.detectFromMillis());
        Map<Input, Path> inputs = new EnumMap<>(Input.class);
        if (format == DataSetFormat.SENTINEL) {
            inputs.put(Input.DNS_EVENTS, data.input(DataSetGenerator.DNS_EVENTS_DIR));
            inputs.put(Input.FIREWALL_EVENTS, data.input(DataSetGenerator.FIREWALL_EVENTS_DIR));
            inputs.put(Input.VM_CONNECTIONS, data.input(DataSetGenerator.VM_CONNECTIONS_DIR));
            inputs.put(Input.DNS_CLIENT_EVENTS, data.input(DataSetGenerator.DNS_CLIENT_EVENTS_DIR));
        } else {
            Path dir = data.dir().resolveSibling(data.dir().getFileName() + "-" + format.id);
            err.println("bench: the data set in " + format.id + " in " + dir);
            Path rendered = BenchTranscoder.transcode(data, format, dir);
            format.inputs().forEach((input, sub) -> inputs.put(input, rendered.resolve(sub)));
        }
        err.println("bench: parse-only pass (" + parallelism + " threads)");
        PeakMemory.reset();
        ParseOnlyPass.Result parse = ParseOnlyPass.run(inputs, config, parallelism);
        long parseHeap = PeakMemory.peakHeapBytes();
        // The byte floor finds JSON columns: Sentinel's. Another format's data set is timed without it.
        ByteFloor.Result floor = null;
        ByteFloor.Result jacksonFloor = null;
        if (format == DataSetFormat.SENTINEL) {
            err.println("bench: byte floor (" + parallelism + " threads)");
            floor = ByteFloor.run(ByteFloor.parserColumns(inputs), parallelism, ByteFloor.Parser.SCANNER);
            err.println("bench: byte floor with Jackson (" + parallelism + " threads)");
            jacksonFloor = ByteFloor.run(ByteFloor.parserColumns(inputs), parallelism, ByteFloor.Parser.JACKSON);
        }

        Path runDir = Files.createTempDirectory("dns-hunter-bench");
        BackfillCommand.Plan plan = new BackfillCommand.Plan(inputs.get(Input.DNS_EVENTS), inputs.get(Input.FIREWALL_EVENTS),
                inputs.get(Input.VM_CONNECTIONS), inputs.get(Input.DNS_CLIENT_EVENTS), null, List.of(), runDir.resolve("alerts"),
                runDir.resolve("dead-letters"), runDir.resolve("excluded"), parallelism, config, false, inputs.get(Input.ZEEK_DNS),
                inputs.get(Input.ZEEK_CONN), inputs.get(Input.SURICATA_EVE), inputs.get(Input.ECS), null, inputs.get(Input.ASIM_DNS),
                inputs.get(Input.ASIM_NETWORK_SESSIONS));
        err.println("bench: backfill (parallelism " + parallelism + ", state " + backend + ")");
        PeakMemory.reset();
        long start = System.nanoTime();
        SeverityCounts severities = SeverityCounts.of(BackfillCommand.execute(plan, err, backend).getAllAccumulatorResults());
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        long jobHeap = PeakMemory.peakHeapBytes();
        long alerts = BackfillCommand.countLines(plan.alertsDir());

        ObjectNode r = JSON.createObjectNode();
        r.put("date", Instant.now().toString());
        r.put("machine", machine());
        r.put("events", parse.records());
        r.put("inputBytes", parse.bytes());
        r.put("format", format.id);
        r.put("parallelism", parallelism);
        r.put("stateBackend", backend);
        r.put("seed", seed);
        r.put("domains", data.domains());
        r.put("clients", data.clients());
        ObjectNode job = r.putObject("job");
        job.put("seconds", round(jobSeconds));
        job.put("eventsPerSecond", Math.round(parse.records() / jobSeconds));
        job.put("megabytesPerSecond", round(parse.bytes() / 1e6 / jobSeconds));
        job.put("alerts", alerts);
        ObjectNode perSeverity = job.putObject("alertsPerRuleAndSeverity");
        severities.written.forEach((rule, counts) -> {
            ObjectNode o = perSeverity.putObject(rule);
            counts.forEach((sev, n) -> o.put(sev.label(), n));
        });
        job.put("peakHeapBytes", jobHeap);
        job.put("peakRssBytes", PeakMemory.peakRssBytes());
        ObjectNode p = r.putObject("parseOnly");
        p.put("seconds", round(parse.seconds()));
        p.put("eventsPerSecond", Math.round(parse.records() / parse.seconds()));
        p.put("megabytesPerSecond", round(parse.bytes() / 1e6 / parse.seconds()));
        p.put("peakHeapBytes", parseHeap);
        r.put("jobOverParseOnly", round(jobSeconds / parse.seconds()));
        ObjectNode b = null;
        ObjectNode bj = null;
        if (floor != null) {
            b = floorNode(r.putObject("byteFloor"), floor);
            bj = floorNode(r.putObject("byteFloorJackson"), jacksonFloor);
            r.put("jobOverByteFloor", round(jobSeconds / floor.seconds()));
            r.put("jobOverByteFloorJackson", round(jobSeconds / jacksonFloor.seconds()));
        }

        out.printf("machine:            %s%n", r.get("machine").asText());
        out.printf("input events:       %,d (%,.1f MB) in %s, parallelism %d, state %s%n", parse.records(), parse.bytes() / 1e6,
                format.id, parallelism, backend);
        out.printf("data set:           %,d distinct registrable domains looked up, %,d clients%n", data.domains(), data.clients());
        out.printf("%-19s %10s %14s %10s %12s %14s%n", "", "wall s", "events/s", "MB/s", "alerts", "peak heap MB");
        out.printf("%-19s %10.2f %,14d %10.1f %,12d %14.0f%n", "backfill job", jobSeconds, job.get("eventsPerSecond").asLong(),
                job.get("megabytesPerSecond").asDouble(), alerts, jobHeap / 1e6);
        out.printf("%-19s %10.2f %,14d %10.1f %12s %14.0f%n", "parse-only", parse.seconds(), p.get("eventsPerSecond").asLong(),
                p.get("megabytesPerSecond").asDouble(), "-", parseHeap / 1e6);
        if (floor != null) {
            out.printf("%-19s %10.2f %,14d %10.1f %12s %14s%n", "byte floor", floor.seconds(), b.get("eventsPerSecond").asLong(),
                    b.get("megabytesPerSecond").asDouble(), "-", "-");
            out.printf("%-19s %10.2f %,14d %10.1f %12s %14s%n", "byte floor, Jackson", jacksonFloor.seconds(),
                    bj.get("eventsPerSecond").asLong(), bj.get("megabytesPerSecond").asDouble(), "-", "-");
        }
        severities.written.forEach((rule, counts) -> out.printf("%-19s %s%n", rule.length() > 18 ? rule.substring(0, 18) + ":" : rule + ":",
                Severity.summary(counts)));
        out.printf("job / parse-only:   %.2f×%s; peak RSS of this JVM %,.0f MB%n", jobSeconds / parse.seconds(),
                floor == null ? " (no byte floor for " + format.id + ")" : String.format("; job / byte floor: %.2f× (Jackson's: %.2f×)",
                        jobSeconds / floor.seconds(), jobSeconds / jacksonFloor.seconds()),
                PeakMemory.peakRssBytes() / 1e6);
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writerWithDefaultPrettyPrinter().writeValue(report.toFile(), r);
        out.println("report: " + report.toAbsolutePath());
        return 0;
    }

    /** The data set for these parameters, written once: the writer moves it into place only when complete. */
    static BenchDataWriter.Result dataSet(Path cache, long events, long seed, PrintStream err) throws java.io.IOException {
        Path dir = cache.resolve("v" + BenchDataWriter.VERSION + "-events-" + events + "-seed-" + seed);
        BenchDataWriter.Result data = BenchDataWriter.read(dir);
        if (data != null) {
            err.println("bench: reusing the data set in " + dir);
            return data;
        }
        err.println("bench: writing " + events + " events into " + dir + " (once)");
        return BenchDataWriter.write(dir, events, seed, err);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception e) {
            // not Linux: the core count and JVM still say something
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap, Java " + System.getProperty("java.version")
                + " (" + ManagementFactory.getRuntimeMXBean().getVmName() + ")";
    }

    private static ObjectNode floorNode(ObjectNode b, ByteFloor.Result floor) {
        b.put("parser", floor.parser().id);
        b.put("seconds", round(floor.seconds()));
        b.put("eventsPerSecond", Math.round(floor.lines() / floor.seconds()));
        b.put("megabytesPerSecond", round(floor.bytes() / 1e6 / floor.seconds()));
        b.put("valuesFound", floor.values());
        b.put("linesReadByJackson", floor.jacksonLines());
        return b;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
