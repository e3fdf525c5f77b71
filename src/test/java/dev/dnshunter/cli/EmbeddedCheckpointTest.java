package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.io.KafkaSources;
import dev.dnshunter.operators.LocalProgress;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.Sources;
import dev.dnshunter.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on the embedded MiniCluster exactly as {@code bin/dns-hunter stream} runs it (no test cluster
 * extension: the environment is Flink's local one), against a real Kafka broker: checkpoints on the file system,
 * retained when the job is cancelled, resumed by a new job; checkpoints that cannot succeed end the job.
 */
class EmbeddedCheckpointTest {
    @TempDir
    static Path dir;
    static KafkaBroker kafka;
    static DataSetGenerator.Summary data;
    static List<String> expected;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(23).withClients(40).withLookupsPerDay(1500));
        expected = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    private static Map<String, String> topics(String prefix) {
        Map<String, String> t = Map.of("dns", prefix + "-dns", "fw", prefix + "-fw", "vm", prefix + "-vm",
                "client", prefix + "-client", "alerts", prefix + "-alerts");
        kafka.createTopics(3, t.values().toArray(new String[0]));
        return t;
    }

    private static List<String> args(Map<String, String> t, Path checkpoints, String... extra) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--dns-events-topic", t.get("dns"), "--firewall-events-topic", t.get("fw"), "--vm-connections-topic", t.get("vm"),
                "--dns-client-events-topic", t.get("client"), "--alerts-topic", t.get("alerts"),
                "--starting-offsets", "earliest", "--checkpoint-interval", "300ms", "--group-id", t.get("alerts"),
                "--transactional-id-prefix", t.get("alerts"), "--idle-timeout", "10s", "--checkpoint-dir", checkpoints.toString(),
                "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString()));
        a.addAll(List.of(extra));
        return a;
    }

    /** Produces the lines of every input whose event time is before (or, with {@code before} false, not before) the cut. */
    private static int produce(Map<String, String> t, long cut, boolean before) throws Exception {
        int n = 0;
        Path[] files = {data.dnsEventsFile(), data.firewallEventsFile(), data.vmConnectionsFile(), data.dnsClientEventsFile()};
        String[] topics = {t.get("dns"), t.get("fw"), t.get("vm"), t.get("client")};
        for (int i = 0; i < files.length; i++) {
            List<String> part = new ArrayList<>();
            for (String line : Files.readAllLines(files[i])) {
                long time = KafkaDemo.timeOf(line);
                // A line without a readable time goes with the first part.
                if ((time == Long.MIN_VALUE || time < cut) == before) part.add(line);
            }
            kafka.produce(topics[i], part);
            n += part.size();
        }
        return n;
    }

    private static List<String> committedAlerts(String topic) {
        return kafka.committedValues(topic);
    }

    /**
     * On the DNS input's tasks (the MiniCluster runs in this JVM): the highest completed checkpoint, and when each
     * checkpoint was triggered (the coordinator's clock, handed to every snapshot).
     */
    static final class CheckpointCounter implements MapFunction<ParsedRecord, ParsedRecord>, CheckpointListener, CheckpointedFunction {
        static final java.util.concurrent.atomic.AtomicLong LAST_ID = new java.util.concurrent.atomic.AtomicLong();
        static final Map<Long, Long> TRIGGERED = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public ParsedRecord map(ParsedRecord r) {
            return r;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            TRIGGERED.put(context.getCheckpointId(), context.getCheckpointTimestamp());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LAST_ID.accumulateAndGet(checkpointId, Math::max);
        }

        /** Whether a checkpoint triggered after {@code millis} has completed. */
        static boolean completedOneTriggeredAfter(long millis) {
            long last = LAST_ID.get();
            return TRIGGERED.entrySet().stream().anyMatch(e -> e.getKey() <= last && e.getValue() > millis);
        }
    }

    private static Sources counted(KafkaSources real) {
        return (env, parser, watermarks) -> {
            DataStream<ParsedRecord> s = real.records(env, parser, watermarks);
            if (s == null || parser.input() != Input.DNS_EVENTS) return s;
            return s.map(new CheckpointCounter(), TypeInformation.of(ParsedRecord.class)).uid("test-checkpoint-counter");
        };
    }

    private static JobClient startJob(List<String> args) throws Exception {
        StreamCommand.Plan plan = StreamCommand.plan(args);
        StreamExecutionEnvironment env = StreamCommand.environment(plan);
        assertTrue(StreamCommand.embedded(env), "the embedded path: " + env.getClass());
        StreamCommand.build(env, plan, counted(new KafkaSources(plan.kafka())), new KafkaSinks(plan.kafka()));
        return env.executeAsync("embedded checkpoint test");
    }

    @Test
    void aJobStoppedMidStreamAndResumedFromItsCheckpointDirectoryCommitsEachAlertOnce() throws Exception {
        Map<String, String> t = topics("resume");
        Path checkpoints = dir.resolve("resume-checkpoints");
        // Half a day before the end: both parts hold lookups and flows of the detection days, and alerts.
        long cut = data.options().endMillis() - 12 * 3_600_000L;
        int firstPart = produce(t, cut, true);

        LocalProgress.reset();
        JobClient first = startJob(args(t, checkpoints));
        try {
            await(first, "the first part read", () -> LocalProgress.RECORDS.get() >= firstPart);
            // A checkpoint triggered after the last record was read holds the offsets at the end of the first part.
            // (Counting completions is not enough: under load a completion can reach the tasks after the next
            // checkpoint was triggered, before the last records were read.)
            long read = System.currentTimeMillis();
            await(first, "a checkpoint after the first part", () -> CheckpointCounter.completedOneTriggeredAfter(read));
        } finally {
            first.cancel().get(60, TimeUnit.SECONDS);
        }
        try {
            first.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // the end of a cancelled job
        }
        assertEquals(firstPart, LocalProgress.RECORDS.get(), "nothing more to read in the first run");
        List<String> firstRun = committedAlerts(t.get("alerts"));
        List<String> unexpected = firstRun.stream().filter(a -> !expected.contains(a)).toList();
        assertEquals(List.of(), unexpected, "the first run committed only alerts of the data set");
        System.out.printf("first run: %d of %d alerts committed%n", firstRun.size(), expected.size());

        Path retained = Checkpointing.latestRetained(checkpoints).orElseThrow(() -> new AssertionError("no retained checkpoint"));
        StreamCommand.Plan resumed = StreamCommand.plan(args(t, checkpoints, "--resume"));
        assertEquals(retained.toUri().toString(), resumed.savepoint());

        int secondPart = produce(t, cut, false);
        tick(t.get("dns"));
        LocalProgress.reset();
        JobClient second = startJob(args(t, checkpoints, "--resume"));
        try {
            await(second, "every expected alert committed", () -> committedAlerts(t.get("alerts")).size() >= expected.size());
            assertEquals(expected, committedAlerts(t.get("alerts")), "the two runs together: none missing, none twice");
            // The resumed job read from the checkpoint's offsets on: the second part and the ticks, not the first part again.
            assertEquals(secondPart + TICKS, LocalProgress.RECORDS.get());
        } finally {
            second.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** A snapshot that always fails: the checkpoints of this job can never succeed. */
    static final class FailingSnapshot implements MapFunction<ParsedRecord, ParsedRecord>, CheckpointedFunction {
        @Override
        public ParsedRecord map(ParsedRecord r) {
            return r;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            throw new IllegalStateException("injected: this snapshot always fails");
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    @Test
    void checkpointsThatCanNeverSucceedEndTheJobWithTheirCausePrintedOnce() throws Exception {
        Map<String, String> t = topics("hopeless");
        produce(t, Long.MAX_VALUE, true);
        StreamCommand.Plan plan = StreamCommand.plan(args(t, dir.resolve("hopeless-checkpoints")));
        StreamExecutionEnvironment env = StreamCommand.environment(plan);
        KafkaSources real = new KafkaSources(plan.kafka());
        Sources failing = (e, parser, watermarks) -> {
            DataStream<ParsedRecord> s = real.records(e, parser, watermarks);
            if (s == null || parser.input() != Input.DNS_EVENTS) return s;
            return s.map(new FailingSnapshot(), TypeInformation.of(ParsedRecord.class)).uid("test-failing-snapshot");
        };
        StreamCommand.build(env, plan, failing, new KafkaSinks(plan.kafka()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // The default restart strategy retries forever: only the checkpoint watch ends this job.
        Exception e = assertThrows(LocalJobRunner.CheckpointsFailingException.class,
                () -> LocalJobRunner.runStreaming(env, "hopeless", err));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(e.getMessage().contains("java.lang.IllegalStateException: injected: this snapshot always fails"), e.getMessage());
        List<String> printed = output.lines().filter(l -> l.startsWith("checkpoint failed: ")).toList();
        assertEquals(1, printed.stream().filter(l -> l.contains("injected: this snapshot always fails")).count(), output);
        assertEquals(printed.size(), new HashSet<>(printed.stream().map(l -> l.substring(0, l.indexOf(" ("))).toList()).size(),
                "each cause once: " + output);
        assertTrue(output.lines().anyMatch(l -> l.matches(".*checkpoints 0 completed .*, [1-9]\\d* failed, [1-9]\\d* restarts")), output);
    }

    static void await(JobClient job, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                throw new AssertionError("the job ended while waiting for " + what);
            }
            try {
                job.getJobExecutionResult().get(250, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // the pause between polls
            }
        }
    }

    static final int TICKS = 3 * 100;

    /** Records far in the future on every partition of the DNS topic, so event time passes every window. */
    static void tick(String topic) {
        String tick = "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(data.options().endMillis() + 3 * 3_600_000L)
                + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\",\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < TICKS / 3; i++) {
                ticks.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, tick.getBytes(StandardCharsets.UTF_8)));
            }
        }
        kafka.produceRecords(ticks);
    }
}
