package dev.dnshunter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where and how the streaming job keeps its checkpoints: {@code --checkpoint-dir}, {@code --state-backend},
 * {@code --resume}.
 *
 * <p>The rule: on the embedded MiniCluster every setting here applies, defaults included (Flink's own default there
 * is the JobManager's memory, 5 MB at most). Under {@code flink run} the cluster's config.yaml wins, and only a flag
 * given on the command line overrides it: the job's configuration is merged over the cluster's, so a default set
 * here would silently replace the production storage.
 *
 * @param dir where checkpoints go (a job's own sub-directory, {@code <job id>/chk-<n>}, is created by Flink)
 * @param dirGiven {@code --checkpoint-dir} was on the command line
 * @param stateBackend {@code hashmap} or {@code rocksdb}
 * @param backendGiven {@code --state-backend} was on the command line
 * @param resume {@code --resume}: start from the latest retained checkpoint in {@code dir}, if any
 */
record Checkpointing(Path dir, boolean dirGiven, String stateBackend, boolean backendGiven, boolean resume) {
    static final Path DEFAULT_DIR = Path.of("dns-hunter-checkpoints");
    /** Consecutive failed checkpoints tolerated before the job fails over (config.yaml has the same). */
    static final int TOLERABLE_FAILED_CHECKPOINTS = 1;
    static final Set<String> VALUED = Set.of("checkpoint-dir", "state-backend");
    static final Set<String> SWITCHES = Set.of("resume");

    static final String HELP = """
              --checkpoint-dir DIR            where checkpoints are kept (default ./dns-hunter-checkpoints on the
                                              embedded cluster; under `flink run` the cluster's
                                              execution.checkpointing.dir unless given)
              --state-backend B               hashmap (default on the embedded cluster) or rocksdb; under `flink run`
                                              the cluster's state.backend.type unless given
              --resume                        start from the latest checkpoint retained in --checkpoint-dir (a stopped
                                              or cancelled earlier run); without one, start as --starting-offsets says
            """;

    static Checkpointing parse(Flags f) {
        String backend = f.string("state-backend", "hashmap").toLowerCase(Locale.ROOT);
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new UsageException("--state-backend must be hashmap or rocksdb, got '" + f.string("state-backend", "") + "'");
        }
        Path dir = f.path("checkpoint-dir", DEFAULT_DIR).toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--checkpoint-dir: not a directory: " + dir);
        return new Checkpointing(dir, f.has("checkpoint-dir"), backend, f.has("state-backend"), f.has("resume"));
    }

    /** The settings for the job's configuration; {@code embedded} false leaves all but the flags given to the cluster. */
    Configuration settings(boolean embedded) {
        Configuration conf = new Configuration();
        if (embedded || dirGiven) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        }
        if (embedded || backendGiven) conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        if (embedded) {
            // A stopped or cancelled run keeps its last checkpoint for --resume; a run that fails for good keeps it too.
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_FAILED_CHECKPOINTS);
            if (stateBackend.equals("rocksdb")) conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        return conf;
    }

    /** The newest complete checkpoint ({@code <job id>/chk-<n>/_metadata}) under {@code dir}, if any. */
    static Optional<Path> latestRetained(Path dir) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory).flatMap(Checkpointing::checkpointsOf)
                    .max(Comparator.comparing(Checkpointing::modified).thenComparing(Checkpointing::number))
                    .map(metadata -> metadata.getParent());
        } catch (IOException e) {
            throw new UsageException("--resume: cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> s = Files.list(jobDir)) {
            // Only a completed checkpoint has its _metadata; one in progress when the process stopped has not.
            return s.filter(p -> p.getFileName().toString().matches("chk-\\d+")).map(p -> p.resolve("_metadata"))
                    .filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long number(Path metadata) {
        return Long.parseLong(metadata.getParent().getFileName().toString().substring(4));
    }

    @Override
    public String toString() {
        return "checkpointDir=" + dir + " stateBackend=" + stateBackend;
    }
}
