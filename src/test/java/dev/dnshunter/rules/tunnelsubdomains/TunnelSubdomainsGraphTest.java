package dev.dnshunter.rules.tunnelsubdomains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceTunnelDetector;
import dev.dnshunter.generate.TunnelTraffic;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.rules.QuerySources;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole graph, BATCH and STREAMING, against the independent reference on the tunnel traffic and look-alikes. */
class TunnelSubdomainsGraphTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long START = 1_793_500_000_000L;
    static final DetectionConfig CONFIG = DetectionConfig.defaults().withEnabledRules(List.of(TunnelSubdomainsAlert.RULE));

    static List<String> expected(List<DnsQuery> queries, List<String> excludedDomains) {
        List<String> want = new ArrayList<>();
        for (TunnelSubdomainsAlert a : ReferenceTunnelDetector.detect(queries, ReferenceDetector.domainRules(CONFIG), TunnelParams.DEFAULTS)) {
            if (!excludedDomains.contains(a.domain)) want.add(a.toJson());
        }
        want.sort(null);
        return want;
    }

    @Test
    void batchAndStreamingEqualTheReferenceAndTheLookAlikesStayQuiet() throws Exception {
        List<DnsQuery> queries = TunnelTraffic.of(START, 3);
        List<String> want = expected(queries, List.of());
        assertTrue(want.stream().anyMatch(a -> a.contains("\"domain\":\"c2-tunnel.net\"")), "dnscat2-like");
        assertTrue(want.stream().anyMatch(a -> a.contains("\"domain\":\"iodine-zone.org\"")), "iodine-like");
        assertTrue(want.stream().anyMatch(a -> a.contains("\"domain\":\"av-vendor.com\"")), "the reputation service fires");
        assertTrue(want.stream().noneMatch(a -> a.contains("cdn-edge.com") || a.contains("arpa") || a.contains("mail-partner")), want.toString());
        assertEquals(want, GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, true, 2, List.of()).alerts);
        assertEquals(want, GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, false, 2, List.of()).alerts);
    }

    @Test
    void theShippedKindOfExclusionSilencesTheReputationService() throws Exception {
        List<DnsQuery> queries = TunnelTraffic.of(START, 3);
        ExclusionEntry av = new ExclusionEntry("av-reputation-lookups", ExclusionEntry.DOMAIN, "av-vendor.com",
                "antivirus file-reputation lookups encode hashes in names", ExclusionEntry.NEVER);
        GraphRun run = GraphRun.run(QuerySources.dnsEvents(queries), CONFIG, true, 2, List.of(av));
        assertEquals(expected(queries, List.of("av-vendor.com")), run.alerts);
        assertTrue(!run.excluded.isEmpty() && run.excluded.stream().allMatch(e -> e.entryId.equals("av-reputation-lookups")));
    }
}
