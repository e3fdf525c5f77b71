package dev.dnshunter.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the savepoint of this release that the next release's {@code PreviousReleaseSavepointTest} restores. Not a
 * test of its own (skipped unless {@code -Dcompat.savepoint.out=DIR} is given); run at a release commit:
 *
 * <pre>
 * mvn -B -ntp -q test -Dtest=SavepointGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcompat.savepoint.out=src/test/resources/savepoints/RELEASE
 * </pre>
 *
 * For each of two jobs, with a control stream ({@code control-stream/}) and without one ({@code no-control-stream/}),
 * it runs the streaming job three times on a MiniCluster:
 * <ol>
 *   <li>over both parts of {@link CompatScenario} without a stop: every alert this release gives;
 *   <li>over part 1 with sources that stay open; once every source has handed on its lines and the two alerts part 1
 *       completes (ws01, ws04) are out, the job is stopped with a canonical savepoint;
 *   <li>from that savepoint (allowNonRestoredState false) over both parts: the sources go on at part 2, and the alerts
 *       must be those of run 1 less those of run 2 (the savepoint restores into the release that wrote it).
 * </ol>
 * Each of the two directories under DIR then holds {@code savepoint/} (the savepoint), {@code expected-alerts.jsonl} (run 1 less run 2, sorted),
 * {@code part1-alerts.jsonl}, {@code expected-excluded.txt} and {@code state.txt} (the state size per operator uid).
 */
@EnabledIfSystemProperty(named = "compat.savepoint.out", matches = ".+")
class SavepointGenerator {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(CompatScenario.PARALLELISM).build());

    /** The uids that may hold state in the streaming job of the scenario, to name the savepoint's operators. */
    static final List<String> UIDS = List.of("replay-dns-events", "replay-firewall-events", "replay-dns-client-events",
            "replay-exclusion-updates", "domain-baseline", "transfer-correlator", "alert-baseline", "txt-query-cap",
            "txt-burst-pattern", "txt-suppression", "exclusions", "exclusion-updates-backdated");

    @Test
    void writeSavepoints(@TempDir Path tmp) throws Exception {
        Path out = Path.of(System.getProperty("compat.savepoint.out")).toAbsolutePath();
        write(out.resolve("control-stream"), true, tmp.resolve("control-stream"));
        write(out.resolve("no-control-stream"), false, tmp.resolve("no-control-stream"));
    }

    private static void write(Path out, boolean controlStream, Path tmp) throws Exception {
        CompatScenario.Run full = CompatScenario.submit(CompatScenario.all(controlStream), false, null);
        full.client.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        List<String> all = sorted(full.alerts);
        List<String> allExcluded = sorted(full.excluded);
        assertEquals(List.of(), sorted(full.deadLetters));

        CompatScenario.Run part1 = CompatScenario.submit(CompatScenario.part1(controlStream), true, null);
        assertTrue(part1.drained.await(5, TimeUnit.MINUTES), "sources did not hand on all lines");
        List<String> early = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String a = part1.alerts.poll(5, TimeUnit.MINUTES);
            assertTrue(a != null, "part 1 alerts did not arrive");
            early.add(a);
        }
        String savepoint = part1.client.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
        part1.client.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        part1.alerts.drainTo(early);
        early.sort(null);
        assertTrue(all.containsAll(early), "part 1 alerts " + early + " are not among " + all);
        assertEquals(List.of(), sorted(part1.excluded));
        assertEquals(List.of(), sorted(part1.deadLetters));
        List<String> expected = new ArrayList<>(all);
        expected.removeAll(early);

        Path savepointDir = Path.of(java.net.URI.create(savepoint.startsWith("file:") ? savepoint : "file://" + savepoint));
        CompatScenario.Run resumed = CompatScenario.submit(CompatScenario.all(controlStream), false, savepointDir.toUri().toString());
        resumed.client.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        assertEquals(expected, sorted(resumed.alerts), "the savepoint does not restore into its own release");
        assertEquals(allExcluded, sorted(resumed.excluded));
        assertEquals(List.of(), sorted(resumed.deadLetters));

        Path target = out.resolve("savepoint");
        if (Files.exists(target)) deleteTree(target);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(savepointDir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.write(out.resolve("expected-alerts.jsonl"), expected, StandardCharsets.UTF_8);
        Files.write(out.resolve("part1-alerts.jsonl"), early, StandardCharsets.UTF_8);
        Files.write(out.resolve("expected-excluded.txt"), allExcluded, StandardCharsets.UTF_8);
        Files.write(out.resolve("state.txt"), stateSummary(target), StandardCharsets.UTF_8);
    }

    /** One line per operator of the savepoint: uid (or id when not one of {@link #UIDS}), state bytes, coordinator state. */
    static List<String> stateSummary(Path savepoint) throws IOException {
        Map<OperatorID, String> names = new java.util.HashMap<>();
        for (String uid : UIDS) names.put(OperatorIdentifier.forUid(uid).getOperatorId(), uid);
        CheckpointMetadata metadata;
        try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
            metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), SavepointGenerator.class.getClassLoader(),
                    savepoint.toString());
        }
        Map<String, String> lines = new TreeMap<>();
        for (OperatorState s : metadata.getOperatorStates()) {
            if (s.getStateSize() == 0 && s.getCoordinatorState() == null) continue;
            String name = names.getOrDefault(s.getOperatorID(), "operator " + s.getOperatorID());
            lines.put(name, name + ": " + s.getStateSize() + " bytes of state in " + s.getNumberCollectedStates()
                    + " subtask(s)" + (s.getCoordinatorState() == null ? "" : ", coordinator state"));
        }
        return new ArrayList<>(lines.values());
    }

    private static List<String> sorted(BlockingQueue<String> q) {
        List<String> l = new ArrayList<>();
        q.drainTo(l);
        l.sort(null);
        return l;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
