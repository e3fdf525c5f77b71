package dev.dnshunter.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The savepoint of the previous release restores into this one: the streaming job of release 2026-11-24 (commit
 * ab09bee) read part 1 of {@link CompatScenario} and was stopped with a canonical savepoint
 * (src/test/resources/savepoints/2026-11-24-ab09bee, see its README), once with a control stream and once without. This job restores it with allowNonRestoredState
 * false (every operator state must find its operator), reads part 2 from where the old sources stopped, and must give
 * exactly the alerts the old job gave over both parts without a stop, less those it had given before the savepoint
 * (expected-alerts.jsonl, written by the old job). The only accepted difference is a rare alert's severity, which this
 * release derives from the evidence (the old one wrote Medium for every rare alert); it is checked on its own.
 */
class PreviousReleaseSavepointTest {
    static final String RELEASE = "2026-11-24-ab09bee";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(CompatScenario.PARALLELISM).build());

    /**
     * The job with a control stream and the one without (whose exclusions read the graph's own empty source), each
     * restored on both backends: production runs on RocksDB, which migrates a changed state's values on restore.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"control-stream, hashmap", "control-stream, rocksdb", "no-control-stream, hashmap", "no-control-stream, rocksdb"})
    void savepointOfThePreviousReleaseRestoresAndItsPendingStateCompletes(String job, String stateBackend) throws Exception {
        boolean controlStream = job.equals("control-stream");
        Path dir = Path.of(PreviousReleaseSavepointTest.class.getResource("/savepoints/" + RELEASE + "/" + job).toURI());
        Path savepoint = dir.resolve("savepoint").toAbsolutePath();
        assertTrue(Files.exists(savepoint.resolve("_metadata")), "missing " + savepoint);

        CompatScenario.Run run = CompatScenario.submit(CompatScenario.all(controlStream), false, savepoint.toUri().toString(),
                stateBackend);
        run.client.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        List<String> alerts = drain(run.alerts);
        List<String> excluded = drain(run.excluded);
        List<String> deadLetters = drain(run.deadLetters);

        List<String> expected = Files.readAllLines(dir.resolve("expected-alerts.jsonl"), StandardCharsets.UTF_8);
        Map<String, String> severities = new TreeMap<>();
        Map<String, JsonNode> evidence = new TreeMap<>();
        assertEquals(comparable(expected, null, null), comparable(alerts, severities, evidence));

        // What the expected alerts mean, spelled out.
        Map<String, JsonNode> byHost = new TreeMap<>();
        List<JsonNode> rare = new ArrayList<>();
        for (String a : alerts) {
            JsonNode n = JSON.readTree(a);
            if (n.has("host")) byHost.put(n.get("host").asText(), n); else rare.add(n);
        }
        // The partial burst of ws02 (3 queries before the savepoint, 3 after) completes; ws01's second burst stays
        // suppressed by the timestamp of its first alert; ws03's burst is excluded by the control stream's change.
        // (Without a control stream ws03 alerts.)
        assertEquals(controlStream ? List.of("ws02") : List.of("ws02", "ws03"), new ArrayList<>(byHost.keySet()));
        assertEquals("2026-11-08T10:46:00.000Z", byHost.get("ws02").get("firstQueryTime").asText());
        if (controlStream) {
            assertEquals(1, excluded.size(), excluded.toString());
            assertTrue(excluded.get(0).startsWith("domain:tunnel-corp.net {") && excluded.get(0).contains("\"host\":\"ws03\""),
                    excluded.get(0));
        }
        // The pending correlation completes: the flow before the savepoint and the one after it in one window; the
        // domain made common before the savepoint (cdn.common-cdn.com, 3 MB uploaded to it) stays common: no alert.
        assertEquals(2, rare.size(), rare.toString());
        for (JsonNode r : rare) assertEquals("rare-exfil.net", r.get("domain").asText());
        JsonNode pending = rare.stream().filter(r -> r.get("windowStart").asText().equals("2026-11-08T10:00:00.000Z")).findFirst().orElseThrow();
        assertEquals(650_000, pending.get("sentBytes").asLong());
        assertEquals(2, pending.get("connectionCount").asInt());
        assertEquals(0.0, pending.get("dailyAvgLookupCountOverLookback").asDouble());
        // This release's severity model: Medium from 100,000 bytes sent, High from 1,000,000.
        assertEquals(Map.of("2026-11-08T10:00:00.000Z", "Medium", "2026-11-08T11:00:00.000Z", "High"), severities);
        // This release's evidence. The lookup was rare and kept before the savepoint, in a record of the old release
        // without its name and answers: it is listed under its domain with the pair's address; the flows' span is
        // known (the flows of the window carry their time).
        String restoredLookup = "\"lookups\":[{\"name\":\"rare-exfil.net\",\"time\":\"2026-11-08T10:20:00.000Z\","
                + "\"answers\":[\"52.10.20.30\"]}],\"lookupsOmitted\":0}";
        assertEquals(JSON.readTree("{\"firstFlowTime\":\"2026-11-08T10:25:00.000Z\",\"lastFlowTime\":\"2026-11-08T10:55:00.000Z\","
                + restoredLookup), evidence.get("2026-11-08T10:00:00.000Z"));
        assertEquals(JSON.readTree("{\"firstFlowTime\":\"2026-11-08T11:10:00.000Z\",\"lastFlowTime\":\"2026-11-08T11:10:00.000Z\","
                + restoredLookup), evidence.get("2026-11-08T11:00:00.000Z"));

        assertEquals(List.of(), deadLetters);
        // Every excluded alert of the old job over both parts is excluded here too.
        assertEquals(Files.readAllLines(dir.resolve("expected-excluded.txt"), StandardCharsets.UTF_8).size(), excluded.size());
    }

    /** The fields this release adds to the alerts of the previous one: the evidence (docs/alerts.md, "Evidence"). */
    static final List<String> EVIDENCE = List.of("firstFlowTime", "lastFlowTime", "lookups", "lookupsOmitted");
    static final List<String> EVIDENCE_OF_OTHER_RULES = List.of("queryNamesOmitted", "registeredDomainsOmitted");

    /**
     * The alerts as JSON trees, sorted, rare alerts without their severity and every alert without the fields this
     * release adds; the removed severities go to {@code severities} and a rare alert's evidence to {@code evidence},
     * by window start, when given.
     */
    static List<String> comparable(List<String> alerts, Map<String, String> severities, Map<String, JsonNode> evidence)
            throws Exception {
        List<String> out = new ArrayList<>();
        for (String a : alerts) {
            ObjectNode n = (ObjectNode) JSON.readTree(a);
            if ("RareDnsLookupWithDataTransfer".equals(n.get("rule").asText())) {
                JsonNode s = n.remove("severity");
                if (severities != null) severities.put(n.get("windowStart").asText(), s == null ? null : s.asText());
                ObjectNode added = JSON.createObjectNode();
                for (String field : EVIDENCE) if (n.has(field)) added.set(field, n.remove(field));
                if (evidence != null) evidence.put(n.get("windowStart").asText(), added);
            }
            for (String field : EVIDENCE_OF_OTHER_RULES) n.remove(field);
            out.add(JSON.writeValueAsString(sortedFields(n)));
        }
        out.sort(null);
        assertEquals(out.size(), new HashSet<>(out).size(), "duplicate alerts: " + out);
        return out;
    }

    private static JsonNode sortedFields(ObjectNode n) {
        ObjectNode sorted = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) sorted.set(name, n.get(name));
        return sorted;
    }

    private static List<String> drain(BlockingQueue<String> q) {
        List<String> l = new ArrayList<>();
        q.drainTo(l);
        l.sort(null);
        return l;
    }
}
