package dev.dnshunter.cli;

import dev.dnshunter.operators.LocalProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs a job on an embedded MiniCluster in this JVM and reports progress on stderr while it runs. */
final class LocalJobRunner {
    static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(768);

    private LocalJobRunner() {}

    static StreamExecutionEnvironment batchEnvironment(int parallelism, String stateBackend) {
        return batchEnvironment(parallelism, stateBackend, false);
    }

    /**
     * @param genericTypes allow Kryo: only for the bootstrap, whose State Processor API ships Flink's own
     *     TaggedOperatorSubtaskState as a generic type (our records never are)
     */
    static StreamExecutionEnvironment batchEnvironment(int parallelism, String stateBackend, boolean genericTypes) {
        Configuration conf = new Configuration();
        if (!"batch".equals(stateBackend)) {
            conf.set(ExecutionOptions.USE_BATCH_STATE_BACKEND, false);
            conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        }
        if (!"batch".equals(stateBackend) || genericTypes) {
            // The adaptive batch scheduler splits a keyed input among subtasks by data volume, not by the even
            // key-group ranges that a real keyed state backend checks every key against: on skewed data a record
            // then reaches a subtask that does not own its key group ("Key group 68 is not in KeyGroupRange{0..63}",
            // seen with bench --state-backend hashmap and rocksdb). Flink's BATCH state backend does not check, so
            // only the other backends and the State Processor API's bootstrap need fixed parallelism.
            conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
        }
        // The embedded MiniCluster's default is 128 MB of managed memory, which BATCH mode's sorts of the keyed
        // inputs outgrow at a few million records and then spill to disk and merge. A cluster's TaskManagers ignore
        // this and keep their own setting.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.GENERIC_TYPES, genericTypes);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // Local when run from bin/dns-hunter, the cluster under `flink run`, the test cluster in tests.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.setMaxParallelism(dev.dnshunter.pipeline.BaselineSavepoint.MAX_PARALLELISM);
        return env;
    }

    /** Executes and waits, printing records read and throughput every few seconds; returns the job's result. */
    static JobExecutionResult run(StreamExecutionEnvironment env, String jobName, PrintStream progress) throws Exception {
        return run(env, jobName, progress, null).job();
    }

    /** What a streaming run did, for its callers' reports and for tests. */
    record Result(long records, long deadLetters, double seconds, long checkpoints, long failedCheckpoints, long restarts,
                  long maxCheckpointBytes, JobExecutionResult job) {}

    /**
     * Executes a streaming job with its checkpoints watched: counts and failure causes on the progress stream, and a job
     * whose checkpoints can never succeed is cancelled and ends with their cause (see {@link CheckpointLog}).
     */
    static Result runStreaming(StreamExecutionEnvironment env, String jobName, PrintStream progress) throws Exception {
        CheckpointLog checkpoints = CheckpointLog.install(progress);
        try {
            return run(env, jobName, progress, checkpoints);
        } finally {
            if (checkpoints != null) checkpoints.uninstall();
        }
    }

    private static Result run(StreamExecutionEnvironment env, String jobName, PrintStream progress, CheckpointLog checkpoints)
            throws Exception {
        LocalProgress.reset();
        long start = System.nanoTime();
        JobClient client = env.executeAsync(jobName);
        long lastRecords = 0;
        long lastTime = start;
        JobExecutionResult result;
        while (true) {
            try {
                result = client.getJobExecutionResult().get(2, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                long now = System.nanoTime();
                long records = LocalProgress.RECORDS.get();
                double rate = (records - lastRecords) / ((now - lastTime) / 1e9);
                progress.printf("progress: %,d records read (%,.1f MB), %,.0f records/s, %,d dead letters, %s elapsed%s%n",
                        records, LocalProgress.CHARS.get() / 1e6, rate, LocalProgress.DEAD_LETTERS.get(),
                        format(Duration.ofNanos(now - start)), checkpoints == null ? "" : ", " + summary(checkpoints));
                lastRecords = records;
                lastTime = now;
                if (checkpoints != null && checkpoints.hopeless() != null) {
                    client.cancel().get(60, TimeUnit.SECONDS);
                    throw new CheckpointsFailingException(checkpoints.giveUpAfter(), checkpoints.hopeless());
                }
            } catch (ExecutionException e) {
                if (checkpoints != null && checkpoints.hopeless() != null) {
                    throw new CheckpointsFailingException(checkpoints.giveUpAfter(), checkpoints.hopeless());
                }
                Exception root = rootCause(e);
                if (checkpoints != null && checkpoints.lastCause() != null && String.valueOf(root.getMessage()).contains("checkpoint tolerable")) {
                    // Restarts ran out (--max-restarts) on failing checkpoints: Flink's message names only the kind.
                    throw new Exception(root.getMessage() + " Cause: " + checkpoints.lastCause(), root);
                }
                throw root;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long records = LocalProgress.RECORDS.get();
        progress.printf("done: %,d records read (%,.1f MB) in %.1f s, %,.0f records/s, %,d dead letters%s%n",
                records, LocalProgress.CHARS.get() / 1e6, seconds, records / Math.max(seconds, 1e-3), LocalProgress.DEAD_LETTERS.get(),
                checkpoints == null ? "" : ", " + summary(checkpoints));
        return checkpoints == null
                ? new Result(records, LocalProgress.DEAD_LETTERS.get(), seconds, 0, 0, 0, -1, result)
                : new Result(records, LocalProgress.DEAD_LETTERS.get(), seconds, checkpoints.completed.get(), checkpoints.failed.get(),
                        checkpoints.restarts.get(), checkpoints.maxCompletedBytes.get(), result);
    }

    private static String summary(CheckpointLog c) {
        return String.format("checkpoints %,d completed (largest %,.1f MB), %,d failed, %,d restarts", c.completed.get(),
                Math.max(0, c.maxCompletedBytes.get()) / 1e6, c.failed.get(), c.restarts.get());
    }

    /** The job was ended because its checkpoints fail the same way even after a restart from the last one. */
    static final class CheckpointsFailingException extends Exception {
        CheckpointsFailingException(int inARow, String cause) {
            super(inARow + " checkpoints in a row failed, across a restart from the last completed one, so they cannot "
                    + "succeed; the job was cancelled. Cause: " + cause);
        }
    }

    private static Exception rootCause(ExecutionException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t instanceof Exception ex ? ex : e;
    }

    private static String format(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
