package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Severity;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rare.LookupEvidence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DetectionGraphTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void rareLookupFollowedByTransferGivesOneAlert() throws Exception {
        Map<Input, List<String>> lines = Map.of(
                Input.DNS_EVENTS, List.of(
                        Rows.dns("2026-11-20T10:00:00.1234567Z", "10.0.0.5", "X.Evil.example.", "203.0.114.7, 10.1.1.1"),
                        Rows.dns("2026-11-20T10:00:00Z", "10.0.0.6", "www.popular.example", "198.51.99.1")),
                Input.FIREWALL_EVENTS, List.of(
                        Rows.firewall("2026-11-20T10:04:00Z", "10.0.0.5", "203.0.114.7", 443, 5_000_000, 1000),
                        Rows.firewall("2026-11-20T10:30:00Z", "10.0.0.5", "203.0.114.7", 443, 3_000_000, 500)),
                Input.VM_CONNECTIONS, List.of());

        RareDnsAlert expected = new RareDnsAlert();
        expected.windowStart = t("2026-11-20T10:00:00Z");
        expected.windowEnd = t("2026-11-20T11:00:00Z");
        expected.clientIp = "10.0.0.5";
        expected.domain = "evil.example";
        expected.destinationIp = "203.0.114.7";
        expected.destinationPort = 443;
        expected.dataType = "Palo Alto Networks";
        expected.sentBytes = 8_000_000;
        expected.receivedBytes = 1500;
        expected.connectionCount = 2;
        expected.lookupCount = 1;
        expected.firstLookupTime = t("2026-11-20T10:00:00.123Z");
        expected.lastLookupTime = t("2026-11-20T10:00:00.123Z");
        expected.baselineCount = 0;
        expected.lookbackBuckets = 7;
        expected.severity = Severity.HIGH;
        // The evidence: the lookup as the log wrote it (case, final dot, every answer), the flows' time span.
        expected.lookups = new LookupEvidence[] {new LookupEvidence(t("2026-11-20T10:00:00.123Z"), "X.Evil.example.",
                new String[] {"203.0.114.7", "10.1.1.1"}, 0)};
        expected.firstFlowTime = t("2026-11-20T10:04:00Z");
        expected.lastFlowTime = t("2026-11-20T10:30:00Z");

        for (boolean batch : new boolean[] {true, false}) {
            GraphRun run = GraphRun.run(lines, DetectionConfig.defaults(), batch, 2);
            assertEquals(List.of(AlertJson.toJson(expected)), run.alerts, batch ? "batch" : "streaming");
        }
    }

    /** One rare lookup per client, each followed by a transfer of its own size: High, Medium (an upload), Low. */
    private static final Map<Input, List<String>> THREE_SEVERITIES = Map.of(
            Input.DNS_EVENTS, List.of(
                    Rows.dns("2026-11-20T10:00:00Z", "10.0.0.5", "x.big.example", "203.0.114.7"),
                    Rows.dns("2026-11-20T10:00:00Z", "10.0.0.6", "x.upload.example", "203.0.114.8"),
                    Rows.dns("2026-11-20T10:00:00Z", "10.0.0.7", "x.small.example", "203.0.114.9")),
            Input.FIREWALL_EVENTS, List.of(
                    Rows.firewall("2026-11-20T10:04:00Z", "10.0.0.5", "203.0.114.7", 443, 1_000_000, 900_000),
                    Rows.firewall("2026-11-20T10:04:00Z", "10.0.0.6", "203.0.114.8", 443, 20_000, 4_000),
                    Rows.firewall("2026-11-20T10:04:00Z", "10.0.0.7", "203.0.114.9", 443, 20_000, 4_001)),
            Input.VM_CONNECTIONS, List.of());

    private static Map<String, String> severityByDomain(List<String> alerts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> m = new java.util.TreeMap<>();
        for (String a : alerts) m.put(json.readTree(a).get("domain").asText(), json.readTree(a).get("severity").asText());
        return m;
    }

    @Test
    void everyAlertCarriesItsSeverityAndTheDefaultMinimumWritesAll() throws Exception {
        for (boolean batch : new boolean[] {true, false}) {
            GraphRun run = GraphRun.run(THREE_SEVERITIES, DetectionConfig.defaults(), batch, 2);
            assertEquals(Map.of("big.example", "High", "upload.example", "Medium", "small.example", "Low"),
                    severityByDomain(run.alerts), batch ? "batch" : "streaming");
            SeverityCounts counts = SeverityCounts.of(run.accumulators);
            assertEquals(Map.of(RareDnsAlert.RULE, Map.of(Severity.HIGH, 1L, Severity.MEDIUM, 1L, Severity.LOW, 1L)), counts.written);
            assertEquals(Map.of(), counts.belowMin);
        }
    }

    @Test
    void minSeverityDropsTheLowerAlertsAndCountsThemInBatchAndStreaming() throws Exception {
        for (boolean batch : new boolean[] {true, false}) {
            String mode = batch ? "batch" : "streaming";
            GraphRun medium = GraphRun.run(THREE_SEVERITIES, DetectionConfig.defaults().withMinSeverity(Severity.MEDIUM), batch, 2);
            assertEquals(Map.of("big.example", "High", "upload.example", "Medium"), severityByDomain(medium.alerts), mode);
            SeverityCounts counts = SeverityCounts.of(medium.accumulators);
            assertEquals(Map.of(RareDnsAlert.RULE, Map.of(Severity.LOW, 1L)), counts.belowMin, mode);
            assertEquals(Map.of(RareDnsAlert.RULE, Map.of(Severity.HIGH, 1L, Severity.MEDIUM, 1L)), counts.written, mode);

            GraphRun high = GraphRun.run(THREE_SEVERITIES, DetectionConfig.defaults().withMinSeverity(Severity.HIGH), batch, 2);
            assertEquals(Map.of("big.example", "High"), severityByDomain(high.alerts), mode);
            assertEquals(Map.of(RareDnsAlert.RULE, Map.of(Severity.LOW, 1L, Severity.MEDIUM, 1L)),
                    SeverityCounts.of(high.accumulators).belowMin, mode);
        }
    }
}
