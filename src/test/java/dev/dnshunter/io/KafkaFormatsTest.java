package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.AsimWriter;
import dev.dnshunter.generate.EcsWriter;
import dev.dnshunter.generate.ExfilTraffic;
import dev.dnshunter.generate.NxdomainTxtTraffic;
import dev.dnshunter.generate.SuricataWriter;
import dev.dnshunter.generate.TunnelTraffic;
import dev.dnshunter.generate.ZeekWriter;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ReferenceAlerts;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
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
 * events give as Sentinel JSON, but for the labels that name the log. And Sysmon and ASIM topics, and the new rules
 * over Zeek, ECS and Suricata topics: exactly the independent references' alerts ({@link ReferenceAlerts}).
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

    /**
     * With the default idle timeout (1 min): the job stops at the topics' latest offsets, so a partition that ends holds
     * nothing back, while a short timeout would let a reader slowed by load fall behind the watermark (its records
     * late, dead letters).
     */
    static List<String> stream(String prefix, Map<String, List<String>> topics) throws Exception {
        return stream(prefix, topics, List.of());
    }

    /** The alerts of a streaming job over the topics (each flag's lines produced to its own topic), with more flags. */
    static List<String> stream(String prefix, Map<String, List<String>> topics, List<String> flags) throws Exception {
        String alerts = prefix + "-alerts";
        String dead = prefix + "-dead";
        List<String> names = new ArrayList<>(List.of(alerts, dead));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--alerts-topic", alerts,
                "--dead-letter-topic", dead, "--starting-offsets", "earliest", "--checkpoint-interval", "300ms", "--group-id", alerts,
                "--transactional-id-prefix", alerts, "--stop-at-latest", "--detect-from", DETECT_FROM.toString()));
        args.addAll(flags);
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
        List<String> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(dead, false, Duration.ofSeconds(30))) {
            deadLetters.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), deadLetters, "dead letters");
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(alerts, true, Duration.ofSeconds(60))) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        values.sort(null);
        return values;
    }

    /** The new rules' traffic starts a day after the detection start, clear of the rare-lookup events. */
    static final long RULE_TRAFFIC = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    static final List<String> INTERNAL = List.of("--internal-suffix", NxdomainTxtTraffic.INTERNAL_SUFFIX);
    static final DetectionConfig CONFIG = DetectionConfig.defaults().withDetectFromMillis(DETECT_FROM.toEpochMilli())
            .withNxdomain(NxdomainParams.DEFAULTS.withInternalSuffixes(List.of(NxdomainTxtTraffic.INTERNAL_SUFFIX)));

    static List<DnsQuery> inTimeOrder(List<DnsQuery> queries) {
        List<DnsQuery> sorted = new ArrayList<>(queries);
        sorted.sort(java.util.Comparator.comparingLong(q -> q.time));
        return sorted;
    }

    static void assertFires(List<String> alerts, String rule, String identity) {
        assertTrue(alerts.stream().anyMatch(a -> a.contains("\"rule\":\"" + rule + "\"") && a.contains(identity)),
                rule + " of " + identity + " is part of the truth: " + alerts);
    }

    /**
     * A Sysmon topic (WindowsEvent rows of event 22: hosts, no address, no query type) with the NXDOMAIN and tunnel
     * traffic, and the two ASIM topics with the rare-lookup and TXT events: exactly the references' alerts of every rule.
     */
    @Test
    void sysmonAndAsimTopicsGiveExactlyTheReferencesAlerts() throws Exception {
        List<DnsQuery> asim = inTimeOrder(events("queries"));
        for (DnsQuery q : asim) {
            // What an ASIM row keeps: DnsResponseName's addresses, no other answers.
            q.otherAnswers = null;
            q.input = "asim-dns";
            q.source = "ASimDnsActivityLogs";
        }
        List<NetworkFlow> flows = events("flows");
        for (NetworkFlow f : flows) f.dataType = NetworkFlow.ASIM;
        List<DnsQuery> traffic = new ArrayList<>(NxdomainTxtTraffic.of(RULE_TRAFFIC, 5));
        traffic.addAll(TunnelTraffic.of(RULE_TRAFFIC, 3));
        List<DnsQuery> sysmon = ReferenceAlerts.onHosts(inTimeOrder(traffic));
        List<DnsQuery> all = new ArrayList<>(asim);
        all.addAll(sysmon);
        List<String> expected = ReferenceAlerts.of(all, flows, CONFIG);
        assertFires(expected, "RareDnsLookupWithDataTransfer", "\"dataType\":\"ASIM\"");
        assertFires(expected, "DnsTxtTunneling", "\"source\":\"ASimDnsActivityLogs\"");
        assertFires(expected, "DnsNxdomainBurst", "\"host\":\"" + ReferenceAlerts.host("10.50.0.7") + "\"");
        assertFires(expected, "DnsTunnelingSubdomains", "\"host\":\"" + ReferenceAlerts.host("10.40.0.7") + "\"");

        List<String> got = stream("sysmon-asim", Map.of("sysmon-events-topic", ReferenceAlerts.windowsEventRows(sysmon),
                "asim-dns-topic", AsimWriter.dns(asim), "asim-network-sessions-topic", AsimWriter.flows(flows)), INTERNAL);
        assertEquals(expected, got);
    }

    /**
     * The tunnel and exfiltration traffic on a Zeek dns.log topic, the NXDOMAIN and TXT-answer traffic on an ECS topic
     * and again (other clients) on a Suricata eve.json topic: exactly the references' alerts of the four rules.
     */
    @Test
    void tunnelExfilNxdomainAndPayloadRulesGiveExactlyTheReferencesAlerts() throws Exception {
        List<DnsQuery> zeek = new ArrayList<>(TunnelTraffic.of(RULE_TRAFFIC, 3));
        zeek.addAll(ExfilTraffic.of(RULE_TRAFFIC, 7));
        zeek = inTimeOrder(zeek);
        List<DnsQuery> ecs = inTimeOrder(NxdomainTxtTraffic.of(RULE_TRAFFIC, 5));
        List<DnsQuery> eve = inTimeOrder(NxdomainTxtTraffic.of(RULE_TRAFFIC, 5));
        for (DnsQuery q : eve) q.clientAddress = q.clientAddress.replace("10.50.", "10.60.");
        List<String> rules = List.of(TunnelSubdomainsAlert.RULE, ExfilVolumeAlert.RULE, NxdomainBurstAlert.RULE, TxtPayloadAlert.RULE);
        List<DnsQuery> all = new ArrayList<>(zeek);
        all.addAll(ecs);
        all.addAll(eve);
        List<String> expected = ReferenceAlerts.of(all, List.of(), CONFIG.withEnabledRules(rules));
        for (String rule : rules) assertFires(expected, rule, "");
        assertFires(expected, NxdomainBurstAlert.RULE, "\"clientIp\":\"10.60.0.7\"");
        assertFires(expected, TxtPayloadAlert.RULE, "\"clientIp\":\"10.60.0.20\"");

        List<String> flags = new ArrayList<>(INTERNAL);
        flags.addAll(List.of("--rules", String.join(",", rules)));
        List<String> got = stream("new-rules", Map.of("zeek-dns-topic", ZeekWriter.dnsJson(zeek, false),
                "ecs-topic", EcsWriter.dns(ecs, false), "suricata-eve-topic", SuricataWriter.dns(eve, SuricataWriter.Style.V3_DETAILED)), flags);
        assertEquals(expected, got);
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
