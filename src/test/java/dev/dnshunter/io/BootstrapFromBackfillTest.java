package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.testing.KafkaBroker;
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

/**
 * A baseline bootstrapped from seven days of files into a savepoint makes the streaming job judge its first live day
 * against that history: a domain common in the history does not alert, a new one does.
 */
class BootstrapFromBackfillTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;
    static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    static String lookup(Instant t, String name, String address) {
        return "{\"TimeGenerated\":\"" + t + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.5\",\"Name\":\"" + name
                + "\",\"IPAddresses\":\"" + address + "\"}";
    }

    static String flow(Instant t, String destination) {
        return "{\"TimeGenerated\":\"" + t + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.5\","
                + "\"DestinationIP\":\"" + destination + "\",\"DestinationPort\":443,\"SentBytes\":5000000,\"ReceivedBytes\":100}";
    }

    List<String> domainsAlerted(String name, String savepoint) throws Exception {
        kafka.createTopics(1, name + "-dns", name + "-fw", name + "-alerts");
        Instant day8 = Instant.parse("2026-11-08T10:00:00Z");
        kafka.produce(name + "-dns", List.of(lookup(day8, "www.common.example", "203.0.114.10"), lookup(day8, "fresh.example", "203.0.114.20")));
        kafka.produce(name + "-fw", List.of(flow(day8.plusSeconds(300), "203.0.114.10"), flow(day8.plusSeconds(300), "203.0.114.20")));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--dns-events-topic", name + "-dns",
                "--firewall-events-topic", name + "-fw", "--alerts-topic", name + "-alerts", "--starting-offsets", "earliest",
                "--stop-at-latest", "--checkpoint-interval", "500ms", "--transactional-id-prefix", name, "--max-restarts", "0"));
        if (savepoint != null) args.addAll(List.of("--savepoint", savepoint));
        var plan = StreamCommandAccess.plan(args);
        StreamExecutionEnvironment env = StreamCommandAccess.environment(plan);
        StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        env.execute(name);
        List<String> domains = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(name + "-alerts", true, Duration.ofSeconds(30))) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            domains.add(json.replaceAll(".*\"domain\":\"([^\"]+)\".*", "$1"));
        }
        domains.sort(null);
        return domains;
    }

    @Test
    void aDomainCommonInTheBootstrappedWeekIsNotRareOnTheFirstLiveDay() throws Exception {
        // Seven days of history: 30 lookups a day of common.example (an average of 30, above 21).
        List<String> history = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            for (int i = 0; i < 30; i++) {
                history.add(lookup(Instant.parse("2026-11-0" + day + "T08:00:00Z").plusSeconds(60L * i), "api.common.example", "203.0.114.10"));
            }
        }
        Path historyFile = Files.write(dir.resolve("history.jsonl"), history);
        Path savepoint = dir.resolve("savepoint");
        assertEquals(0, dev.dnshunter.cli.Main.run(List.of("bootstrap", "--dns-events", historyFile.toString(),
                "--savepoint-out", savepoint.toString()), System.out, System.err));

        assertEquals(List.of("common.example", "fresh.example"), domainsAlerted("cold", null),
                "without the bootstrap every domain is new on day one");
        assertEquals(List.of("fresh.example"), domainsAlerted("warm", savepoint.toString()),
                "with it, only the domain the history never saw");
    }
}
