package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.AlertFormat;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.outputs.AlertWriter;
import dev.dnshunter.outputs.AlertWriters;
import dev.dnshunter.testing.KafkaBroker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stream --alert-format ocsf} against a real broker: the alerts topic carries OCSF Detection Findings. */
class KafkaAlertFormatTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void theAlertsTopicCarriesTheChosenFormatKeyedAndHeadedAsBefore() throws Exception {
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(21).withClients(40).withLookupsPerDay(1500));
        List<String> nativeAlerts = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).toList();
        assertFalse(nativeAlerts.isEmpty());
        String p = "ocsf";
        kafka.createTopics(3, p + "-dns", p + "-fw", p + "-vm", p + "-client", p + "-alerts");
        kafka.produce(p + "-dns", Files.readAllLines(data.dnsEventsFile()));
        kafka.produce(p + "-fw", Files.readAllLines(data.firewallEventsFile()));
        kafka.produce(p + "-vm", Files.readAllLines(data.vmConnectionsFile()));
        kafka.produce(p + "-client", Files.readAllLines(data.dnsClientEventsFile()));

        var plan = dev.dnshunter.cli.StreamCommandAccess.plan(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--dns-events-topic", p + "-dns", "--firewall-events-topic", p + "-fw", "--vm-connections-topic", p + "-vm",
                "--dns-client-events-topic", p + "-client", "--alerts-topic", p + "-alerts", "--starting-offsets", "earliest",
                "--checkpoint-interval", "300ms", "--group-id", p, "--transactional-id-prefix", p, "--idle-timeout", KafkaStreamingTest.IDLE_NEVER,
                "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString(), "--stop-at-latest",
                "--alert-format", "ocsf"));
        StreamExecutionEnvironment env = dev.dnshunter.cli.StreamCommandAccess.environment(plan);
        dev.dnshunter.cli.StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        env.execute("kafka alert format test");

        // What the topic must hold: the reference detector's native alerts, each written as OCSF.
        AlertWriter ocsf = AlertWriters.of(AlertFormat.OCSF);
        List<String> expected = new ArrayList<>();
        for (String line : nativeAlerts) {
            JsonNode n = JSON.readTree(line);
            expected.add(JSON.readTree(ocsf.write(new AlertRecord(n.get("rule").asText(), n.get("alertId").asText(), 0, line))).toString());
        }
        expected.sort(null);

        Schema schema = ocsfSchema();
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(p + "-alerts", true, Duration.ofSeconds(60))) {
            JsonNode doc = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(List.of(), schema.validate(doc));
            assertEquals(2004, doc.path("class_uid").asInt());
            assertEquals(new String(r.key(), StandardCharsets.UTF_8), doc.path("finding_info").path("uid").asText(), "key is the alertId");
            assertEquals(new String(r.headers().lastHeader(KafkaSinks.RULE_HEADER).value(), StandardCharsets.UTF_8),
                    doc.path("finding_info").path("analytic").path("uid").asText(), "rule header");
            actual.add(doc.toString());
        }
        actual.sort(null);
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> unexpected = new ArrayList<>(actual);
        unexpected.removeAll(expected);
        assertEquals(List.of(), missing, "expected on the topic, not there; there instead: " + unexpected);
        assertEquals(expected.size(), actual.size());
    }

    static Schema ocsfSchema() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = KafkaAlertFormatTest.class.getResourceAsStream("/schemas/ocsf-1.8.0-detection-finding.schema.json")) {
            return registry.getSchema(in);
        }
    }
}
