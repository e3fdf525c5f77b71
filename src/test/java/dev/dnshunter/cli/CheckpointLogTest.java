package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded runner counts checkpoints from the coordinator's log events, through loggers it adds under the
 * coordinator's names. A user's Log4j configuration may already name them: the counts must still work, and the user's
 * entry must get what it got before, no more, and be back afterwards.
 */
class CheckpointLogTest {
    static final String COORDINATOR = "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
    static final String COMPLETED = "Completed checkpoint 3 for job 0a1b (1234 bytes, checkpointDuration=5 ms, finalizationTime=1 ms).";

    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Configuration config = context.getConfiguration();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void removeTheUsersEntry() {
        config.removeLogger(COORDINATOR);
        context.updateLoggers();
    }

    @Test
    void countsWithoutAnEntryOfTheUsersAndLeavesNoneBehind() {
        assertEquals(null, config.getLoggers().get(COORDINATOR));
        CheckpointLog log = CheckpointLog.install(out);
        assertNotNull(log);
        coordinator().info(COMPLETED);
        log.uninstall();
        coordinator().info(COMPLETED);

        assertEquals(1, log.completed.get());
        assertEquals(1234, log.maxCompletedBytes.get());
        assertEquals(null, config.getLoggers().get(COORDINATOR));
    }

    @Test
    void countsBesideAnEntryOfTheUsersWhichGetsWhatItGotBefore() {
        Captured users = new Captured("users-appender");
        LoggerConfig entry = new LoggerConfig(COORDINATOR, Level.WARN, false);
        entry.addAppender(users, null, null);
        config.addLogger(COORDINATOR, entry);
        context.updateLoggers();

        CheckpointLog log = CheckpointLog.install(out);
        coordinator().info(COMPLETED);
        coordinator().warn("Checkpoint storage is slow");
        coordinator().debug("not for anyone");
        log.uninstall();

        assertEquals(1, log.completed.get(), "the completed checkpoint was counted although the user's entry is at WARN");
        assertEquals(List.of("WARN Checkpoint storage is slow"), users.lines, "the user's entry got its WARN line and no INFO");
        assertEquals("WARN " + COORDINATOR + " - Checkpoint storage is slow" + System.lineSeparator(),
                printed.toString(StandardCharsets.UTF_8), "the runner printed the warning, as without an entry");

        assertSame(entry, config.getLoggers().get(COORDINATOR), "the user's entry is back");
        coordinator().info(COMPLETED);
        coordinator().warn("again");
        assertEquals(1, log.completed.get());
        assertEquals(List.of("WARN Checkpoint storage is slow", "WARN again"), users.lines);
    }

    @Test
    void anEntryOfTheUsersAtDebugStillGetsItsDebugLines() {
        Captured users = new Captured("users-debug-appender");
        LoggerConfig entry = new LoggerConfig(COORDINATOR, Level.DEBUG, false);
        entry.addAppender(users, null, null);
        config.addLogger(COORDINATOR, entry);
        context.updateLoggers();

        CheckpointLog log = CheckpointLog.install(out);
        coordinator().debug("Triggering checkpoint 4");
        coordinator().info(COMPLETED);
        log.uninstall();

        assertEquals(1, log.completed.get());
        assertEquals(List.of("DEBUG Triggering checkpoint 4", "INFO " + COMPLETED), users.lines);
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    private Logger coordinator() {
        return context.getLogger(COORDINATOR);
    }

    /** An appender of the user's configuration: what reached it, as "LEVEL message". */
    static final class Captured extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Captured(String name) {
            super(name, null, null, true, Property.EMPTY_ARRAY);
            start();
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
    }
}
