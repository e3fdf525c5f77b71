package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.generate.ReferenceTxtDetector;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.generate.ReferenceDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against the generator's ground truth (computed by the independent, in-memory
 * {@link ReferenceDetector}): in BATCH and STREAMING, at parallelism 1 and 4, in both modes, and under reordering
 * within the out-of-orderness bound.
 */
class GroundTruthTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path dir;
    static DataSetGenerator.Summary data;
    static Map<Input, List<String>> lines;
    static List<String> expected;

    @BeforeAll
    static void generate() throws IOException {
        data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(9).withSeed(11).withClients(60).withLookupsPerDay(2500));
        lines = new EnumMap<>(Input.class);
        lines.put(Input.DNS_EVENTS, Files.readAllLines(data.dnsEventsFile()));
        lines.put(Input.FIREWALL_EVENTS, Files.readAllLines(data.firewallEventsFile()));
        lines.put(Input.VM_CONNECTIONS, Files.readAllLines(data.vmConnectionsFile()));
        lines.put(Input.DNS_CLIENT_EVENTS, Files.readAllLines(data.dnsClientEventsFile()));
        expected = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
    }

    @Test
    void theDataSetIsNotTrivial() {
        assertTrue(expected.size() > 20, "expected alerts: " + expected.size());
        assertEquals(3, data.injected().size());
        assertTrue(expected.stream().anyMatch(a -> a.contains("\"rule\":\"DnsTxtTunneling\"")), "TXT alerts are part of the truth");
    }

    @Test
    void batchAtParallelismOneAndFourEqualsTheGroundTruth() throws Exception {
        assertEquals(expected, GraphRun.run(lines, data.detectionConfig(), true, 1).alerts);
        assertEquals(expected, GraphRun.run(lines, data.detectionConfig(), true, 4).alerts);
    }

    @Test
    void streamingAtParallelismOneAndFourEqualsTheGroundTruth() throws Exception {
        assertEquals(expected, GraphRun.run(lines, data.detectionConfig(), false, 1).alerts);
        assertEquals(expected, GraphRun.run(lines, data.detectionConfig(), false, 4).alerts);
    }

    @Test
    void onlyTheRulesChosenWithRulesRun() throws Exception {
        List<String> txtOnly = expected.stream().filter(a -> a.contains("\"rule\":\"DnsTxtTunneling\"")).toList();
        List<String> rareOnly = expected.stream().filter(a -> a.contains("\"rule\":\"RareDnsLookupWithDataTransfer\"")).toList();
        assertFalse(txtOnly.isEmpty() || rareOnly.isEmpty());
        assertEquals(txtOnly, GraphRun.run(lines, data.detectionConfig().withEnabledRules(List.of("DnsTxtTunneling")), true, 2).alerts);
        assertEquals(rareOnly, GraphRun.run(lines,
                data.detectionConfig().withEnabledRules(List.of("RareDnsLookupWithDataTransfer")), false, 2).alerts);
    }

    @Test
    void kqlCompatibleModeEqualsTheReferenceInThatMode() throws Exception {
        DetectionConfig kql = data.detectionConfig().withMode(DetectionMode.KQL_COMPATIBLE);
        List<String> want = new ArrayList<>();
        for (RareDnsAlert a : ReferenceDetector.detectFiles(data.dnsEventsFile(), data.firewallEventsFile(), data.vmConnectionsFile(), kql)) {
            want.add(AlertJson.toJson(a));
        }
        for (DnsTxtAlert a : ReferenceTxtDetector.detectFiles(data.dnsEventsFile(), data.dnsClientEventsFile(), kql)) {
            want.add(AlertJson.toJson(a));
        }
        want.sort(null);
        assertFalse(want.isEmpty());
        assertFalse(want.equals(expected), "the two modes should disagree somewhere on this data set");
        assertEquals(want, GraphRun.run(lines, kql, true, 2).alerts);
        assertEquals(want, GraphRun.run(lines, kql, false, 2).alerts);
    }

    @Test
    void anyInterleavingTheWatermarkAllowsGivesTheSameAlerts() throws Exception {
        // Reorder each input within 2-minute slices of event time (the generator's own jitter is up to a minute, the
        // bound is 5 minutes), and the inputs interleave freely as separate sources at parallelism 3.
        Map<Input, List<String>> shuffled = new EnumMap<>(Input.class);
        Random random = new Random(5);
        for (Map.Entry<Input, List<String>> e : lines.entrySet()) {
            List<String> l = new ArrayList<>(e.getValue());
            int from = 0;
            for (int i = 1; i <= l.size(); i++) {
                if (i == l.size() || slice(l.get(i)) != slice(l.get(from))) {
                    java.util.Collections.shuffle(l.subList(from, i), random);
                    from = i;
                }
            }
            shuffled.put(e.getKey(), l);
        }
        GraphRun run = GraphRun.run(shuffled, data.detectionConfig(), false, 3);
        assertEquals(List.of(), run.deadLetters.stream().filter(d -> DeadLetter.LATE.equals(d.reason)).toList(),
                "no event may be late within the bound");
        assertEquals(expected, run.alerts);
    }

    @Test
    void everyPlantedBadLineIsADeadLetterWithItsReason() throws Exception {
        GraphRun run = GraphRun.run(lines, data.detectionConfig(), true, 2);
        int planted = data.badDnsEventLines() + data.badFirewallEventLines() + data.badVmConnectionLines()
                + data.badDnsClientEventLines();
        assertEquals(planted, run.deadLetters.size());
        for (DeadLetter d : run.deadLetters) {
            assertFalse(d.reason == null || d.reason.isBlank(), d.toString());
            assertTrue(lines.get(inputOf(d.source)).contains(d.record), "the original line is kept: " + d);
        }
    }

    /** The 2-minute slice of a line's TimeGenerated, or -1 for a line without one (the planted bad lines). */
    static long slice(String line) {
        int at = line.indexOf("\"TimeGenerated\":\"");
        if (at < 0) return -1;
        int start = at + 17;
        try {
            return dev.dnshunter.event.TimeGenerated.parseMillis(line.substring(start, line.indexOf('"', start))) / 120_000;
        } catch (Exception e) {
            return -1;
        }
    }

    static Input inputOf(String id) {
        for (Input i : Input.values()) if (i.id.equals(id)) return i;
        throw new IllegalArgumentException(id);
    }
}
