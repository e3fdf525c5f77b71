package dev.dnshunter.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What the embedded cluster's checkpoint coordinator says, made loud but short: every failed checkpoint is counted,
 * its cause (the innermost exception, which is where "Size of the state is larger than the maximum permitted
 * memory-backed state" is) is printed once per distinct cause instead of a stack trace per failure, and completed
 * checkpoints are counted with their size. Flink's own job metric {@code numberOfFailedCheckpoints} is the same count
 * on a cluster.
 *
 * <p>A checkpoint that can never succeed (the state does not fit the storage, a snapshot that always throws) fails
 * over the job after {@link Checkpointing#TOLERABLE_FAILED_CHECKPOINTS} + 1 failures in a row; the restored job then
 * fails the same way, forever with the default restart strategy. So when twice that many fail in a row (a restart from
 * the last checkpoint did not help) the checkpoints are {@link #hopeless()} and the runner ends the job with the cause.
 *
 * <p>The MiniCluster runs in this JVM and logs through its Log4j configuration, which is where this listens.
 */
final class CheckpointLog extends AbstractAppender {
    private static final String[] LOGGERS = {"org.apache.flink.runtime.checkpoint.CheckpointFailureManager",
            "org.apache.flink.runtime.checkpoint.CheckpointCoordinator", 
            // The scheduler logs its failovers through the JobMaster's logger.
            "org.apache.flink.runtime.jobmaster.JobMaster"};

    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** Checkpoints declined because tasks were starting, finishing or failing over (not counted as failed). */
    final AtomicLong declined = new AtomicLong();
    /** The largest completed checkpoint's size as the coordinator reports it (an incremental one: what it added). */
    final AtomicLong maxCompletedBytes = new AtomicLong(-1);
    /** Failovers of the job (Flink's numRestarts). */
    final AtomicLong restarts = new AtomicLong();
    private final AtomicLong failedInARow = new AtomicLong();
    private final Set<String> causes = new LinkedHashSet<>();
    private final PrintStream out;
    private final int giveUpAfter;
    private volatile String lastCause;
    private volatile String hopeless;
    private volatile String firstCauseInARow;
    private LoggerContext context;

    private CheckpointLog(PrintStream out, int tolerable) {
        super("dns-hunter-checkpoints", null, null, true, Property.EMPTY_ARRAY);
        this.out = out;
        this.giveUpAfter = 2 * (tolerable + 1);
    }

    /**
     * Listens to the coordinator from now on, or returns null when Log4j is not the logging backend.
     *
     * <p>Each of the three loggers gets an entry of its own at INFO. Log4j keeps an entry that already exists instead
     * of adding another, so an entry of the user's configuration for one of these names is set aside for the run and
     * fed from this one: every event at or above its own level goes to it, and through it to its filter, appenders
     * and parents, as before; what it let through below INFO (DEBUG, TRACE) still reaches it too.
     */
    static CheckpointLog install(PrintStream out) {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) return null;
        CheckpointLog log = new CheckpointLog(out, Checkpointing.TOLERABLE_FAILED_CHECKPOINTS);
        log.context = context;
        log.start();
        var config = context.getConfiguration();
        for (String name : LOGGERS) {
            LoggerConfig existing = config.getLoggers().get(name);
            Level level = existing != null && existing.getLevel().isLessSpecificThan(Level.INFO) ? existing.getLevel() : Level.INFO;
            LoggerConfig own = new LoggerConfig(name, level, false);
            own.addAppender(log, Level.INFO, null);
            if (existing != null) {
                config.removeLogger(name);
                Forward forward = new Forward(existing);
                forward.start();
                own.addAppender(forward, existing.getLevel(), null);
                log.setAside.put(name, existing);
            }
            config.addLogger(name, own);
        }
        context.updateLoggers();
        return log;
    }

    /**
     * Gives the coordinator's loggers back to the configuration, with the user's own entries as they were. The
     * appender is left started: a thread of the cluster's shutdown may still log through the loggers it had before
     * the update, and Log4j reports an append to a stopped appender as an ERROR line (it holds nothing to release).
     */
    void uninstall() {
        var config = context.getConfiguration();
        for (String name : LOGGERS) {
            config.removeLogger(name);
            LoggerConfig existing = setAside.remove(name);
            if (existing != null) config.addLogger(name, existing);
        }
        context.updateLoggers();
    }

    /** The user's entries for the three names, set aside while this listens (see {@link #install}). */
    private final Map<String, LoggerConfig> setAside = new HashMap<>();

    /** Hands events on to an entry of the user's configuration: its filter, appenders and additivity decide. */
    private static final class Forward extends AbstractAppender {
        private final LoggerConfig target;

        Forward(LoggerConfig target) {
            super("dns-hunter-checkpoints-to-" + target.getName(), null, null, true, Property.EMPTY_ARRAY);
            this.target = target;
        }

        @Override
        public void append(LogEvent event) {
            target.log(event);
        }
    }

    @Override
    public void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        if (message.startsWith("Completed checkpoint ")) {
            completed.incrementAndGet();
            failedInARow.set(0);
            int open = message.indexOf('(');
            int bytes = message.indexOf(" bytes", open);
            if (open > 0 && bytes > open) {
                try {
                    long size = Long.parseLong(message.substring(open + 1, bytes));
                    maxCompletedBytes.accumulateAndGet(size, Math::max);
                } catch (NumberFormatException ignored) {
                    // another wording: the count stays right
                }
            }
        } else if (message.contains(" tasks will be restarted to recover ")) {
            // The default scheduler's failover (the job stays RUNNING): what Flink's numRestarts counts.
            restarts.incrementAndGet();
        } else if (event.getThrown() != null && message.startsWith("Failed to trigger or complete checkpoint")
                && isLifecycle(cause(event.getThrown()))) {
            // Tasks not deployed yet, or finishing (a bounded --stop-at-latest run), or a failover under way: nothing
            // about the state or the storage, and Flink's failure manager does not count these either.
            declined.incrementAndGet();
        } else if (event.getThrown() != null && message.startsWith("Failed to trigger or complete checkpoint")) {
            failed.incrementAndGet();
            String cause = cause(event.getThrown());
            lastCause = cause;
            boolean first;
            synchronized (causes) {
                first = causes.add(cause);
            }
            if (first) out.println("checkpoint failed: " + cause + " (" + message + "; printed once per distinct cause)");
            // The first failure of a run is the one to report: a failover then aborts the pending checkpoints too.
            long inARow = failedInARow.incrementAndGet();
            if (inARow == 1) firstCauseInARow = cause;
            if (inARow >= giveUpAfter && hopeless == null) hopeless = firstCauseInARow;
        } else if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
            out.println(event.getLevel() + " " + event.getLoggerName() + " - " + message
                    + (event.getThrown() == null ? "" : ": " + cause(event.getThrown())));
        }
    }

    static boolean isLifecycle(String cause) {
        return cause.contains("Checkpoint was declined (task is closing)") || cause.contains("Checkpoint was declined (tasks not ready)")
                || cause.contains("received a checkpoint request for unknown task") || cause.contains("Checkpoint Coordinator is suspending");
    }

    /** The innermost exception as {@code class: message}, first line only. */
    static String cause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        // Flink ships a task's exception to the JobManager as a SerializedThrowable whose toString is the original's.
        String text = root.toString();
        int nl = text.indexOf('\n');
        if (nl >= 0) text = text.substring(0, nl);
        // The same cause after a restart names another attempt of the subtask ("(1/2)#1"): one cause all the same.
        return text.replaceAll("\\((\\d+/\\d+)\\)#\\d+", "($1)");
    }

    /** The cause of the checkpoints that keep failing across a restart, or null while they may still succeed. */
    String hopeless() {
        return hopeless;
    }

    String lastCause() {
        return lastCause;
    }

    int distinctCauses() {
        synchronized (causes) {
            return causes.size();
        }
    }

    int giveUpAfter() {
        return giveUpAfter;
    }
}
