package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.AlertFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertFormatFlagTest {
    private static List<String> stream(String... extra) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", "localhost:9092", "--dns-events-topic", "dns",
                "--alerts-topic", "alerts"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void nativeByDefaultAndEachFormatByName() {
        assertEquals(AlertFormat.NATIVE, StreamCommand.plan(stream()).config().alertFormat());
        assertEquals(AlertFormat.OCSF, StreamCommand.plan(stream("--alert-format", "ocsf")).config().alertFormat());
        assertEquals(AlertFormat.ECS, StreamCommand.plan(stream("--alert-format", "ECS")).config().alertFormat());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> StreamCommand.plan(stream("--alert-format", "cef")));
        assertEquals("--alert-format must be native, ocsf or ecs, got 'cef'", e.getMessage());
    }

    @Test
    void theHelpOfBothCommandsNamesIt() {
        assertTrue(StreamCommand.HELP.contains("--alert-format FORMAT"));
        assertTrue(BackfillCommand.HELP.contains("--alert-format FORMAT"));
        assertTrue(BackfillCommand.USAGE.contains("[--alert-format native|ocsf|ecs]"));
    }
}
