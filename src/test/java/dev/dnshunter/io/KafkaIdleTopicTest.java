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
 * An input topic with no records at all (no VMConnection events) must not hold event time, and so alerts, back.
 * Its own broker: an unbounded job with an idle topic is the one test here that runs until it is cancelled.
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
        long end = KafkaStreamingTest.data.options().endMillis() + 3 * 3_600_000L;
        String tick = "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(end) + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\","
                + "\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ticks.add(new ProducerRecord<>(t.get("dns"), p, null, tick.getBytes(StandardCharsets.UTF_8)));
            ticks.add(new ProducerRecord<>(t.get("fw"), p, null, tick.replace("LookupQuery", "x").getBytes(StandardCharsets.UTF_8)));
            ticks.add(new ProducerRecord<>(t.get("client"), p, null, "{\"TimeGenerated\":\"%s\",\"EventLog\":\"System\"}"
                    .formatted(Instant.ofEpochMilli(end)).getBytes(StandardCharsets.UTF_8)));
        }
        KafkaStreamingTest.kafka.produceRecords(ticks);
        List<String> want = new ArrayList<>();
        addExpected(want, KafkaStreamingTest.data, false);

        var plan = dev.dnshunter.cli.StreamCommandAccess.plan(KafkaStreamingTest.args(t));
        StreamExecutionEnvironment env = dev.dnshunter.cli.StreamCommandAccess.environment(plan);
        dev.dnshunter.cli.StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        JobClient job = env.executeAsync("idle topic");
        try {
            KafkaStreamingTest.await(job, "every expected alert committed",
                    () -> KafkaStreamingTest.committedAlerts(t.get("alerts")).size() >= want.size());
            assertEquals(want, KafkaStreamingTest.committedAlerts(t.get("alerts")));
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** Expected alerts of the data set without its VMConnection flows. */
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
