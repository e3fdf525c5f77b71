package dev.dnshunter.rules.nxdomainburst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.EcsWriter;
import dev.dnshunter.generate.NxdomainTxtTraffic;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceNxdomainDetector;
import dev.dnshunter.generate.ReferenceTxtPayloadDetector;
import dev.dnshunter.generate.SentinelWriter;
import dev.dnshunter.generate.SuricataWriter;
import dev.dnshunter.generate.ZeekWriter;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.GraphRun;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import dev.dnshunter.io.FileSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole graph, BATCH and STREAMING, with the NXDOMAIN/TXT traffic rendered as Zeek dns.log (TSV and JSON), as
 * ECS (nested and dotted) and as Suricata eve.json (v2 and v3, detailed and grouped answers): exactly the independent
 * references' alerts of DnsNxdomainBurst and DnsTxtPayload; as Sentinel DnsEvents (which has ResultCode but no TXT
 * text) exactly the reference's NXDOMAIN alerts.
 */
class NxdomainTxtGraphTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final long START = 1_793_500_000_000L;
    static final NxdomainParams PARAMS = NxdomainParams.DEFAULTS.withInternalSuffixes(List.of(NxdomainTxtTraffic.INTERNAL_SUFFIX));
    static final DetectionConfig CONFIG = DetectionConfig.defaults()
            .withEnabledRules(List.of(NxdomainBurstAlert.RULE, TxtPayloadAlert.RULE)).withNxdomain(PARAMS);

    static List<DnsQuery> queries() {
        List<DnsQuery> q = new ArrayList<>(NxdomainTxtTraffic.of(START, 5));
        q.sort(Comparator.comparingLong(d -> d.time));
        return q;
    }

    static List<String> expected(List<DnsQuery> queries) {
        List<String> want = new ArrayList<>();
        var domains = ReferenceDetector.domainRules(CONFIG);
        for (NxdomainBurstAlert a : ReferenceNxdomainDetector.detect(queries, domains, PARAMS)) want.add(a.toJson());
        for (TxtPayloadAlert a : ReferenceTxtPayloadDetector.detect(queries, domains, TxtPayloadRule.SUPPRESSION_MILLIS)) want.add(a.toJson());
        want.sort(null);
        return want;
    }

    @TempDir
    Path dir;

    @Test
    void zeekAndEcsRenderingsGiveExactlyTheReferencesAlertsInBatchAndStreaming() throws Exception {
        List<DnsQuery> queries = queries();
        List<String> want = expected(queries);
        assertTrue(want.stream().filter(a -> a.contains("\"clientIp\":\"10.50.0.7\"")).count() == 3, "DGA: alert, suppression, alert, ...: " + want);
        assertTrue(want.stream().anyMatch(a -> a.contains("\"clientIp\":\"10.50.0.8\"")), "fast DGA");
        assertTrue(want.stream().noneMatch(a -> a.contains("\"clientIp\":\"10.50.0.9\"") || a.contains("\"clientIp\":\"10.50.0.10\"")
                || a.contains("\"clientIp\":\"10.50.0.11\"") || a.contains("\"clientIp\":\"10.50.0.12\"")
                || a.contains("\"clientIp\":\"10.50.0.25\"")), "look-alikes stay quiet: " + want);
        assertEquals(5, want.stream().filter(a -> a.contains("dnslivery-c2.net")).count(), "launcher of two clients, twice each; chunks alone: " + want);
        assertTrue(want.stream().anyMatch(a -> a.contains("\"indicator\":\"base64-run\"") && a.contains("10.50.0.23")), want.toString());
        assertTrue(want.stream().anyMatch(a -> a.contains("\"indicator\":\"iex\"") && a.contains("dnslivery-c2.net")));
        assertEquals(1, want.stream().filter(a -> a.contains("stage-host.org")).count());
        int run = 0;
        for (boolean batch : new boolean[] {true, false}) {
            boolean variant = run++ % 2 == 1;
            // TSV needs its header: read from a file, as a backfill does; JSON lines need none.
            Path tsv = Files.write(dir.resolve("dns-" + batch + ".log"), ZeekWriter.dnsTsv(queries));
            GraphRun zt = GraphRun.run(new FileSources().with(Input.ZEEK_DNS, tsv), CONFIG, batch, 2, List.of());
            List<String> ecs = EcsWriter.dns(queries, variant);
            GraphRun z = GraphRun.run(Map.of(Input.ZEEK_DNS, ZeekWriter.dnsJson(queries, variant)), CONFIG, batch, 2);
            GraphRun e = GraphRun.run(Map.of(Input.ECS, ecs), CONFIG, batch, 2);
            String what = batch ? "batch" : "streaming";
            assertEquals(List.of(), z.deadLetters, what);
            assertEquals(List.of(), e.deadLetters, what);
            assertEquals(List.of(), zt.deadLetters, what);
            assertEquals(want, zt.alerts, what + " Zeek TSV");
            assertEquals(want, z.alerts, what + " Zeek JSON");
            assertEquals(want, e.alerts, what + " ECS");
        }
    }

    @Test
    void suricataRenderingsGiveExactlyTheReferencesAlertsInBatchAndStreaming() throws Exception {
        List<DnsQuery> queries = queries();
        List<String> want = expected(queries);
        int run = 0;
        for (boolean batch : new boolean[] {true, false}) {
            // Two styles a run, so that the two runs cover all four.
            for (SuricataWriter.Style style : List.of(SuricataWriter.Style.values()[run], SuricataWriter.Style.values()[run + 2])) {
                GraphRun s = GraphRun.run(Map.of(Input.SURICATA_EVE, SuricataWriter.dns(queries, style)), CONFIG, batch, 2);
                String what = (batch ? "batch " : "streaming ") + style;
                assertEquals(List.of(), s.deadLetters, what);
                assertEquals(want, s.alerts, what);
            }
            run++;
        }
    }

    @Test
    void dnsEventsGiveTheNxdomainAlertsAndNoPayloads() throws Exception {
        List<DnsQuery> queries = queries();
        List<String> want = expected(queries).stream().filter(a -> a.contains("\"rule\":\"" + NxdomainBurstAlert.RULE + "\"")).toList();
        assertTrue(want.size() > 3, want.toString());
        List<String> rows = queries.stream().map(SentinelWriter::dnsEvents).toList();
        GraphRun d = GraphRun.run(Map.of(Input.DNS_EVENTS, rows), CONFIG, true, 2);
        assertEquals(List.of(), d.deadLetters);
        assertEquals(want, d.alerts);
    }
}
