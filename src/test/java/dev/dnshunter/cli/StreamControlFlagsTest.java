package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamControlFlagsTest {
    private static List<String> args(String... extra) {
        List<String> a = new ArrayList<>(List.of("--bootstrap-servers", "localhost:9", "--dns-events-topic", "dns",
                "--alerts-topic", "alerts"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void aControlTopicNeedsAnExcludedTopic() {
        UsageException e = assertThrows(UsageException.class, () -> StreamCommand.plan(args("--control-topic", "control")));
        assertEquals("--control-topic needs --excluded-topic: alerts an exclusion removes must be kept", e.getMessage());
        assertEquals("author", StreamCommand.plan(args("--control-topic", "control", "--excluded-topic", "x")).kafka().authorHeader);
    }

    @Test
    void theAuthorHeaderIsConfigurableForAControlTopicOnly() {
        assertEquals("x-user", StreamCommand.plan(args("--control-topic", "c", "--excluded-topic", "x", "--author-header",
                "x-user")).kafka().authorHeader);
        UsageException e = assertThrows(UsageException.class, () -> StreamCommand.plan(args("--author-header", "x-user")));
        assertEquals("--author-header applies to the control topic: give --control-topic", e.getMessage());
        e = assertThrows(UsageException.class, () -> StreamCommand.plan(args("--control-topic", "c", "--excluded-topic", "x",
                "--author-header", " ")));
        assertEquals("--author-header must not be blank", e.getMessage());
    }
}
