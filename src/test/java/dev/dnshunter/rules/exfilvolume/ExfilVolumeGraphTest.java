package dev.dnshunter.rules.exfilvolume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.generate.ExfilTraffic;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceExfilDetector;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.rules.QuerySources;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole graph, BATCH and STREAMING, against the independent reference on the exfiltration traffic and look-alikes. */
class ExfilVolumeGraphTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long START = 1_793_500_000_000L;
    static final DetectionConfig CONFIG = DetectionConfig.defaults().withEnabledRules(List.of(ExfilVolumeAlert.RULE));

    @Test
    void batchAndStreamingEqualTheReferenceAndTheLookAlikesStayQuiet() throws Exception {
        List<DnsQuery> queries = ExfilTraffic.of(START, 7);
        List<String> want = new ArrayList<>();
        for (ExfilVolumeAlert a : ReferenceExfilDetector.detect(queries, ReferenceDetector.domainRules(CONFIG), ExfilParams.DEFAULTS)) {
            want.add(a.toJson());
        }
        want.sort(null);
        assertEquals(2, want.size(), want.toString());
        assertTrue(want.stream().anyMatch(a -> a.contains("\"domain\":\"drip-exfil.net\"") && a.contains("\"tier\":\"24h\"")), "slow: daily");
        assertTrue(want.stream().anyMatch(a -> a.contains("\"domain\":\"burst-exfil.org\"") && a.contains("\"tier\":\"1h\"")), "fast: hourly");
        assertEquals(want, GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, true, 2, List.of()).alerts);
        assertEquals(want, GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, false, 2, List.of()).alerts);
    }

    @Test
    void aDomainExclusionSilencesThePairAndRecordsIt() throws Exception {
        List<DnsQuery> queries = ExfilTraffic.of(START, 7);
        ExclusionEntry drip = new ExclusionEntry("known-drip", ExclusionEntry.DOMAIN, "drip-exfil.net", "test", ExclusionEntry.NEVER);
        GraphRun run = GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, true, 2, List.of(drip));
        assertEquals(1, run.alerts.size(), run.alerts.toString());
        assertTrue(run.alerts.get(0).contains("burst-exfil.org"));
        assertTrue(run.excluded.size() == 1 && run.excluded.get(0).entryId.equals("known-drip"), run.excluded.toString());
    }
}
