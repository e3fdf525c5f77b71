package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint flags of {@code stream}: what they set on the embedded cluster and under {@code flink run}. */
class CheckpointingTest {
    @TempDir
    Path dir;

    private static List<String> args(String... extra) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9", "--dns-events-topic", "d", "--alerts-topic", "a"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void embeddedDefaultsAreTheFileSystemHashmapRetainedAndOneToleratedFailure() {
        Checkpointing c = StreamCommand.plan(args()).checkpointing();
        Configuration conf = c.settings(true);
        assertEquals(Path.of("dns-hunter-checkpoints").toAbsolutePath().toUri().toString(), conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertEquals("filesystem", conf.get(CheckpointingOptions.CHECKPOINT_STORAGE));
        assertEquals("hashmap", conf.get(StateBackendOptions.STATE_BACKEND));
        assertEquals(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION, conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION));
        assertEquals(1, conf.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER));
    }

    @Test
    void onAClusterOnlyTheFlagsGivenOverrideItsConfiguration() {
        assertTrue(StreamCommand.plan(args()).checkpointing().settings(false).toMap().isEmpty());
        Configuration dirOnly = StreamCommand.plan(args("--checkpoint-dir", dir.toString())).checkpointing().settings(false);
        assertEquals(dir.toUri().toString(), dirOnly.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        assertTrue(dirOnly.getOptional(StateBackendOptions.STATE_BACKEND).isEmpty());
        Configuration backendOnly = StreamCommand.plan(args("--state-backend", "rocksdb")).checkpointing().settings(false);
        assertEquals("rocksdb", backendOnly.get(StateBackendOptions.STATE_BACKEND));
        assertTrue(backendOnly.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty());
        assertTrue(backendOnly.getOptional(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).isEmpty());
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        assertThrows(UsageException.class, () -> StreamCommand.plan(args("--state-backend", "memory")));
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThrows(UsageException.class, () -> StreamCommand.plan(args("--checkpoint-dir", file.toString())));
        assertThrows(UsageException.class, () -> StreamCommand.plan(args("--resume", "--savepoint", dir.toString())));
        assertThrows(UsageException.class, () -> StreamCommand.plan(args("--resume=yes")));
    }

    @Test
    void resumeTakesTheNewestCompletedCheckpointAndStartsAfreshWithoutOne() throws Exception {
        assertNull(StreamCommand.plan(args("--resume", "--checkpoint-dir", dir.toString())).savepoint());
        Path older = checkpoint("job-a", 7, 1_000);
        Path newer = checkpoint("job-b", 2, 2_000);
        Files.createDirectories(dir.resolve("job-b").resolve("chk-3")); // in progress when the process stopped: no _metadata
        Files.createDirectories(dir.resolve("job-b").resolve("shared"));
        assertEquals(Optional.of(newer), Checkpointing.latestRetained(dir));
        assertEquals(newer.toUri().toString(), StreamCommand.plan(args("--resume", "--checkpoint-dir", dir.toString())).savepoint());
        assertTrue(Files.isDirectory(older));
    }

    private Path checkpoint(String job, int n, long modifiedMillis) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return chk;
    }
}
