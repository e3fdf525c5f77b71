package dev.dnshunter.inputs.suricata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ExfilTraffic;
import dev.dnshunter.generate.SuricataWriter;
import dev.dnshunter.generate.TunnelTraffic;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ReferenceAlerts;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * eve.json logs a request and its answered response as two records; the rules that count questions (TXT burst,
 * tunnel, exfiltration volume) must count the exchange once. The tunnel and exfiltration traffic and two TXT bursts,
 * every query answered, rendered as eve.json: exactly the independent references' alerts over the queries themselves
 * (a burst of five answered TXT queries stays quiet; counted twice it would alert, and every queryCount would double).
 */
class SuricataExchangeGraphTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long START = 1_793_500_000_000L;

    static DnsQuery txt(long time, String client, String name) {
        return new DnsQuery(time, client, null, name, DnsQuery.TYPE_TXT, 0, null, new String[] {"ok"}, "dns-events", "DnsEvents", null);
    }

    @Test
    void eachExchangeCountsOnceInTheRulesThatCountQuestions() throws Exception {
        List<DnsQuery> queries = new ArrayList<>(TunnelTraffic.of(START, 3));
        queries.addAll(ExfilTraffic.of(START, 7));
        for (int i = 0; i < 5; i++) queries.add(txt(START + 7_200_000L + i * 20_000L, "10.70.0.1", i + ".five.txt-burst.example"));
        for (int i = 0; i < 6; i++) queries.add(txt(START + 7_200_000L + i * 20_000L, "10.70.0.2", i + ".six.txt-burst.example"));
        queries.sort(Comparator.comparingLong(q -> q.time));
        for (DnsQuery q : queries) {
            q.input = SuricataEveParser.INPUT;
            q.source = SuricataEveParser.SOURCE;
        }
        DetectionConfig config = DetectionConfig.defaults()
                .withEnabledRules(List.of(DnsTxtAlert.RULE, TunnelSubdomainsAlert.RULE, ExfilVolumeAlert.RULE));
        List<String> want = ReferenceAlerts.of(queries, List.of(), config);
        assertTrue(want.stream().anyMatch(a -> a.contains(TunnelSubdomainsAlert.RULE)), want.toString());
        assertTrue(want.stream().anyMatch(a -> a.contains(ExfilVolumeAlert.RULE)), want.toString());
        assertTrue(want.stream().anyMatch(a -> a.contains(DnsTxtAlert.RULE) && a.contains("10.70.0.2")), want.toString());
        assertTrue(want.stream().noneMatch(a -> a.contains("10.70.0.1")), want.toString());
        boolean batch = true;
        for (SuricataWriter.Style style : List.of(SuricataWriter.Style.V2_DETAILED, SuricataWriter.Style.V3_GROUPED)) {
            GraphRun run = GraphRun.run(Map.of(Input.SURICATA_EVE, SuricataWriter.dns(queries, style)), config, batch, 2);
            String what = style + (batch ? " batch" : " streaming");
            assertEquals(List.of(), run.deadLetters, what);
            assertEquals(want, run.alerts, what);
            batch = false;
        }
    }
}
