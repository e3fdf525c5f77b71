package dev.dnshunter.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.testing.KafkaBroker;
import dev.dnshunter.testing.LocalFlinkCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Flink session cluster: a JobManager and TaskManagers in their own JVMs, started by
 * deploy/local/flink as a user would, reading and writing a real Kafka broker. Each test starts and stops its own
 * cluster. Runs after `package` (failsafe), since it submits target/dns-hunter.jar.
 */
class LocalClusterIT {
    @TempDir
    static Path dir;
    static KafkaBroker kafka;
    static DataSetGenerator.Summary data;
    static List<String> expected;
    static final String[] INPUTS = {"dns", "fw", "vm", "client"};

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(31).withClients(40).withLookupsPerDay(1500));
        expected = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    static Map<String, String> topics(String prefix) {
        Map<String, String> t = new HashMap<>();
        for (String name : INPUTS) t.put(name, prefix + "-" + name);
        t.put("alerts", prefix + "-alerts");
        kafka.createTopics(2, t.values().toArray(new String[0]));
        return t;
    }

    static List<List<String>> inputLines() throws Exception {
        return List.of(Files.readAllLines(data.dnsEventsFile()), Files.readAllLines(data.firewallEventsFile()),
                Files.readAllLines(data.vmConnectionsFile()), Files.readAllLines(data.dnsClientEventsFile()));
    }

    /** Produces the lines of each input whose TimeGenerated passes the filter (bad lines go with the first part). */
    static void produce(Map<String, String> t, Predicate<Long> times) throws Exception {
        List<List<String>> all = inputLines();
        for (int i = 0; i < INPUTS.length; i++) {
            List<String> part = new ArrayList<>();
            for (String line : all.get(i)) if (times.test(timeOf(line))) part.add(line);
            kafka.produce(t.get(INPUTS[i]), part);
        }
    }

    /** A record 3 hours after the data set (still before the processing clock) on every partition of every input. */
    static void tick(Map<String, String> t) {
        String time = Instant.ofEpochMilli(data.options().endMillis() + 3 * 3_600_000L).toString();
        String lookup = "{\"TimeGenerated\":\"" + time + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\",\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        for (String input : INPUTS) {
            for (int p = 0; p < 2; p++) kafka.produce(t.get(input), p, null, lookup.getBytes(StandardCharsets.UTF_8));
        }
    }

    static long timeOf(String line) {
        int at = line.indexOf("\"TimeGenerated\":\"");
        if (at < 0) return Long.MIN_VALUE;
        try {
            return dev.dnshunter.event.TimeGenerated.parseMillis(line.substring(at + 17, line.indexOf('"', at + 17)));
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    static String[] streamArgs(Map<String, String> t, int parallelism, boolean stopAtLatest) {
        return streamArgs(t, parallelism, stopAtLatest, "2s");
    }

    static String[] streamArgs(Map<String, String> t, int parallelism, boolean stopAtLatest, String idleTimeout, String... extra) {
        List<String> a = new ArrayList<>(List.of("stream", "--bootstrap-servers", kafka.bootstrapServers(),
                "--dns-events-topic", t.get("dns"), "--firewall-events-topic", t.get("fw"), "--vm-connections-topic", t.get("vm"),
                "--dns-client-events-topic", t.get("client"), "--alerts-topic", t.get("alerts"), "--starting-offsets", "earliest",
                "--group-id", t.get("alerts"), "--transactional-id-prefix", t.get("alerts"), "--checkpoint-interval", "1s",
                "--idle-timeout", idleTimeout, "--parallelism", Integer.toString(parallelism),
                "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString()));
        if (stopAtLatest) a.add("--stop-at-latest");
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static List<String> committed(String topic) {
        return kafka.committedValues(topic);
    }

    static void awaitAlerts(String topic, int count) throws InterruptedException {
        LocalFlinkCluster.await(count + " committed alerts on " + topic, Duration.ofMinutes(4), () -> committed(topic).size() >= count);
    }

    /** Whether the job's consumer group has committed (on a checkpoint) every record of its input topics. */
    static boolean caughtUp(Map<String, String> t) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(t.get("alerts"))
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String input : INPUTS) for (int i = 0; i < 2; i++) latest.put(new TopicPartition(t.get(input), i), OffsetSpec.latest());
            var ends = admin.listOffsets(latest).all().get();
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = done.get(e.getKey());
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Compares with the expected alerts and, when they differ, says which are missing and which are extra or repeated. */
    static void assertSameAlerts(List<String> actual, String context) {
        assertSame(expected, actual, "alerts", context);
    }

    /** The same records, each as often; otherwise says which are missing and which are extra or repeated. */
    static void assertSame(List<String> wanted, List<String> actual, String what, String context) {
        if (wanted.equals(actual)) return;
        List<String> missing = new ArrayList<>(wanted);
        for (String a : actual) missing.remove(a);
        List<String> extra = new ArrayList<>(actual);
        for (String e : wanted) extra.remove(e);
        throw new AssertionError(context + "expected " + wanted.size() + " " + what + ", got " + actual.size() + "; missing "
                + missing.size() + " (first: " + missing.stream().limit(3).toList() + "), extra or repeated " + extra.size()
                + " (first: " + extra.stream().limit(3).toList() + "); cluster logs are in target/cluster-logs");
    }

    @Test
    void theJarRunsOnTheClusterAndItsAlertsReachTheTopic() throws Exception {
        Map<String, String> t = topics("submit");
        produce(t, time -> true);
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-submit"), 1, 2)) {
            String job = cluster.submit(null, streamArgs(t, 2, true));
            LocalFlinkCluster.await("job " + job + " to finish", Duration.ofMinutes(4), () -> state(cluster, job).equals("FINISHED"));
        }
        assertSameAlerts(committed(t.get("alerts")), "");
    }

    @Test
    void losingATaskManagerLosesAndDuplicatesNoAlert() throws Exception {
        Map<String, String> t = topics("failover");
        produce(t, time -> true);
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-failover"), 2, 2)) {
            String job = cluster.submit(null, streamArgs(t, 2, false));
            LocalFlinkCluster.await("two checkpoints", Duration.ofMinutes(3), () -> checkpoints(cluster, job) >= 2);
            cluster.killTaskManager(cluster.busyTaskManager());
            LocalFlinkCluster.await("a restart", Duration.ofMinutes(3), () -> restarts(cluster, job) >= 1);
            tick(t);
            awaitAlerts(t.get("alerts"), expected.size());
            assertSameAlerts(committed(t.get("alerts")), "");
            assertEquals("RUNNING", cluster.jobState(job));
            cluster.cancel(job);
        }
    }

    @Test
    void aSavepointCarriesTheStateIntoARescaledJob() throws Exception {
        Map<String, String> t = topics("rescale");
        long middle = data.detectFromMillis() + 12 * 3_600_000L;
        produce(t, time -> time < middle);
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-rescale"), 2, 2)) {
            String first = cluster.submit(null, streamArgs(t, 2, false));
            LocalFlinkCluster.await("the first half consumed and checkpointed", Duration.ofMinutes(3), () -> caughtUp(t));
            String savepoint = cluster.stopWithSavepoint(first);
            assertTrue(Files.exists(Path.of(java.net.URI.create(savepoint.startsWith("file:") ? savepoint : "file:" + savepoint))),
                    "savepoint " + savepoint);

            String second = cluster.submit(savepoint, streamArgs(t, 4, false));
            produce(t, time -> time >= middle && time != Long.MIN_VALUE);
            tick(t);
            awaitAlerts(t.get("alerts"), expected.size());
            assertSameAlerts(committed(t.get("alerts")), "the same alerts as one run at parallelism 2, each once; ");
            cluster.cancel(second);
        }
    }

    @Test
    void aDomainMadeCommonBeforeAnUpgradeIsStillCommonAfterIt() throws Exception {
        Map<String, String> t = topics("upgrade");
        List<String> history = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            for (int i = 0; i < 30; i++) {
                history.add("{\"TimeGenerated\":\"" + Instant.parse("2026-11-0" + day + "T08:00:00Z").plusSeconds(60L * i)
                        + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.5\",\"Name\":\"api.common.example\",\"IPAddresses\":\"203.0.114.10\"}");
            }
        }
        kafka.produce(t.get("dns"), history);
        Instant day8 = Instant.parse("2026-11-08T10:00:00Z");
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-upgrade"), 1, 2)) {
            String[] args = {"stream", "--bootstrap-servers", kafka.bootstrapServers(), "--dns-events-topic", t.get("dns"),
                    "--firewall-events-topic", t.get("fw"), "--alerts-topic", t.get("alerts"), "--starting-offsets", "earliest",
                    "--group-id", t.get("alerts"), "--transactional-id-prefix", t.get("alerts"), "--checkpoint-interval", "1s",
                    "--idle-timeout", "2s"};
            String before = cluster.submit(null, args);
            LocalFlinkCluster.await("the history consumed and checkpointed", Duration.ofMinutes(3), () -> caughtUp(Map.of(
                    "alerts", t.get("alerts"), "dns", t.get("dns"), "fw", t.get("fw"), "vm", t.get("dns"), "client", t.get("dns"))));
            String savepoint = cluster.stopWithSavepoint(before);

            String after = cluster.submit(savepoint, args);
            kafka.produce(t.get("dns"), List.of(dayEight(day8, "www.common.example", "203.0.114.10"), dayEight(day8, "fresh.example", "203.0.114.20"),
                    dayEight(day8.plusSeconds(6 * 3600), "tick.example", "")));
            kafka.produce(t.get("fw"), List.of(flow(day8.plusSeconds(300), "203.0.114.10"), flow(day8.plusSeconds(300), "203.0.114.20"),
                    dayEight(day8.plusSeconds(6 * 3600), "tick.example", "")));
            awaitAlerts(t.get("alerts"), 1);
            List<String> alerts = committed(t.get("alerts"));
            assertEquals(1, alerts.size(), alerts.toString());
            assertTrue(alerts.get(0).contains("\"domain\":\"fresh.example\""), alerts.get(0));
            cluster.cancel(after);
        }
    }

    @Test
    void aBaselineBootstrappedFromFilesDetectsOnTheFirstLiveDay() throws Exception {
        Map<String, String> t = topics("bootstrap");
        List<String> history = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            for (int i = 0; i < 30; i++) {
                history.add(dayEight(Instant.parse("2026-11-0" + day + "T08:00:00Z").plusSeconds(60L * i), "api.common.example", "203.0.114.10"));
            }
        }
        Path historyFile = Files.write(dir.resolve("bootstrap-history.jsonl"), history);
        Path savepoint = dir.resolve("bootstrap-savepoint");
        assertEquals(0, dev.dnshunter.cli.Main.run(List.of("bootstrap", "--dns-events", historyFile.toString(),
                "--savepoint-out", savepoint.toString()), System.out, System.err));

        Instant day8 = Instant.parse("2026-11-08T10:00:00Z");
        kafka.produce(t.get("dns"), List.of(dayEight(day8, "www.common.example", "203.0.114.10"), dayEight(day8, "fresh.example", "203.0.114.20")));
        kafka.produce(t.get("fw"), List.of(flow(day8.plusSeconds(300), "203.0.114.10"), flow(day8.plusSeconds(300), "203.0.114.20")));
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-bootstrap"), 1, 2)) {
            String job = cluster.submit(savepoint.toString(), "stream", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--dns-events-topic", t.get("dns"), "--firewall-events-topic", t.get("fw"), "--alerts-topic", t.get("alerts"),
                    "--starting-offsets", "earliest", "--transactional-id-prefix", t.get("alerts"), "--checkpoint-interval", "1s",
                    "--stop-at-latest");
            LocalFlinkCluster.await("job " + job + " to finish", Duration.ofMinutes(4), () -> state(cluster, job).equals("FINISHED"));
        }
        List<String> alerts = committed(t.get("alerts"));
        assertEquals(1, alerts.size(), "only the domain the history never saw: " + alerts);
        assertTrue(alerts.get(0).contains("\"domain\":\"fresh.example\""), alerts.get(0));
    }

    /**
     * Issue 13: after a restore, the event time that decides lateness is the one of the checkpoint, not nothing. The
     * same input in two runs on topics of their own, on one cluster: without a failure, and with the TaskManager of the
     * job killed once every input is consumed and checkpointed (and every window emitted). Then a late flow, placed
     * right after the checkpoint the job restored from (the next offset of its partition), once the restarted job runs,
     * so that it is read once: dead letters are at-least-once, and one read before the kill would be written again by
     * the replay. Both runs give the ground truth's alerts and the same dead letters, the flow among them exactly once
     * as {@code late} from its input's late filter. Without the restored floor the restarted job, whose watermarks start
     * from nothing, took the flow (or a keyed stage's guard caught it under another name).
     */
    @Test
    void aLateFlowAfterATaskManagerKillIsTheSameLateDeadLetterAsWithoutTheKill() throws Exception {
        try (LocalFlinkCluster cluster = LocalFlinkCluster.start(dir.resolve("flink-late"), 2, 2)) {
            LateRun without = lateFlowRun(cluster, "late-nokill", false);
            LateRun with = lateFlowRun(cluster, "late-kill", true);
            assertSameAlerts(without.alerts(), "without the kill: ");
            assertSameAlerts(with.alerts(), "with the kill: ");
            String flowDeadLetter = DeadLetter.LATE + "|" + Input.FIREWALL_EVENTS.id + "|||" + lateFlow().toString();
            assertEquals(1, without.deadLetters().stream().filter(d -> d.startsWith(DeadLetter.LATE + "|")).count(),
                    "one late dead letter without the kill: " + without.deadLetters());
            assertTrue(without.deadLetters().contains(flowDeadLetter), flowDeadLetter + " in " + without.deadLetters());
            assertSame(without.deadLetters(), with.deadLetters(), "dead letters", "with the kill, as without it: ");
        }
    }

    record LateRun(List<String> alerts, List<String> deadLetters) {}

    /** The late flow: a real-looking flow of the detection's first hour, hours behind the event time the job reached. */
    static String lateFlowLine() {
        return flow(Instant.ofEpochMilli(data.detectFromMillis() + 3_600_000L), "203.0.114.20");
    }

    static dev.dnshunter.model.NetworkFlow lateFlow() {
        return new dev.dnshunter.pipeline.RecordParser(Input.FIREWALL_EVENTS, dev.dnshunter.config.DetectionConfig.defaults())
                .parse(lateFlowLine()).flow;
    }

    static LateRun lateFlowRun(LocalFlinkCluster cluster, String prefix, boolean kill) throws Exception {
        Map<String, String> t = topics(prefix);
        t.put("dead", prefix + "-dead");
        kafka.createTopics(2, t.get("dead"));
        // The same records on the same partitions at the same offsets in both runs, so dead letters compare by origin.
        List<List<String>> all = inputLines();
        for (int i = 0; i < INPUTS.length; i++) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (String line : all.get(i)) {
                records.add(new ProducerRecord<>(t.get(INPUTS[i]), records.size() % 2, null, line.getBytes(StandardCharsets.UTF_8)));
            }
            kafka.produceRecords(records);
        }
        tick(t);
        // An idle timeout far above any stall of a starved partition under load: no record of the data set is late.
        String job = cluster.submit(null, streamArgs(t, 2, false, "1m", "--dead-letter-topic", t.get("dead")));
        awaitAlerts(t.get("alerts"), expected.size());
        LocalFlinkCluster.await("every input consumed and checkpointed", Duration.ofMinutes(3), () -> caughtUp(t));
        if (kill) {
            cluster.killTaskManager(cluster.busyTaskManager());
            LocalFlinkCluster.await("the job restarted and running", Duration.ofMinutes(3),
                    () -> restarts(cluster, job) >= 1 && allTasksRunning(cluster, job));
        }
        kafka.produce(t.get("fw"), 0, null, lateFlowLine().getBytes(StandardCharsets.UTF_8));
        // A checkpoint after the flow has completed: its dead letter, if any, was flushed before.
        LocalFlinkCluster.await("the late flow consumed and checkpointed", Duration.ofMinutes(3), () -> caughtUp(t));
        LateRun run = new LateRun(committed(t.get("alerts")), deadLetters(t.get("dead")));
        if (!kill) assertEquals(0, restarts(cluster, job), "the run without the kill restarted");
        cluster.cancel(job);
        return run;
    }

    /** Every dead letter as reason|input|partition|offset|value (no topic names, which differ between runs), sorted. */
    static List<String> deadLetters(String topic) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic, false, Duration.ofSeconds(60))) {
            out.add(header(r, KafkaSinks.REASON_HEADER) + "|" + header(r, KafkaSinks.INPUT_HEADER) + "|"
                    + header(r, KafkaSinks.PARTITION_HEADER) + "|" + header(r, KafkaSinks.OFFSET_HEADER) + "|"
                    + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)));
        }
        out.sort(null);
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Every vertex running, or finished: a bounded source (the empty exclusion updates without a control topic) ends
     * as soon as it starts, and on a quiet machine before the first poll.
     */
    static boolean allTasksRunning(LocalFlinkCluster c, String job) {
        try {
            var vertices = c.get("/jobs/" + job).path("vertices");
            if (vertices.isEmpty()) return false;
            boolean running = false;
            for (var v : vertices) {
                String status = v.path("status").asText();
                if ("RUNNING".equals(status)) running = true;
                else if (!"FINISHED".equals(status)) return false;
            }
            return running;
        } catch (Exception e) {
            return false;
        }
    }

    static String dayEight(Instant t, String name, String address) {
        return "{\"TimeGenerated\":\"" + t + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.5\",\"Name\":\"" + name
                + "\",\"IPAddresses\":\"" + address + "\"}";
    }

    static String flow(Instant t, String destination) {
        return "{\"TimeGenerated\":\"" + t + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.5\","
                + "\"DestinationIP\":\"" + destination + "\",\"DestinationPort\":443,\"SentBytes\":5000000,\"ReceivedBytes\":100}";
    }

    static String state(LocalFlinkCluster c, String job) {
        try {
            return c.jobState(job);
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    static int checkpoints(LocalFlinkCluster c, String job) {
        try {
            return c.completedCheckpoints(job);
        } catch (Exception e) {
            return 0;
        }
    }

    static int restarts(LocalFlinkCluster c, String job) {
        try {
            return c.restarts(job);
        } catch (Exception e) {
            return 0;
        }
    }
}
