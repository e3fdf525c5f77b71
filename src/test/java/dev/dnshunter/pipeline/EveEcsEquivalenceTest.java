package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.generate.EcsWriter;
import dev.dnshunter.generate.SuricataWriter;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The events of {@link ZeekEquivalenceTest} (with a local IPv6 client, see {@link #queries()}) rendered as Sentinel JSON and as Suricata eve.json (DNS logging v2 and v3,
 * detailed and grouped answers) and as Elastic ECS (nested and dotted keys) give the same alerts in both rules and
 * both modes, batch and streaming; each Suricata or ECS input carries its queries and its flows in one stream. Only
 * the labels that name the log differ (a rare alert's dataType, a TXT alert's source) and with them the alert id.
 */
class EveEcsEquivalenceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** The alerts with the labels of {@code dataType} and {@code source} made Sentinel's, and the alert id left out. */
    static List<String> comparable(List<String> alerts, String dataType, String source) {
        return alerts.stream()
                .map(a -> a.replace("\"source\":\"" + source + "\"", "\"source\":\"DnsEvents\"")
                        .replace("\"dataType\":\"" + dataType + "\"", "\"dataType\":\"Palo Alto Networks\"")
                        .replaceFirst("\"alertId\":\"[0-9a-f]+\",", ""))
                .sorted().toList();
    }

    /**
     * The events of the Zeek test with its public IPv6 client moved into a unique local network: eve.json has no
     * direction, so a flow is outbound there only when its client is not public (by the mode's address rules).
     */
    static List<DnsQuery> queries() {
        List<DnsQuery> q = ZeekEquivalenceTest.queries();
        for (DnsQuery d : q) d.clientAddress = d.clientAddress.replace(PUBLIC_CLIENT, LOCAL_CLIENT);
        // In time order: in streaming, a query an hour behind the others is late or not depending on whether a
        // periodic watermark happened to be emitted in between.
        q.sort(java.util.Comparator.comparingLong(d -> d.time));
        return q;
    }

    static List<NetworkFlow> flows() {
        List<NetworkFlow> f = new ArrayList<>(ZeekEquivalenceTest.flows());
        for (NetworkFlow n : f) n.sourceAddress = n.sourceAddress.replace(PUBLIC_CLIENT, LOCAL_CLIENT);
        return f;
    }

    /**
     * One log of both kinds, as a sensor writes it: queries and flows interleaved in time order (all flows first would
     * put a lookup an hour behind the flows, late or not depending on when a periodic watermark is emitted).
     */
    static List<String> inTimeOrder(java.util.function.Function<DnsQuery, List<String>> dns,
            java.util.function.Function<NetworkFlow, List<String>> flow) {
        record Timed(long time, int order, List<String> lines) {}
        List<Timed> all = new ArrayList<>();
        for (DnsQuery q : queries()) all.add(new Timed(q.time, all.size(), dns.apply(q)));
        for (NetworkFlow f : flows()) all.add(new Timed(f.time, all.size(), flow.apply(f)));
        all.sort(java.util.Comparator.comparingLong(Timed::time).thenComparingInt(Timed::order));
        List<String> lines = new ArrayList<>();
        for (Timed t : all) lines.addAll(t.lines());
        return lines;
    }

    static final String PUBLIC_CLIENT = "2001:4860::5";
    static final String LOCAL_CLIENT = "fd00::5";

    @Test
    void sameEventsSameAlerts() throws Exception {
        List<String> dns = queries().stream().map(ZeekEquivalenceTest::dnsEventsRow).toList();
        List<String> fw = flows().stream().map(ZeekEquivalenceTest::firewallRow).toList();
        int run = 0;
        for (DetectionMode mode : DetectionMode.values()) {
            DetectionConfig config = DetectionConfig.defaults().withMode(mode);
            for (boolean batch : new boolean[] {true, false}) {
                // Each run renders another style, so that the four runs cover every one.
                SuricataWriter.Style style = SuricataWriter.Style.values()[run];
                boolean dotted = run % 2 == 1;
                run++;
                List<String> eve = inTimeOrder(q -> SuricataWriter.dns(List.of(q), style), f -> SuricataWriter.flows(List.of(f)));
                List<String> ecs = inTimeOrder(q -> EcsWriter.dns(List.of(q), dotted), f -> EcsWriter.flows(List.of(f), dotted));
                GraphRun sentinel = GraphRun.run(Map.of(Input.DNS_EVENTS, dns, Input.FIREWALL_EVENTS, fw), config, batch, 2);
                GraphRun suricata = GraphRun.run(Map.of(Input.SURICATA_EVE, eve), config, batch, 2);
                GraphRun elastic = GraphRun.run(Map.of(Input.ECS, ecs), config, batch, 2);
                String what = mode + (batch ? " batch " : " streaming ") + style + (dotted ? " dotted" : " nested");
                assertEquals(mode == DetectionMode.KQL_COMPATIBLE ? 1 : 3, sentinel.alerts.size(), what + ": " + sentinel.alerts);
                assertEquals(List.of(), sentinel.deadLetters, what);
                assertEquals(List.of(), suricata.deadLetters, what);
                assertEquals(List.of(), elastic.deadLetters, what);
                List<String> expected = comparable(sentinel.alerts, "Palo Alto Networks", "DnsEvents");
                assertEquals(expected, comparable(suricata.alerts, "Suricata", "Suricata eve.json"), what + " Suricata");
                assertEquals(expected, comparable(elastic.alerts, "ECS", "ECS"), what + " ECS");
            }
        }
    }
}
