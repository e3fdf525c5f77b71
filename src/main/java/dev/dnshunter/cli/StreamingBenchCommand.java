package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bench-streaming}: alert latency of the streaming job. A local broker (deploy/local/kafka), the job on the
 * embedded MiniCluster, the generated logs replayed into the input topics in event-time order at a fixed rate, and a
 * read_committed consumer noting when each alert becomes readable.
 *
 * <p>An alert's latency is measured from the moment the watermark can pass its decision time (the broker has
 * acknowledged the first record later than that time plus the out-of-orderness bound) to the moment the alert is
 * readable. The decision time is when the job can know the alert is final: a TXT burst's last query, or a rare-lookup
 * window's end plus the flow-before-lookup span (a lookup that late can still join the window's flows).
 */
final class StreamingBenchCommand {
    static final String USAGE = "usage: dns-hunter bench-streaming [--rate N] [--lookups-per-day N] [--days D] "
            + "[--checkpoint-interval D] [--parallelism P] [--kafka-port P] [--work-dir DIR] [--out FILE] [--catch-up] "
            + "[--state-backend hashmap|rocksdb]";

    static final String HELP = USAGE + """


            Measures how soon alerts are readable (read_committed) on the alerts topic of the streaming job. Starts a
            local broker (deploy/local/kafka, 127.0.0.1), runs `stream` on the embedded MiniCluster, replays a
            generated data set into the input topics in event-time order at a fixed rate, and reports, per alert, the
            time from the broker acknowledging the first record past the alert's decision time plus the out-of-orderness
            bound to the alert being readable: median, 99th percentile and maximum, with the checkpoint interval.

              --rate N                 input records per second (default 50000)
              --lookups-per-day N      DnsEvents rows per generated day (default 30000)
              --days D                 generated days; the first 7 are the baseline (default 9)
              --checkpoint-interval D  the job's checkpoint interval (default 2s; with --catch-up 10s, the stream
                                       command's default, as a job catching up after an outage runs)
              --parallelism P          job parallelism (default 2)
              --kafka-port P           the broker's port (default 19192; P+1 is its controller port)
              --work-dir DIR           data set and broker data (default target/bench-streaming; replaced)
              --out FILE               the JSON report (default bench-results/bench-streaming-<rate>.json, or
                                       bench-results/bench-streaming-catch-up.json)
              --state-backend B        hashmap (default) or rocksdb; with --catch-up: only this one
              --catch-up               a backlog instead: fill the topics first, then start the job from the earliest
                                       offsets, once with hashmap and once with rocksdb (each its own alerts topic and
                                       checkpoint directory), and report records/s until it has read every record,
                                       its checkpoints and whether its alerts equal the ground truth (--rate unused)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] INPUTS = {"dns-events", "firewall-events", "vm-connections", "dns-client-events"};
    private static final int PARTITIONS = 3;

    private StreamingBenchCommand() {}

    record Sent(long[] eventTimes, long[] sentNanos) {
        /** When the broker acknowledged the first record with an event time after {@code millis}, or -1 if none. */
        long firstAfter(long millis) {
            int lo = 0;
            int hi = eventTimes.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (eventTimes[mid] > millis) hi = mid;
                else lo = mid + 1;
            }
            // A record the broker refused never arrives: the next one that did.
            while (lo < eventTimes.length && sentNanos[lo] < 0) lo++;
            return lo < eventTimes.length ? sentNanos[lo] : -1;
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse(args, Set.of("rate", "lookups-per-day", "days", "checkpoint-interval", "parallelism", "kafka-port",
                "work-dir", "out", "state-backend"), Set.of("catch-up"));
        int rate = f.integer("rate", 50_000, 100, 10_000_000);
        int lookupsPerDay = f.integer("lookups-per-day", 30_000, 1_000, 10_000_000);
        int days = f.integer("days", 9, 8, 60);
        boolean catchUp = f.has("catch-up");
        Duration checkpoint = f.duration("checkpoint-interval", catchUp ? StreamCommand.DEFAULT_CHECKPOINT_INTERVAL : Duration.ofSeconds(2));
        int parallelism = f.integer("parallelism", 2, 1, 64);
        int port = f.integer("kafka-port", 19192, 1024, 65534);
        Path work = f.path("work-dir", Path.of("target/bench-streaming")).toAbsolutePath().normalize();
        Path report = f.path("out", Path.of("bench-results", catchUp ? "bench-streaming-catch-up.json" : "bench-streaming-" + rate + ".json"));
        String backend = f.string("state-backend", null);
        if (backend != null && !backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new UsageException("--state-backend must be hashmap or rocksdb, got '" + backend + "'");
        }
        List<String> backends = backend != null ? List.of(backend) : catchUp ? List.of("hashmap", "rocksdb") : List.of("hashmap");

        DemoCommand.prepare(work);
        err.println("bench-streaming: generating " + days + " days at " + lookupsPerDay + " lookups/day in " + work);
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(work.resolve("data"))
                .withDays(days).withClients(2_000).withLookupsPerDay(lookupsPerDay));
        DetectionConfig config = data.detectionConfig();
        List<Line> lines = lines(data);

        Path home = KafkaDemo.home();
        Path kafkaData = work.resolve("kafka");
        String bootstrap = "127.0.0.1:" + port;
        KafkaDemo.script(home, err, "start", "--port", Integer.toString(port), "--controller-port", Integer.toString(port + 1),
                "--data-dir", kafkaData.toString());
        JobClient job = null;
        try {
            List<String> create = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--partitions", Integer.toString(PARTITIONS)));
            create.addAll(List.of(INPUTS));
            create.add("alerts");
            for (String b : backends) create.add("alerts-" + b);
            KafkaDemo.script(home, err, "create-topics", create.toArray(new String[0]));
            if (catchUp) return catchUp(data, lines, bootstrap, work, backends, checkpoint, parallelism, out, err, report);

            StreamCommand.Plan plan = StreamCommand.plan(List.of("--bootstrap-servers", bootstrap,
                    "--dns-events-topic", INPUTS[0], "--firewall-events-topic", INPUTS[1], "--vm-connections-topic", INPUTS[2],
                    "--dns-client-events-topic", INPUTS[3], "--alerts-topic", "alerts", "--starting-offsets", "earliest",
                    "--checkpoint-interval", checkpoint.toMillis() + "ms", "--parallelism", Integer.toString(parallelism),
                    "--state-backend", backends.get(0), "--checkpoint-dir", StreamingCatchUp.checkpointDir(work, backends.get(0)).toString(),
                    "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString()));
            StreamExecutionEnvironment env = StreamCommand.environment(plan);
            StreamCommand.build(env, plan, new dev.dnshunter.io.KafkaSources(plan.kafka()), new dev.dnshunter.io.KafkaSinks(plan.kafka()));
            job = env.executeAsync("dns-hunter stream (bench-streaming)");
            err.println("bench-streaming: job " + job.getJobID() + " running; replaying " + String.format("%,d", lines.size())
                    + " records at " + String.format("%,d", rate) + "/s");

            Set<String> expected = new HashSet<>();
            for (String line : Files.readAllLines(data.expectedAlertsFile())) {
                if (!line.isBlank()) expected.add(JSON.readTree(line).get("alertId").asText());
            }
            try (AlertClock clock = new AlertClock(bootstrap, config)) {
                clock.start();
                long replayStart = System.nanoTime();
                Sent sent = replay(lines, bootstrap, rate, err);
                long replayEnd = System.nanoTime();
                double seconds = (replayEnd - replayStart) / 1e9;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!clock.readable.keySet().containsAll(expected) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100); // waiting on another thread's progress, bounded by the deadline
                }
                return report(config, checkpoint, rate, lines.size() / seconds, sent, replayEnd, clock, expected, out, report);
            }
        } finally {
            if (job != null) {
                job.cancel().get(60, TimeUnit.SECONDS);
                try {
                    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                } catch (Exception cancelled) {
                    // the expected end of a cancelled job
                }
            }
            KafkaDemo.script(home, err, "stop", "--data-dir", kafkaData.toString());
        }
    }

    record Line(long time, String topic, byte[] json) {}

    /** {@code --catch-up}: see {@link StreamingCatchUp}. */
    private static int catchUp(DataSetGenerator.Summary data, List<Line> lines, String bootstrap, Path work, List<String> backends,
            Duration checkpoint, int parallelism, PrintStream out, PrintStream err, Path reportFile) throws Exception {
        long records = StreamingCatchUp.fill(lines, tick(lines.get(lines.size() - 1).time()), INPUTS, PARTITIONS, bootstrap, err);
        Set<String> expected = new HashSet<>();
        for (String line : Files.readAllLines(data.expectedAlertsFile())) {
            if (!line.isBlank()) expected.add(JSON.readTree(line).get("alertId").asText());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("date", Instant.now().toString());
        root.put("records", records);
        root.put("checkpointIntervalMs", checkpoint.toMillis());
        root.put("parallelism", parallelism);
        root.put("cpus", Runtime.getRuntime().availableProcessors());
        ObjectNode runs = root.putObject("catchUp");
        boolean all = true;
        for (String b : backends) {
            List<String> args = List.of("--bootstrap-servers", bootstrap, "--dns-events-topic", INPUTS[0],
                    "--firewall-events-topic", INPUTS[1], "--vm-connections-topic", INPUTS[2], "--dns-client-events-topic", INPUTS[3],
                    "--alerts-topic", "alerts-" + b, "--group-id", "catch-up-" + b, "--transactional-id-prefix", "catch-up-" + b,
                    "--starting-offsets", "earliest", "--checkpoint-interval", checkpoint.toMillis() + "ms",
                    "--parallelism", Integer.toString(parallelism), "--state-backend", b,
                    "--checkpoint-dir", StreamingCatchUp.checkpointDir(work, b).toString(),
                    "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString());
            ObjectNode r = StreamingCatchUp.run(b, args, records, expected, bootstrap, "alerts-" + b, err);
            runs.set(b, r);
            all &= r.get("groundTruthMatches").asBoolean() && r.get("checkpointsFailed").asLong() == 0;
            out.printf("bench-streaming --catch-up: %s: %,d records in %.1f s, %,d records/s; %d checkpoints, %d failed, %d restarts; "
                    + "alerts %s%n", b, records, r.get("secondsToCatchUp").asDouble(), r.get("recordsPerSecond").asLong(),
                    r.get("checkpointsCompleted").asLong(), r.get("checkpointsFailed").asLong(), r.get("restarts").asLong(),
                    r.get("groundTruthMatches").asBoolean() ? "match the ground truth" : "DIFFER");
        }
        if (reportFile.getParent() != null) Files.createDirectories(reportFile.getParent());
        Files.writeString(reportFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        out.println("  report: " + reportFile);
        return all ? 0 : 1;
    }

    /** A lookup three hours after the last record: on every partition it moves event time past the last window. */
    private static byte[] tick(long lastMillis) {
        return ("{\"TimeGenerated\":\"" + Instant.ofEpochMilli(lastMillis + 3 * 3_600_000L)
                + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"end-of-replay.example\",\"IPAddresses\":\"\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<Line> lines(DataSetGenerator.Summary data) throws IOException {
        List<Line> lines = new ArrayList<>();
        Path[] files = {data.dnsEventsFile(), data.firewallEventsFile(), data.vmConnectionsFile(), data.dnsClientEventsFile()};
        for (int i = 0; i < files.length; i++) {
            for (String l : Files.readAllLines(files[i])) {
                long t = KafkaDemo.timeOf(l);
                if (t != Long.MIN_VALUE) lines.add(new Line(t, INPUTS[i], l.getBytes(StandardCharsets.UTF_8))); // bad lines only add dead letters here
            }
        }
        lines.sort(Comparator.comparingLong(Line::time));
        return lines;
    }

    /** Sends every line at the given rate, then a record 3 hours later on every partition so the last windows close. */
    private static Sent replay(List<Line> lines, String bootstrap, int rate, PrintStream err) {
        long[] times = new long[lines.size()];
        long[] sentAt = new long[lines.size()];
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        double nanosPerRecord = 1e9 / rate;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < lines.size(); i++) {
                long due = start + (long) (i * nanosPerRecord);
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                Line l = lines.get(i);
                times[i] = l.time();
                int index = i;
                // The broker's acknowledgement, not send(), which only queues the record in the producer's buffer
                // (tens of MB, seconds at this rate): the job can only read a record once the broker has it.
                producer.send(new ProducerRecord<>(l.topic(), l.json()), (metadata, e) -> sentAt[index] = e == null ? System.nanoTime() : -1);
                if ((i + 1) % (rate * 5) == 0) err.printf("bench-streaming: sent %,d records, event time %s%n", i + 1, Instant.ofEpochMilli(l.time()));
            }
            byte[] tickBytes = tick(times[times.length - 1]);
            for (String topic : INPUTS) {
                for (int partition = 0; partition < PARTITIONS; partition++) producer.send(new ProducerRecord<>(topic, partition, null, tickBytes));
            }
        }
        return new Sent(times, sentAt);
    }

    private static int report(DetectionConfig config, Duration checkpoint, int rate, double achieved, Sent sent, long replayEnd,
            AlertClock clock, Set<String> expected, PrintStream out, Path reportFile) throws IOException {
        List<Long> latencies = new ArrayList<>();
        List<Long> rare = new ArrayList<>();
        List<Long> txt = new ArrayList<>();
        int afterReplay = 0;
        for (Map.Entry<String, Readable> e : clock.readable.entrySet()) {
            Readable r = e.getValue();
            long trigger = sent.firstAfter(r.decisionMillis + config.maxOutOfOrdernessMillis());
            if (trigger < 0) {
                afterReplay++; // only the closing record moved event time past it: no replay instant to measure from
                continue;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(r.readableNanos - trigger);
            latencies.add(ms);
            (r.rare ? rare : txt).add(ms);
        }
        boolean complete = clock.readable.keySet().containsAll(expected) && expected.containsAll(clock.readable.keySet());
        // How far behind the replay the job was at its end: the last alert is closed by the final record.
        long lastReadable = clock.readable.values().stream().mapToLong(Readable::readableNanos).max().orElse(replayEnd);
        long drainMs = TimeUnit.NANOSECONDS.toMillis(lastReadable - replayEnd);
        out.printf("bench-streaming: %,d alerts readable (ground truth %s, %d expected); %d measured, %d closed only by the final record%n",
                clock.readable.size(), complete ? "matches" : "DIFFERS", expected.size(), latencies.size(), afterReplay);
        out.printf("  rate asked %,d records/s, achieved %,.0f; checkpoint interval %s; out-of-orderness bound %s%n", rate, achieved,
                checkpoint, Duration.ofMillis(config.maxOutOfOrdernessMillis()));
        out.printf("  latency, ms   all: %s%n  rare lookups: %s%n  TXT bursts:   %s%n", summary(latencies), summary(rare), summary(txt));
        out.printf("  the last alert was readable %,d ms after the replay ended%n", drainMs);
        ObjectNode root = JSON.createObjectNode();
        root.put("date", Instant.now().toString());
        root.put("rateAsked", rate);
        root.put("rateAchieved", Math.round(achieved));
        root.put("checkpointIntervalMs", checkpoint.toMillis());
        root.put("maxOutOfOrdernessMs", config.maxOutOfOrdernessMillis());
        root.put("alerts", clock.readable.size());
        root.put("lastAlertAfterReplayMs", drainMs);
        root.put("groundTruthMatches", complete);
        root.set("latencyMs", stats(latencies));
        root.set("rareLatencyMs", stats(rare));
        root.set("txtLatencyMs", stats(txt));
        root.put("cpus", Runtime.getRuntime().availableProcessors());
        if (reportFile.getParent() != null) Files.createDirectories(reportFile.getParent());
        Files.writeString(reportFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        out.println("  report: " + reportFile);
        return complete ? 0 : 1;
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return -1;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String summary(List<Long> values) {
        if (values.isEmpty()) return "none";
        values.sort(null);
        return String.format("n=%d median=%d p90=%d p99=%d max=%d", values.size(), percentile(values, 50), percentile(values, 90),
                percentile(values, 99), values.get(values.size() - 1));
    }

    private static ObjectNode stats(List<Long> values) {
        values.sort(null);
        ObjectNode n = JSON.createObjectNode();
        n.put("count", values.size());
        n.put("median", percentile(values, 50));
        n.put("p90", percentile(values, 90));
        n.put("p99", percentile(values, 99));
        n.put("max", values.isEmpty() ? -1 : values.get(values.size() - 1));
        return n;
    }

    record Readable(long readableNanos, long decisionMillis, boolean rare) {}

    /** Reads the alerts topic read_committed on its own thread and notes when each alert is first readable. */
    private static final class AlertClock extends Thread implements AutoCloseable {
        final Map<String, Readable> readable = new ConcurrentHashMap<>();
        private final String bootstrap;
        private volatile boolean running = true;
        private final DetectionConfig config;

        AlertClock(String bootstrap, DetectionConfig config) {
            super("alert-clock");
            setDaemon(true);
            this.bootstrap = bootstrap;
            this.config = config;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = KafkaDemo.alertsReader(bootstrap, "dns-hunter-bench-streaming")) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        try {
                            JsonNode a = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                            boolean rare = "RareDnsLookupWithDataTransfer".equals(a.get("rule").asText());
                            long decision = rare
                                    ? TimeGenerated.parseMillis(a.get("windowEnd").asText()) - 1 + config.flowBeforeLookupMillis()
                                    : TimeGenerated.parseMillis(a.get("lastQueryTime").asText());
                            readable.putIfAbsent(a.get("alertId").asText(), new Readable(now, decision, rare));
                        } catch (Exception e) {
                            System.err.println("bench-streaming: unreadable alert at offset " + r.offset() + ": " + e.getMessage());
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(10_000);
        }
    }
}
