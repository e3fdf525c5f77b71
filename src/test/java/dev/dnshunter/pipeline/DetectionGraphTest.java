package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
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
                        Rows.dns("2026-11-20T10:00:00.1234567Z", "10.0.0.5", "x.evil.example", "203.0.114.7, 10.1.1.1"),
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

        for (boolean batch : new boolean[] {true, false}) {
            GraphRun run = GraphRun.run(lines, DetectionConfig.defaults(), batch, 2);
            assertEquals(List.of(AlertJson.toJson(expected)), run.alerts, batch ? "batch" : "streaming");
        }
    }
}
