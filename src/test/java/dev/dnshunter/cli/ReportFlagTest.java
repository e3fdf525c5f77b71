package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backfill --report}: checked before the job runs. */
class ReportFlagTest {
    @TempDir
    Path dir;

    private List<String> backfill(String... extra) throws Exception {
        Path dns = Files.writeString(dir.resolve("dns.jsonl"), "");
        List<String> a = new ArrayList<>(List.of("--dns-events", dns.toString(), "--alerts-out", dir.resolve("alerts").toString()));
        a.addAll(List.of(extra));
        return a;
    }

    private Path report(List<String> args) {
        return BackfillCommand.reportFile(args, BackfillCommand.plan(args));
    }

    @Test
    void optionalAndAbsolute() throws Exception {
        assertNull(report(backfill()));
        assertEquals(dir.resolve("hunt.html").toAbsolutePath(), report(backfill("--report", dir.resolve("x/../hunt.html").toString())));
    }

    @Test
    void refusedWithAnotherFormatAsADirectoryOrInsideAnOutput() throws Exception {
        UsageException e = assertThrows(UsageException.class,
                () -> report(backfill("--report", dir.resolve("r.html").toString(), "--alert-format", "ocsf")));
        assertEquals("--report reads the native alerts; not with --alert-format ocsf", e.getMessage());
        assertTrue(assertThrows(UsageException.class, () -> report(backfill("--report", dir.toString()))).getMessage().contains("is a directory"));
        assertTrue(assertThrows(UsageException.class, () -> report(backfill("--report", dir.resolve("alerts/r.html").toString())))
                .getMessage().contains("must not be inside"));
    }

    @Test
    void helpAndUsageNameIt() {
        assertTrue(BackfillCommand.USAGE.contains("[--report FILE.html]"));
        assertTrue(BackfillCommand.HELP.contains("--report FILE.html"));
    }
}
