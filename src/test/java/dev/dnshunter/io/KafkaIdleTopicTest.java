package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input topic with no records at all (no VMConnection events) must not hold event time, and so alerts, back; nor
 * must topics whose latest rows are all of kinds the detections do not use. Its own broker: these unbounded jobs run
 * until they are cancelled.
 */
class KafkaIdleTopicTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        KafkaStreamingTest.dir = dir;
        KafkaStreamingTest.start();
    }

    @AfterAll
    static void stop() {
        KafkaStreamingTest.stop();
    }

    @Test
    void anIdleTopicDoesNotHoldAlertsBack() throws Exception {
        Map<String, String> t = KafkaStreamingTest.topics("idle", false);
        // One late lookup per partition moves event time past the end of the data, so every window is final.
        String end = Instant.ofEpochMilli(KafkaStreamingTest.data.options().endMillis() + 3 * 3_600_000L).toString();
        String tick = "{\"TimeGenerated\":\"%s\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\","
                + "\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ticks.add(record(t.get("dns"), p, tick, end));
            ticks.add(record(t.get("fw"), p, tick.replace("LookupQuery", "x"), end));
            ticks.add(record(t.get("client"), p, "{\"TimeGenerated\":\"%s\",\"EventLog\":\"System\"}", end));
        }
        KafkaStreamingTest.kafka.produceRecords(ticks);
        List<String> want = new ArrayList<>();
        addExpected(want, KafkaStreamingTest.data, false);

        // The VM connections topic is empty: only idleness lets event time pass it (10 s, so that a partition
        // starved at start-up under load is not taken for idle).
        List<String> args = KafkaStreamingTest.args(t);
        args.set(args.indexOf("--idle-timeout") + 1, "10s");
        streamUntilExpectedAlerts(args, t, want, "idle topic");
    }

    /**
     * Rows the detections do not use (a DNS response, another vendor's firewall row, an inbound connection, a System
     * event) still move event time: with idleness out of reach (30 minutes), they alone must release every alert.
     */
    @Test
    void rowsTheDetectionsDoNotUseStillMoveEventTime() throws Exception {
        Map<String, String> t = KafkaStreamingTest.topics("unused", true);
        String end = Instant.ofEpochMilli(KafkaStreamingTest.data.options().endMillis() + 3 * 3_600_000L).toString();
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ticks.add(record(t.get("dns"), p, "{\"TimeGenerated\":\"%s\",\"SubType\":\"LookupResponse\",\"Name\":\"tick.example\"}", end));
            ticks.add(record(t.get("fw"), p, "{\"TimeGenerated\":\"%s\",\"DeviceVendor\":\"Fortinet\",\"Activity\":\"TRAFFIC\"}", end));
            ticks.add(record(t.get("vm"), p, "{\"TimeGenerated\":\"%s\",\"Direction\":\"inbound\"}", end));
            ticks.add(record(t.get("client"), p, "{\"TimeGenerated\":\"%s\",\"EventLog\":\"System\",\"EventID\":7036}", end));
        }
        KafkaStreamingTest.kafka.produceRecords(ticks);
        List<String> want = new ArrayList<>();
        addExpected(want, KafkaStreamingTest.data, true);

        List<String> args = new ArrayList<>(KafkaStreamingTest.args(t));
        args.set(args.indexOf("--idle-timeout") + 1, "1800s");
        streamUntilExpectedAlerts(args, t, want, "unused rows move event time");
    }

    /** Runs the streaming job on the topics until the expected alerts are committed, then asserts they are exactly those. */
    private static void streamUntilExpectedAlerts(List<String> args, Map<String, String> t, List<String> want, String jobName)
            throws Exception {
        var plan = dev.dnshunter.cli.StreamCommandAccess.plan(args);
        StreamExecutionEnvironment env = dev.dnshunter.cli.StreamCommandAccess.environment(plan);
        dev.dnshunter.cli.StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        JobClient job = env.executeAsync(jobName);
        try {
            KafkaStreamingTest.await(job, "every expected alert committed",
                    () -> KafkaStreamingTest.committedAlerts(t.get("alerts")).size() >= want.size());
            assertEquals(want, KafkaStreamingTest.committedAlerts(t.get("alerts")));
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String format, String time) {
        return new ProducerRecord<>(topic, partition, null, format.formatted(time).getBytes(StandardCharsets.UTF_8));
    }

    /** Expected alerts of the data set, with or without its VMConnection flows. */
    static void addExpected(List<String> out, DataSetGenerator.Summary data, boolean withVm) throws Exception {
        var config = data.detectionConfig();
        for (var a : dev.dnshunter.generate.ReferenceDetector.detectFiles(data.dnsEventsFile(), data.firewallEventsFile(),
                withVm ? data.vmConnectionsFile() : null, config)) {
            out.add(dev.dnshunter.alert.AlertJson.toJson(a));
        }
        for (var a : dev.dnshunter.generate.ReferenceTxtDetector.detectFiles(data.dnsEventsFile(), data.dnsClientEventsFile(), config)) {
            out.add(dev.dnshunter.alert.AlertJson.toJson(a));
        }
        out.sort(null);
    }
}
