package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.JsonRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every line parser must do with lines that are not a well-formed object, whatever table it reads. Each parser's
 * test class extends this and supplies a used row with its exact expected record.
 */
abstract class LineParserContract<T> {
    static final String TIME = "2026-11-20T10:15:30.1234567Z";
    static final long TIME_MILLIS = 1_795_169_730_123L;

    abstract T parse(String line) throws BadRecordException;

    /** A row the parser uses. */
    abstract Row validRow();

    /** The record {@link #validRow()} must produce. */
    abstract T expected();

    String reason(String line) {
        BadRecordException e = assertThrows(BadRecordException.class, () -> parse(line),
                () -> line.length() > 200 ? line.substring(0, 200) + "..." : line);
        return e.getMessage();
    }

    String reason(Row row) {
        return reason(row.line());
    }

    T parse(Row row) throws BadRecordException {
        return parse(row.line());
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void timeConstantMatchesJavaTime() {
        assertEquals(java.time.Instant.parse("2026-11-20T10:15:30.123Z").toEpochMilli(), TIME_MILLIS);
    }

    @Test
    void validRowGivesExactRecord() throws Exception {
        assertEquals(expected(), parse(validRow()));
    }

    @Test
    void surroundingWhitespaceAndCarriageReturnAreAllowed() throws Exception {
        assertEquals(expected(), parse(" \t" + validRow().line() + " \r"));
    }

    @Test
    void leadingByteOrderMarkIsIgnored() throws Exception {
        assertEquals(expected(), parse("\uFEFF" + validRow().line()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "   \t  ", "\r", "\n", "\u2003"})
    void blankLineIsSkipped(String line) throws Exception {
        assertNull(parse(line));
    }

    @Test
    void nullLineIsSkipped() throws Exception {
        assertNull(parse((String) null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "42", "\"text\"", "true", "null", "]"})
    void nonObjectIsBad(String line) {
        String reason = reason(line);
        assertTrue(reason.equals("not a JSON object") || reason.startsWith("invalid JSON: "), reason);
    }

    @Test
    void arrayIsNotAnObject() {
        assertEquals("not a JSON object", reason("[" + validRow().line() + "]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "{'TimeGenerated':1}", "{TimeGenerated:1}", "{,}", "{\"a\" 1}", "{\"a\":01}",
            "{\"a\":NaN}", "{\"a\":1,}", "{\"a\":1 // c\n}"})
    void notJsonIsBad(String line) {
        assertTrue(reason(line).startsWith("invalid JSON: "));
    }

    @Test
    void truncatedJsonIsBad() {
        String line = validRow().line();
        for (int cut = 1; cut < line.length(); cut++) {
            String reason = reason(line.substring(0, cut));
            assertTrue(reason.startsWith("invalid JSON: "), reason);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "x", " {}", "{}", ",", " 1", "]", "}", " null", " // comment"})
    void trailingGarbageIsBad(String trailer) {
        assertEquals("trailing data after JSON object", reason(validRow().line() + trailer));
    }

    @Test
    void unknownFieldsOfEveryKindAreIgnored() throws Exception {
        Row row = validRow()
                .with("TenantId", Row.str("4f1c"))
                .with("Unknown1", "{\"a\":[1,2,{\"b\":null}],\"TimeGenerated\":\"not a time\"}")
                .with("Unknown2", "[1,\"x\",true,null,{}]")
                .with("Unknown3", "-1.5e300")
                .with("Unknown4", "false")
                .with("Unknown5", "null")
                .with("Unknown6", "123456789012345678901234567890");
        assertEquals(expected(), parse(row));
    }

    @Test
    void deeplyNestedUnknownFieldIsSkipped() throws Exception {
        assertEquals(expected(), parse(validRow().with("Extra", nested(10_000))));
        assertEquals(expected(), parse(validRow().with("Extra", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))));
    }

    @Test
    void unclosedDeepNestingIsBad() {
        String line = validRow().line();
        String reason = reason(line.substring(0, line.length() - 1) + ",\"Extra\":" + "[".repeat(10_000));
        assertTrue(reason.startsWith("invalid JSON: "), reason);
    }

    @Test
    void nestingBeyondTheCapIsBadNotACrash() {
        String reason = reason(validRow().with("Extra", nested(JsonRow.MAX_NESTING_DEPTH + 10)));
        assertTrue(reason.startsWith("invalid JSON: ") && reason.contains("nesting"), reason);
        assertTrue(reason.length() < 200, reason);
    }

    @Test
    void hugeUnknownStringIsIgnored() throws Exception {
        assertEquals(expected(), parse(validRow().with("Message", Row.str("x".repeat(1 << 20)))));
    }

    @Test
    void hugeTimeGeneratedGivesShortReason() {
        String reason = reason(validRow().with("TimeGenerated", Row.str("2".repeat(1 << 20))));
        assertEquals("unparsable TimeGenerated \"" + "2".repeat(64) + "...\"", reason);
    }

    @Test
    void duplicateKeyLastWins() throws Exception {
        String line = validRow().line();
        String badFirst = "{\"TimeGenerated\":\"garbage\"," + line.substring(1);
        assertEquals(expected(), parse(badFirst));
        String badLast = line.substring(0, line.length() - 1) + ",\"TimeGenerated\":\"garbage\"}";
        assertEquals("unparsable TimeGenerated \"garbage\"", reason(badLast));
        String nullLast = line.substring(0, line.length() - 1) + ",\"TimeGenerated\":null}";
        assertEquals("missing TimeGenerated", reason(nullLast));
    }

    @Test
    void timeGeneratedIsRequired() {
        assertEquals("missing TimeGenerated", reason(validRow().without("TimeGenerated")));
        assertEquals("missing TimeGenerated", reason(validRow().with("TimeGenerated", "null")));
        assertEquals("missing TimeGenerated", reason("{}"));
    }

    @Test
    void timeGeneratedMustBeAString() {
        assertEquals("unparsable TimeGenerated 1795169730123", reason(validRow().with("TimeGenerated", "1795169730123")));
        assertEquals("unparsable TimeGenerated true", reason(validRow().with("TimeGenerated", "true")));
        assertEquals("unparsable TimeGenerated {...}", reason(validRow().with("TimeGenerated", "{}")));
        assertEquals("unparsable TimeGenerated \"2026-11-20 10:15:30Z\"",
                reason(validRow().with("TimeGenerated", Row.str("2026-11-20 10:15:30Z"))));
    }

    @Test
    void controlCharactersInReasonsAreEscaped() {
        String reason = reason(validRow().with("TimeGenerated", Row.str("a\\n\\u0000\\\"b")));
        assertEquals("unparsable TimeGenerated \"a\\u000a\\u0000\\\"b\"", reason);
    }

    @Test
    void parserIsReusableAcrossGoodAndBadLines() throws Exception {
        assertEquals(expected(), parse(validRow()));
        reason("{\"TimeGenerated\":");
        reason(validRow().line() + " x");
        assertNull(parse(" "));
        assertEquals(expected(), parse(validRow()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void survivesJavaSerialization() throws Exception {
        Object parser = parserInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(parser);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Object copy = in.readObject();
            assertEquals(expected(), parseWith(copy, validRow().line()));
        }
    }

    abstract Object parserInstance();

    abstract T parseWith(Object parser, String line) throws BadRecordException;

    /** Random damage to a good line must end as a record, a skip or a BadRecordException, never anything else. */
    @Test
    void fuzzedLinesNeverThrowAnythingElse() {
        Random random = new Random(42);
        String base = validRow().with("Extra", "[1,{\"a\":\"b\"},-2.5e3,true,null]").line();
        String alphabet = "{}[]:,\"\\ -+.eE0123456789aZT\u0000\u00e9\ud83d\ude00\ud800tfnul";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder(base);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0: b.deleteCharAt(at); break;
                    case 1: b.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    default: b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String line = b.toString();
            try {
                parse(line);
            } catch (BadRecordException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty() && e.getMessage().length() < 200,
                        e.getMessage());
            } catch (Throwable t) {
                fail("threw " + t + " for " + line, t);
            }
        }
    }
}
