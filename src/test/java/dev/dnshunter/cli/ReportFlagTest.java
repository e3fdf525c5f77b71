package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.dnshunter.pipeline.Rows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    void refusedAsADirectoryOrInsideAnOutput() throws Exception {
        assertEquals(dir.resolve("r.html"), report(backfill("--report", dir.resolve("r.html").toString(), "--alert-format", "ocsf")));
        assertTrue(assertThrows(UsageException.class, () -> report(backfill("--report", dir.toString()))).getMessage().contains("is a directory"));
        assertTrue(assertThrows(UsageException.class, () -> report(backfill("--report", dir.resolve("alerts/r.html").toString())))
                .getMessage().contains("must not be inside"));
    }

    /** With --alert-format ecs the alert files are ECS documents and the report is still made of the native alerts. */
    @Test
    void theReportReadsTheNativeAlertsWhateverTheFormat() throws Exception {
        Path dns = Files.writeString(dir.resolve("dns.jsonl"),
                Rows.dns("2026-11-20T10:00:00Z", "10.0.0.5", "X.Evil.example.", "203.0.114.7") + "\n");
        Path fw = Files.writeString(dir.resolve("fw.jsonl"),
                Rows.firewall("2026-11-20T10:04:00Z", "10.0.0.5", "203.0.114.7", 443, 5_000_000, 1000) + "\n");
        Path alerts = dir.resolve("alerts");
        Path html = dir.resolve("hunt.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BackfillCommand.run(List.of("--dns-events", dns.toString(), "--firewall-events", fw.toString(),
                "--alerts-out", alerts.toString(), "--alert-format", "ecs", "--report", html.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        List<Path> files = BackfillCommand.jsonLinesFiles(alerts);
        List<String> lines = new ArrayList<>();
        for (Path p : files) lines.addAll(Files.readAllLines(p));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"ecs\":{\"version\""), lines.get(0));
        String page = Files.readString(html);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("hunt report (1 alerts): " + html), out.toString(StandardCharsets.UTF_8));
        // The page's data is the native alert, with its evidence.
        assertTrue(page.contains("\"rule\":\"RareDnsLookupWithDataTransfer\"") && page.contains("\"name\":\"X.Evil.example.\"")
                && page.contains("\"sentBytes\":5000000"), page);
        assertFalse(page.contains("\"ecs\":{"), "no ECS document in the report");
    }

    @Test
    void helpAndUsageNameIt() {
        assertTrue(BackfillCommand.USAGE.contains("[--report FILE.html]"));
        assertTrue(BackfillCommand.HELP.contains("--report FILE.html"));
    }
}
