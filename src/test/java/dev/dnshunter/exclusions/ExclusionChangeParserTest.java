package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dnshunter.event.BadRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusionChangeParserTest {
    private static final String ADD = "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"domain\":\"X.Example.\","
            + "\"comment\":\"vendor update check\",\"expires\":\"2026-12-01T00:00:00Z\",\"id\":\"vendor\"}";
    private static final String REMOVE = "{\"time\":\"2026-11-20T12:00:00.5Z\",\"op\":\"remove\",\"id\":\"domain:x.example\"}";
    private static final long T10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    private final ExclusionChangeParser parser = new ExclusionChangeParser();

    private String reason(String line) {
        return assertThrows(BadRecordException.class, () -> parser.parse(line), line).getMessage();
    }

    @Test
    void addGivesTheEntry() throws Exception {
        ExclusionEntry entry = new ExclusionEntry("vendor", "domain", "x.example", "vendor update check",
                Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
        assertEquals(new ExclusionChange(T10, "add", entry, "vendor"), parser.parse(ADD));
        assertEquals(ExclusionChange.add(T10, entry), parser.parse(" \uFEFF".substring(1) + ADD + " \r"));
    }

    @Test
    void addWithoutIdGetsTheDefaultAndNeverExpires() throws Exception {
        ExclusionChange c = parser.parse(
                "{\"op\":\"add\",\"address\":\"10.1.2.3/24\",\"comment\":\"Zabbix\",\"time\":\"2026-11-20T10:00:00+00:00\"}");
        assertEquals(ExclusionChange.add(T10,
                new ExclusionEntry("address:10.1.2.0/24", "address", "10.1.2.0/24", "Zabbix", ExclusionEntry.NEVER)), c);
    }

    @Test
    void removeGivesTheId() throws Exception {
        assertEquals(ExclusionChange.remove(T10 + 2 * 3_600_000L + 500, "domain:x.example"), parser.parse(REMOVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\r"})
    void blankLineIsSkipped(String line) throws Exception {
        assertNull(parser.parse(line));
        assertNull(parser.parse(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\"} | missing time",
        "{\"time\":null,\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\"} | missing time",
        "{\"time\":\"tomorrow\",\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\"} | unparsable time \"tomorrow\"",
        "{\"time\":1795169730123,\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\"} | unparsable time 1795169730123",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"host\":\"h\",\"comment\":\"c\"} | missing op",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"ADD\",\"host\":\"h\",\"comment\":\"c\"} | unknown op \"ADD\" (expected add or remove)",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"domian\":\"x\",\"comment\":\"c\"} | unknown key \"domian\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"comment\":\"c\"} | entry needs exactly one of domain, address, host",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"domain\":\"d\",\"comment\":\"c\"} | entry needs exactly one of domain, address, host",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\"} | comment is required",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"comment\":\"\"} | comment is required",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"address\":\"10.1.2\",\"comment\":\"c\"} | not an IP address or CIDR range: \"10.1.2\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"domain\":\"\",\"comment\":\"c\"} | not a valid domain: \"\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\",\"expires\":\"tomorrow\"} | expires is not an ISO-8601 instant: \"tomorrow\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\",\"id\":\" \"} | id must not be blank",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"comment\":\"c\",\"comment\":\"d\"} | duplicate key \"comment\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":[\"h\"],\"comment\":\"c\"} | host must be a single value, not a list or mapping",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"remove\"} | missing id",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"remove\",\"id\":\"\"} | id must not be blank",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"remove\",\"domain\":\"x.example\"} | remove takes only time, op, id and author, not \"domain\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"remove\",\"id\":\"x\",\"comment\":\"gone\"} | remove takes only time, op, id and author, not \"comment\"",
        "[] | not a JSON object",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"remove\",\"id\":\"x\"} x | trailing data after JSON object",
    })
    void badChangesSayWhy(String line, String reason) {
        assertEquals(reason, reason(line));
    }

    @Test
    void notJsonIsBad() {
        assertTrue(reason("hello").startsWith("invalid JSON: "));
        assertTrue(reason(REMOVE.substring(0, 30)).startsWith("invalid JSON: "));
    }

    @Test
    void parserIsReusableAndSerializable() throws Exception {
        reason("{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h\",\"domain\":\"d\",\"comment\":\"c\"}");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(parser);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ExclusionChangeParser copy = (ExclusionChangeParser) in.readObject();
            assertEquals(parser.parse(ADD), copy.parse(ADD));
            assertEquals(parser.parse(REMOVE), copy.parse(REMOVE));
        }
    }

    @Test
    void fuzzedLinesNeverThrowAnythingElse() {
        Random random = new Random(7);
        String alphabet = "{}[]:,\"\\ -+.eE0123456789aZT/\u0000\u00e9\ud83d\ude00tfnul";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? ADD : REMOVE);
            for (int e = 0, edits = 1 + random.nextInt(4); e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0: b.deleteCharAt(at); break;
                    case 1: b.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    default: b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String line = b.toString();
            try {
                parser.parse(line);
            } catch (BadRecordException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty() && e.getMessage().length() < 200,
                        e.getMessage());
            } catch (Throwable t) {
                fail("threw " + t + " for " + line, t);
            }
        }
    }
}
