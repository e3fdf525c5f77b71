package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.EcsWriter;
import dev.dnshunter.generate.ZeekWriter;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.testing.KafkaBroker;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The streaming job through a real Kafka 4.2 broker with a Zeek dns.log JSON topic and an Elastic ECS topic (its
 * flows, and ECS DNS events on a second run): the alerts topic, read committed, holds exactly the alerts the same
 * events give as Sentinel JSON, but for the labels that name the log.
 */
class KafkaFormatsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** A streaming job judges events from the time it starts unless told otherwise; these are older. */
    static final Instant DETECT_FROM = Instant.parse("2026-11-20T00:00:00Z");

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

    /** The ground truth: the same events as DnsEvents and CommonSecurityLog rows, through the streaming graph. */
    static List<String> groundTruth(List<DnsQuery> queries, List<NetworkFlow> flows) throws Exception {
        List<String> dns = new ArrayList<>();
        List<String> fw = new ArrayList<>();
        // The row renderings of the Zeek equivalence test (package-private there), shared rather than copied.
        Class<?> zeek = Class.forName("dev.dnshunter.pipeline.ZeekEquivalenceTest");
        Method dnsRow = zeek.getDeclaredMethod("dnsEventsRow", DnsQuery.class);
        Method fwRow = zeek.getDeclaredMethod("firewallRow", NetworkFlow.class);
        dnsRow.setAccessible(true);
        fwRow.setAccessible(true);
        for (DnsQuery q : queries) dns.add((String) dnsRow.invoke(null, q));
        for (NetworkFlow f : flows) fw.add((String) fwRow.invoke(null, f));
        return GraphRun.run(Map.of(Input.DNS_EVENTS, dns, Input.FIREWALL_EVENTS, fw), DetectionConfig.defaults().withDetectFromMillis(DETECT_FROM.toEpochMilli()), false, 2).alerts;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> events(String method) throws Exception {
        Method m = Class.forName("dev.dnshunter.pipeline.ZeekEquivalenceTest").getDeclaredMethod(method);
        m.setAccessible(true);
        return (List<T>) m.invoke(null);
    }

    static List<String> comparable(List<String> alerts, String dataType, String source) {
        return alerts.stream()
                .map(a -> a.replace("\"source\":\"" + source + "\"", "\"source\":\"DnsEvents\"")
                        .replace("\"dataType\":\"" + dataType + "\"", "\"dataType\":\"Palo Alto Networks\"")
                        .replaceFirst("\"alertId\":\"[0-9a-f]+\",", ""))
                .sorted().toList();
    }

    static List<String> stream(String prefix, Map<String, List<String>> topics) throws Exception {
        String alerts = prefix + "-alerts";
        String dead = prefix + "-dead";
        List<String> names = new ArrayList<>(List.of(alerts, dead));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--alerts-topic", alerts,
                "--dead-letter-topic", dead, "--starting-offsets", "earliest", "--checkpoint-interval", "300ms", "--group-id", alerts,
                "--transactional-id-prefix", alerts, "--idle-timeout", "2s", "--stop-at-latest", "--detect-from", DETECT_FROM.toString()));
        topics.forEach((flag, lines) -> {
            String topic = prefix + "-" + flag;
            names.add(topic);
            args.add("--" + flag);
            args.add(topic);
        });
        kafka.createTopics(2, names.toArray(new String[0]));
        topics.forEach((flag, lines) -> kafka.produce(prefix + "-" + flag, lines));
        var plan = StreamCommandAccess.plan(args);
        StreamExecutionEnvironment env = StreamCommandAccess.environment(plan);
        StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        env.execute("kafka formats test");
        assertEquals(0, kafka.readAll(dead, false, Duration.ofSeconds(30)).size(), "dead letters");
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(alerts, true, Duration.ofSeconds(60))) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void zeekJsonAndEcsTopicsGiveExactlyTheGroundTruthAlerts() throws Exception {
        List<DnsQuery> queries = new ArrayList<>(events("queries"));
        // In time order: an event an hour behind the others would be late or not depending on watermark timing.
        queries.sort(java.util.Comparator.comparingLong(q -> q.time));
        List<NetworkFlow> flows = events("flows");
        List<String> expected = comparable(groundTruth(queries, flows), "Palo Alto Networks", "DnsEvents");
        assertEquals(3, expected.size(), expected.toString());

        List<String> zeekAndEcs = stream("zeek-ecs", Map.of("zeek-dns-topic", ZeekWriter.dnsJson(queries, true),
                "ecs-topic", EcsWriter.flows(flows, false)));
        assertEquals(expected, comparable(zeekAndEcs, "ECS", "Zeek dns.log"));

        // One ECS topic with both kinds, dotted keys.
        List<String> ecs = new ArrayList<>(EcsWriter.dns(queries, true));
        ecs.addAll(EcsWriter.flows(flows, true));
        assertEquals(expected, comparable(stream("ecs-only", Map.of("ecs-topic", ecs)), "ECS", "ECS"));
    }
}
