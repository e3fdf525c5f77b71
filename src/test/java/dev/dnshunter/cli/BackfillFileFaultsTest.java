package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One input directory with every kind of file fault: a truncated .gz, a two-member .gz whose second member is damaged,
 * empty files, a line that is not UTF-8 and a last line without a newline. The run finishes, names the damaged files,
 * exits 3, and every line read is used, skipped, blank or a dead letter.
 */
class BackfillFileFaultsTest {
    @TempDir
    static Path dir;
    static Path input;
    static final byte[] NOT_UTF8 = concat(lookup("bad", "x").replace("bad", "b\u0001d").getBytes(StandardCharsets.UTF_8));
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the \u0001 placeholder becomes a byte that is never valid UTF-8
        for (int i = 0; i < NOT_UTF8.length; i++) if (NOT_UTF8[i] == 1) NOT_UTF8[i] = (byte) 0xff;
    }

    static String lookup(String host, String address) {
        return "{\"TimeGenerated\":\"2026-11-08T10:00:00Z\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.5\",\"Name\":\""
                + host + ".example\",\"IPAddresses\":\"203.0.114." + address.length() + "\"}";
    }

    static byte[] concat(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) b.writeBytes(p instanceof byte[] bytes ? bytes : p.toString().getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Four lines flushed, then more that never reach the file: a gzip cut off like an interrupted copy. */
    static byte[] truncatedGzip() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        GZIPOutputStream z = new GZIPOutputStream(b, true);
        for (int i = 0; i < 4; i++) z.write((lookup("t" + i, "a") + "\n").getBytes(StandardCharsets.UTF_8));
        z.flush();
        return b.toByteArray();
    }

    @BeforeAll
    static void files() throws IOException {
        input = Files.createDirectories(dir.resolve("in"));
        // 5 lines: 2 used, 1 skipped (not a LookupQuery), 1 blank, 1 dead letter; the last has no newline
        Files.write(input.resolve("good.jsonl"), concat(lookup("g1", "a"), "\n",
                "{\"TimeGenerated\":\"2026-11-08T10:00:00Z\",\"SubType\":\"LookupResponse\"}\r\n",
                "\n",
                "{\"TimeGenerated\":\"not a time\",\"SubType\":\"LookupQuery\"}\n",
                lookup("g2", "a")));
        // 3 lines: 2 used (one holds a real U+FFFD), 1 not UTF-8
        Files.write(input.resolve("utf8.jsonl"), concat(lookup("u1", "a"), "\n", NOT_UTF8, "\n", lookup("u\uFFFD", "a"), "\n"));
        Files.write(input.resolve("truncated.jsonl.gz"), truncatedGzip());
        byte[] second = gzip(lookup("m2", "a") + "\n" + lookup("m3", "a") + "\n");
        second[1] = (byte) 0x8c;
        Files.write(input.resolve("two-members.jsonl.gz"), concat(gzip(lookup("m0", "a") + "\n" + lookup("m1", "a") + "\n" + lookup("m1b", "a") + "\n"), second));
        Files.write(input.resolve("empty.jsonl"), new byte[0]);
        Files.write(input.resolve("empty.jsonl.gz"), new byte[0]);
    }

    static List<JsonNode> deadLetters(Path out) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (Path p : BackfillCommand.jsonLinesFiles(out)) for (String l : Files.readAllLines(p)) if (!l.isBlank()) all.add(JSON.readTree(l));
        return all;
    }

    @Test
    void damagedFilesAreNamedTheOthersReadAndEveryLineAccountedFor() throws IOException {
        Path alerts = dir.resolve("strict-alerts");
        MainTest.Result r = MainTest.run("backfill", "--dns-events", input.toString(), "--alerts-out", alerts.toString(), "--parallelism", "1");

        assertEquals(3, r.code(), r.err());
        // good 5 + utf8 3 + truncated 4 (before the damage) + two-members 3 (the first member) + empty 0
        assertTrue(r.out().contains("15 lines read = 11 used + 1 skipped + 1 blank + 2 dead letters\n"), r.out());
        assertTrue(r.out().contains("2 damaged input files"), r.out());
        String truncated = "unreadable file: " + input.resolve("truncated.jsonl.gz") + ": gzip member 1 ";
        String twoMembers = "unreadable file: " + input.resolve("two-members.jsonl.gz") + ": gzip member 2 ";
        for (String s : List.of(r.out(), r.err())) {
            assertTrue(s.contains(truncated) && s.contains("(after 4 lines)"), s);
            assertTrue(s.contains(twoMembers) && s.contains("(after 3 lines)"), s);
        }

        List<JsonNode> dead = deadLetters(alerts.resolveSibling("strict-alerts-dead-letters"));
        assertEquals(4, dead.size(), dead.toString());
        assertEquals(2, dead.stream().filter(d -> d.get("reason").asText().startsWith("unreadable file: ")).count(), dead.toString());
        List<JsonNode> utf8 = dead.stream().filter(d -> d.get("reason").asText().startsWith("invalid UTF-8")).toList();
        assertEquals(1, utf8.size(), dead.toString());
        assertEquals("invalid UTF-8 at byte " + new String(NOT_UTF8, StandardCharsets.ISO_8859_1).indexOf('\u00ff') + " of line 2 of "
                + input.resolve("utf8.jsonl"), utf8.get(0).get("reason").asText());
        assertArrayEquals(NOT_UTF8, Base64.getDecoder().decode(utf8.get(0).get("recordBase64").asText()));
    }

    @Test
    void lenientUtf8UsesTheLineAsBefore() throws IOException {
        Path alerts = dir.resolve("lenient-alerts");
        MainTest.Result r = MainTest.run("backfill", "--dns-events", input.toString(), "--alerts-out", alerts.toString(),
                "--parallelism", "1", "--lenient-utf8");

        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("15 lines read = 12 used + 1 skipped + 1 blank + 1 dead letters\n"), r.out());
        List<JsonNode> dead = deadLetters(alerts.resolveSibling("lenient-alerts-dead-letters"));
        assertEquals(3, dead.size(), dead.toString());
        assertTrue(dead.stream().noneMatch(d -> d.get("reason").asText().startsWith("invalid UTF-8")), dead.toString());
    }

    @Test
    void bootstrapWritesItsSavepointAndReportsTheSameFiles() throws IOException {
        Path savepoint = dir.resolve("savepoint");
        MainTest.Result r = MainTest.run("bootstrap", "--dns-events", input.toString(), "--savepoint-out", savepoint.toString(),
                "--parallelism", "1");

        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("15 lines read = 11 used + 1 skipped + 1 blank + 2 dead letters\n"), r.out());
        assertTrue(r.err().contains("unreadable file: " + input.resolve("truncated.jsonl.gz")), r.err());
        assertTrue(r.err().contains("unreadable file: " + input.resolve("two-members.jsonl.gz")), r.err());
        try (var files = Files.walk(savepoint)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("_metadata")), "the savepoint is written");
        }
    }
}
