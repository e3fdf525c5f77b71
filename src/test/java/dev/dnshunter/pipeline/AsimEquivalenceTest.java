package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.generate.AsimWriter;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The events of {@link ZeekEquivalenceTest} rendered as Sentinel JSON (DnsEvents, CommonSecurityLog) and as ASIM
 * ({@code ASimDnsActivityLogs}, {@code ASimNetworkSessionLogs}) give the same alerts in both rules and both modes,
 * batch and streaming. Only the labels that name the log differ (a rare alert's dataType {@code ASIM}, a TXT alert's
 * source {@code ASimDnsActivityLogs}) and with them the alert id. Each input's events are in time order.
 */
class AsimEquivalenceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static List<DnsQuery> queries() {
        List<DnsQuery> q = ZeekEquivalenceTest.queries();
        q.sort(Comparator.comparingLong(d -> d.time));
        return q;
    }

    static List<NetworkFlow> flows() {
        return ZeekEquivalenceTest.flows().stream().sorted(Comparator.comparingLong(f -> f.time)).toList();
    }

    @Test
    void sameEventsSameAlerts() throws Exception {
        List<String> dns = queries().stream().map(ZeekEquivalenceTest::dnsEventsRow).toList();
        List<String> fw = flows().stream().map(ZeekEquivalenceTest::firewallRow).toList();
        List<String> asimDns = AsimWriter.dns(queries());
        List<String> asimSessions = AsimWriter.flows(flows());
        for (DetectionMode mode : DetectionMode.values()) {
            DetectionConfig config = DetectionConfig.defaults().withMode(mode);
            for (boolean batch : new boolean[] {true, false}) {
                GraphRun sentinel = GraphRun.run(Map.of(Input.DNS_EVENTS, dns, Input.FIREWALL_EVENTS, fw), config, batch, 2);
                GraphRun asim = GraphRun.run(Map.of(Input.ASIM_DNS, asimDns, Input.ASIM_NETWORK_SESSIONS, asimSessions), config, batch, 2);
                String what = mode + (batch ? " batch" : " streaming");
                assertEquals(mode == DetectionMode.KQL_COMPATIBLE ? 1 : 3, sentinel.alerts.size(), what + ": " + sentinel.alerts);
                assertEquals(List.of(), sentinel.deadLetters, what);
                assertEquals(List.of(), asim.deadLetters, what);
                assertEquals(EveEcsEquivalenceTest.comparable(sentinel.alerts, "Palo Alto Networks", "DnsEvents"),
                        EveEcsEquivalenceTest.comparable(asim.alerts, "ASIM", "ASimDnsActivityLogs"), what + " ASIM");
            }
        }
    }
}
