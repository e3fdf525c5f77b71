package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.bench.ParseOnlyPass;
import dev.dnshunter.bench.PeakMemory;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.pipeline.Input;
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
 * {@code bench}: generates a data set of a given size once (cached by its parameters), then times a parse-only pass
 * over its files (the floor) and the backfill over the same files, and prints and writes the figures.
 */
final class BenchCommand {
    static final String USAGE = "usage: dns-hunter bench [--events N] [--parallelism P] [--state-backend batch|hashmap|rocksdb] "
            + "[--seed S] [--cache-dir DIR] [--out FILE]";

    static final String HELP = USAGE + """


            Times the backfill on this machine. The data set (14 days: a baseline week and a week of detection, the
            generator's mix of DNS, firewall, VM connection and DNS client events) is written once per --events and
            --seed under --cache-dir and reused. Prints input events, wall time, events/s, MB/s, alerts, peak heap
            and RSS for the job and for a parse-only pass over the same files, and the ratio job / parse-only; writes
            the same figures as JSON.

              --events N            approximate input records (default 2000000)
              --parallelism P       job parallelism and parse-only threads (default 2)
              --state-backend B     batch: Flink's BATCH-mode keyed state (default); hashmap or rocksdb: that state
                                    backend instead (execution.batch-state-backend.enabled: false)
              --seed S              generator seed (default 1)
              --cache-dir DIR       where data sets are kept (default target/bench-cache)
              --out FILE            the JSON report (default bench-results/bench-<events>-<backend>-p<P>.json)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Input records per DnsEvents lookup in the generator's mix (measured: 486,091 records for 280,000 lookups). */
    private static final double RECORDS_PER_LOOKUP = 1.74;
    private static final int DAYS = 14;
    private static final int PARTS = 8;

    private BenchCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse(args, Set.of("events", "parallelism", "state-backend", "seed", "cache-dir", "out"), Set.of());
        long events = f.longValue("events", 2_000_000);
        if (events < 10_000) throw new UsageException("--events must be at least 10000");
        int parallelism = f.integer("parallelism", 2, 1, 256);
        String backend = f.string("state-backend", "batch").toLowerCase(Locale.ROOT);
        if (!Set.of("batch", "hashmap", "rocksdb").contains(backend)) {
            throw new UsageException("--state-backend must be batch, hashmap or rocksdb, got '" + backend + "'");
        }
        long seed = f.longValue("seed", 1);
        Path cache = f.path("cache-dir", Path.of("target/bench-cache")).toAbsolutePath();
        Path report = f.path("out", Path.of("bench-results", "bench-" + events + "-" + backend + "-p" + parallelism + ".json"));

        GeneratorOptions options = dataSet(cache, events, seed, err);
        DetectionConfig config = DetectionConfig.defaults().withDetectFromMillis(DataSetGenerator.detectFromMillis(options));
        Map<Input, Path> inputs = new EnumMap<>(Input.class);
        inputs.put(Input.DNS_EVENTS, options.outDir().resolve(DataSetGenerator.DNS_EVENTS_DIR));
        inputs.put(Input.FIREWALL_EVENTS, options.outDir().resolve(DataSetGenerator.FIREWALL_EVENTS_DIR));
        inputs.put(Input.VM_CONNECTIONS, options.outDir().resolve(DataSetGenerator.VM_CONNECTIONS_DIR));
        inputs.put(Input.DNS_CLIENT_EVENTS, options.outDir().resolve(DataSetGenerator.DNS_CLIENT_EVENTS_DIR));

        err.println("bench: parse-only pass (" + parallelism + " threads)");
        PeakMemory.reset();
        ParseOnlyPass.Result parse = ParseOnlyPass.run(inputs, config, parallelism);
        long parseHeap = PeakMemory.peakHeapBytes();

        Path runDir = Files.createTempDirectory("dns-hunter-bench");
        BackfillCommand.Plan plan = new BackfillCommand.Plan(inputs.get(Input.DNS_EVENTS), inputs.get(Input.FIREWALL_EVENTS),
                inputs.get(Input.VM_CONNECTIONS), inputs.get(Input.DNS_CLIENT_EVENTS), null, List.of(), runDir.resolve("alerts"),
                runDir.resolve("dead-letters"), runDir.resolve("excluded"), parallelism, config);
        err.println("bench: backfill (parallelism " + parallelism + ", state " + backend + ")");
        PeakMemory.reset();
        long start = System.nanoTime();
        BackfillCommand.execute(plan, err, backend);
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        long jobHeap = PeakMemory.peakHeapBytes();
        long alerts = BackfillCommand.countLines(plan.alertsDir());

        ObjectNode r = JSON.createObjectNode();
        r.put("date", Instant.now().toString());
        r.put("machine", machine());
        r.put("events", parse.records());
        r.put("inputBytes", parse.bytes());
        r.put("parallelism", parallelism);
        r.put("stateBackend", backend);
        r.put("seed", seed);
        ObjectNode job = r.putObject("job");
        job.put("seconds", round(jobSeconds));
        job.put("eventsPerSecond", Math.round(parse.records() / jobSeconds));
        job.put("megabytesPerSecond", round(parse.bytes() / 1e6 / jobSeconds));
        job.put("alerts", alerts);
        job.put("peakHeapBytes", jobHeap);
        job.put("peakRssBytes", PeakMemory.peakRssBytes());
        ObjectNode p = r.putObject("parseOnly");
        p.put("seconds", round(parse.seconds()));
        p.put("eventsPerSecond", Math.round(parse.records() / parse.seconds()));
        p.put("megabytesPerSecond", round(parse.bytes() / 1e6 / parse.seconds()));
        p.put("peakHeapBytes", parseHeap);
        r.put("jobOverParseOnly", round(jobSeconds / parse.seconds()));

        out.printf("machine:            %s%n", r.get("machine").asText());
        out.printf("input events:       %,d (%,.1f MB), parallelism %d, state %s%n", parse.records(), parse.bytes() / 1e6, parallelism, backend);
        out.printf("%-19s %10s %14s %10s %12s %14s%n", "", "wall s", "events/s", "MB/s", "alerts", "peak heap MB");
        out.printf("%-19s %10.2f %,14d %10.1f %,12d %14.0f%n", "backfill job", jobSeconds, job.get("eventsPerSecond").asLong(),
                job.get("megabytesPerSecond").asDouble(), alerts, jobHeap / 1e6);
        out.printf("%-19s %10.2f %,14d %10.1f %12s %14.0f%n", "parse-only", parse.seconds(), p.get("eventsPerSecond").asLong(),
                p.get("megabytesPerSecond").asDouble(), "-", parseHeap / 1e6);
        out.printf("job / parse-only:   %.2f×; peak RSS of this JVM %,.0f MB%n", jobSeconds / parse.seconds(), PeakMemory.peakRssBytes() / 1e6);
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writerWithDefaultPrettyPrinter().writeValue(report.toFile(), r);
        out.println("report: " + report.toAbsolutePath());
        return 0;
    }

    private static GeneratorOptions dataSet(Path cache, long events, long seed, PrintStream err) throws java.io.IOException {
        int lookupsPerDay = (int) Math.max(1000, Math.round(events / (DAYS * RECORDS_PER_LOOKUP)));
        int clients = (int) Math.min(200_000, Math.max(300, events / 10_000));
        Path dir = cache.resolve("events-" + events + "-seed-" + seed + "-lookups-" + lookupsPerDay + "-clients-" + clients + "-parts-" + PARTS);
        GeneratorOptions options = GeneratorOptions.defaults(dir).withDays(DAYS).withSeed(seed).withLookupsPerDay(lookupsPerDay)
                .withClients(clients);
        // The marker is written after the last file, so its presence means a complete data set from an earlier run.
        Path ready = dir.resolve(".bench-ready");
        if (Files.exists(ready)) {
            err.println("bench: reusing the data set in " + dir);
        } else {
            err.println("bench: generating about " + events + " events into " + dir + " (once)");
            DataSetGenerator.generate(options);
            for (String input : List.of(DataSetGenerator.DNS_EVENTS_DIR, DataSetGenerator.FIREWALL_EVENTS_DIR,
                    DataSetGenerator.VM_CONNECTIONS_DIR, DataSetGenerator.DNS_CLIENT_EVENTS_DIR)) {
                splitIntoParts(dir.resolve(input), PARTS);
            }
            Files.writeString(ready, "");
        }
        return options;
    }

    /**
     * A log export is many files (Sentinel writes one blob per hour), and Flink reads one file per source task: the
     * generator's single file per input would leave all but one core idle while reading it.
     */
    private static void splitIntoParts(Path dir, int parts) throws java.io.IOException {
        Path single = dir.resolve("part-0.jsonl");
        if (!Files.exists(single)) return;
        List<String> lines = Files.readAllLines(single);
        int per = (lines.size() + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            int from = Math.min(lines.size(), i * per);
            int to = Math.min(lines.size(), from + per);
            Files.write(dir.resolve("part-" + i + ".jsonl.tmp"), lines.subList(from, to));
        }
        Files.delete(single);
        for (int i = 0; i < parts; i++) {
            Files.move(dir.resolve("part-" + i + ".jsonl.tmp"), dir.resolve("part-" + i + ".jsonl"));
        }
    }

    private static String machine() {
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

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
