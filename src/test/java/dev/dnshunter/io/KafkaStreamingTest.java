package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import dev.dnshunter.pipeline.Sources;
import dev.dnshunter.testing.KafkaBroker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The streaming job against a real Kafka 4.2 broker in this JVM: nothing mocked. */
class KafkaStreamingTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;
    static KafkaBroker kafka;
    static DataSetGenerator.Summary data;
    static List<String> expected;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(21).withClients(40).withLookupsPerDay(1500));
        expected = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    /** Creates the input and output topics of a test (3 partitions each) and produces the data set into them. */
    static Map<String, String> topics(String prefix, boolean withVmConnections) throws Exception {
        Map<String, String> t = new HashMap<>();
        for (String name : List.of("dns", "fw", "vm", "client", "alerts", "dead")) t.put(name, prefix + "-" + name);
        kafka.createTopics(3, t.values().toArray(new String[0]));
        kafka.produce(t.get("dns"), Files.readAllLines(data.dnsEventsFile()));
        kafka.produce(t.get("fw"), Files.readAllLines(data.firewallEventsFile()));
        if (withVmConnections) kafka.produce(t.get("vm"), Files.readAllLines(data.vmConnectionsFile()));
        kafka.produce(t.get("client"), Files.readAllLines(data.dnsClientEventsFile()));
        return t;
    }

    /**
     * A run that stops at the latest offsets needs no idleness to finish (its sources end), and a short timeout makes
     * real records late under load: a partition starved for 2 s at start-up is marked idle while the others run ahead.
     */
    static final String IDLE_NEVER = "30m";

    static List<String> args(Map<String, String> t, String... extra) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--dns-events-topic", t.get("dns"), "--firewall-events-topic", t.get("fw"), "--vm-connections-topic", t.get("vm"),
                "--dns-client-events-topic", t.get("client"), "--alerts-topic", t.get("alerts"), "--dead-letter-topic", t.get("dead"),
                "--starting-offsets", "earliest", "--checkpoint-interval", "300ms", "--group-id", t.get("alerts"),
                "--transactional-id-prefix", t.get("alerts"), "--idle-timeout", IDLE_NEVER,
                "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString()));
        a.addAll(List.of(extra));
        return a;
    }

    static List<String> committedAlerts(String topic) {
        return kafka.committedValues(topic);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static void runToEnd(List<String> args, Sources wrap) throws Exception {
        var plan = dev.dnshunter.cli.StreamCommandAccess.plan(args);
        StreamExecutionEnvironment env = dev.dnshunter.cli.StreamCommandAccess.environment(plan);
        dev.dnshunter.cli.StreamCommandAccess.build(env, plan, wrap == null ? new KafkaSources(plan.kafka()) : wrap, new KafkaSinks(plan.kafka()));
        env.execute("kafka test");
    }

    @Test
    void theAlertsTopicHoldsExactlyTheAlertsOfTheBackfillKeyedByAlertId() throws Exception {
        Map<String, String> t = topics("e2e", true);
        long before = System.currentTimeMillis();
        runToEnd(args(t, "--stop-at-latest"), null);
        long after = System.currentTimeMillis();
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll(t.get("alerts"), true, Duration.ofSeconds(60));
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            values.add(json);
            String alertId = new String(r.key(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"alertId\":\"" + alertId + "\""), "key is the alertId: " + json);
            assertTrue(json.startsWith("{\"rule\":\"" + header(r, KafkaSinks.RULE_HEADER) + "\""), "rule header: " + json);
            // Stamped when written, not with the alert's (weeks old) event time, which time-based retention would delete.
            assertTrue(r.timestamp() >= before && r.timestamp() <= after, "record timestamp " + r.timestamp() + " outside the run");
        }
        values.sort(null);
        assertEquals(expected, values);
        int planted = data.badDnsEventLines() + data.badFirewallEventLines() + data.badVmConnectionLines() + data.badDnsClientEventLines();
        assertEquals(planted, kafka.readAll(t.get("dead"), false, Duration.ofSeconds(30)).size());
    }

    /**
     * Fails the job once: at the first record after a checkpoint has completed, once some state has been built. The
     * MiniCluster runs in this JVM, so the test sees the static flags.
     */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<ParsedRecord, ParsedRecord> implements CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger CHECKPOINTS = new AtomicInteger();
        private transient boolean checkpointed;
        private transient int seen;

        @Override
        public ParsedRecord map(ParsedRecord r) {
            if (checkpointed && ++seen > 200 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            if (!checkpointed) seen++;
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            CHECKPOINTS.incrementAndGet();
        }
    }

    @Test
    void afterAFailureAndARestartEachAlertIsOnTheTopicExactlyOnce() throws Exception {
        Map<String, String> t = topics("failover", true);
        List<String> a = args(t, "--max-restarts", "3");
        // Unbounded: the firewall, VM and client topics must go idle for event time to pass the last windows.
        a.set(a.indexOf("--idle-timeout") + 1, "15s");
        var plan = dev.dnshunter.cli.StreamCommandAccess.plan(a);
        KafkaSources real = new KafkaSources(plan.kafka());
        Sources failing = (env, parser, watermarks) -> {
            DataStream<ParsedRecord> s = real.records(env, parser, watermarks);
            if (s == null || parser.input() != dev.dnshunter.pipeline.Input.DNS_EVENTS) return s;
            return s.map(new FailOnceAfterACheckpoint(), TypeInformation.of(ParsedRecord.class)).uid("inject-failure");
        };
        StreamExecutionEnvironment env = dev.dnshunter.cli.StreamCommandAccess.environment(plan);
        dev.dnshunter.cli.StreamCommandAccess.build(env, plan, failing, new KafkaSinks(plan.kafka()));
        JobClient job = env.executeAsync("failover");
        try {
            await(job, "a completed checkpoint", () -> FailOnceAfterACheckpoint.CHECKPOINTS.get() > 0);
            // Records after the checkpoint trigger the failure, if the data set did not already; they also move event
            // time past the last window.
            tick(t);
            await(job, "the injected failure", FailOnceAfterACheckpoint.FAILED::get);
            await(job, "every expected alert committed", () -> committedAlerts(t.get("alerts")).size() >= expected.size());
            List<String> got = committedAlerts(t.get("alerts"));
            assertEquals(expected, got, "no alert lost, none duplicated");
            // Uncommitted output of the failed attempt exists but is invisible to read_committed consumers.
            assertTrue(kafka.readAll(t.get("alerts"), false, Duration.ofSeconds(30)).size() >= got.size());
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A record 3 hours after the data set on every partition of the DNS topic, so event time passes every window. The
     * data set is dated November 2026, before the processing clock, so the tick is within the event-time guard
     * (--max-future is relative to the clock); a tick in the future of the clock would be a dead letter.
     */
    static void tick(Map<String, String> t) {
        String tick = "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(data.options().endMillis() + 3 * 3_600_000L)
                + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\",\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 300; i++) ticks.add(new ProducerRecord<>(t.get("dns"), p, null, tick.getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produceRecords(ticks);
    }

    /** Waits for a condition, pacing each poll on a real call to the job (fails if the job ends or time runs out). */
    static void await(JobClient job, String what, java.util.function.BooleanSupplier condition) throws Exception {
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

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithReasonAndOffsetAndChangeNothingElse() throws Exception {
        Map<String, String> t = new HashMap<>();
        for (String name : List.of("dns", "fw", "vm", "client", "alerts", "dead")) t.put(name, "poison-" + name);
        kafka.createTopics(1, t.values().toArray(new String[0]));
        List<String> dns = Files.readAllLines(data.dnsEventsFile());
        Random random = new Random(3);
        byte[] randomBytes = new byte[300];
        random.nextBytes(randomBytes);
        byte[][] poison = {randomBytes, "{\"TimeGenerated\":\"2026-11-0".getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8), "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                ("{\"TimeGenerated\":\"2026-11-03T00:00:00Z\",\"SubType\":\"LookupQuery\",\"Name\":\"" + "a".repeat(1_000_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8), null};
        Map<Long, byte[]> poisonAtOffset = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < dns.size(); i++) {
            if (i % 1000 == 500 && next < poison.length) {
                poisonAtOffset.put((long) records.size(), poison[next]);
                records.add(new ProducerRecord<>(t.get("dns"), 0, null, poison[next++]));
            }
            records.add(new ProducerRecord<>(t.get("dns"), 0, null, dns.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produceRecords(records);
        assertEquals(poison.length, poisonAtOffset.size());
        kafka.produce(t.get("fw"), Files.readAllLines(data.firewallEventsFile()));
        kafka.produce(t.get("vm"), Files.readAllLines(data.vmConnectionsFile()));
        kafka.produce(t.get("client"), Files.readAllLines(data.dnsClientEventsFile()));

        runToEnd(args(t, "--stop-at-latest"), null);
        assertEquals(expected, committedAlerts(t.get("alerts")));

        int found = 0;
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(t.get("dead"), false, Duration.ofSeconds(60))) {
            if (!t.get("dns").equals(header(r, KafkaSinks.TOPIC_HEADER))) continue;
            long at = Long.parseLong(header(r, KafkaSinks.OFFSET_HEADER));
            if (!poisonAtOffset.containsKey(at)) continue;
            found++;
            assertNotNull(header(r, KafkaSinks.REASON_HEADER));
            assertEquals("0", header(r, KafkaSinks.PARTITION_HEADER));
            byte[] original = poisonAtOffset.get(at);
            if (original == null) assertEquals("null value", header(r, KafkaSinks.REASON_HEADER));
            else if (original.length <= dev.dnshunter.config.DetectionConfig.DEFAULT_MAX_RECORD_BYTES) assertArrayEquals(original, r.value(), "original bytes at offset " + at);
            else {
                // Over --max-record-bytes: a prefix, with the original length in a header.
                assertArrayEquals(java.util.Arrays.copyOf(original, dev.dnshunter.pipeline.OutputLimit.PREFIX_BYTES), r.value());
                assertEquals(Integer.toString(original.length), header(r, KafkaSinks.LENGTH_HEADER));
            }
        }
        assertEquals(poison.length, found);
    }

    @Test
    void anUnreachableBrokerFailsClearlyAfterTheConfiguredRestarts() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<String> a = List.of("--bootstrap-servers", "127.0.0.1:" + closedPort, "--dns-events-topic", "nowhere",
                "--alerts-topic", "nowhere-alerts", "--max-restarts", "1", "--kafka-property", "default.api.timeout.ms=1500",
                "--kafka-property", "request.timeout.ms=1000", "--checkpoint-interval", "1s");
        Exception e = assertThrows(Exception.class, () -> runToEnd(a, null));
        Throwable t = e;
        StringBuilder chain = new StringBuilder();
        while (t != null) {
            chain.append(t).append('\n');
            t = t.getCause();
        }
        assertTrue(chain.toString().contains("Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=1"),
                chain.toString());
        assertTrue(chain.toString().contains("org.apache.kafka.common.errors.TimeoutException"), chain.toString());
    }
}
