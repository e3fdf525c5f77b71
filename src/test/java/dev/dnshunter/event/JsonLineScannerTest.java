package dev.dnshunter.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the scanner finds, written from RFC 8259 by hand (not from the scanner): the values of the wanted top-level
 * members of a well-formed object, and a refusal for every line that is not exactly one JSON object or that it leaves
 * to a full parser. Each expected member is "name kind text", the text as a JSON parser decodes it.
 */
class JsonLineScannerTest {
    private static final List<String> WANTED = List.of("Name", "ClientIP", "TimeGenerated");

    private static List<String> found(String line) {
        return found(line.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> found(byte[] line) {
        // Inside a larger buffer, as the readers hand lines over: the bytes around the line must not matter.
        byte[] buf = new byte[line.length + 8];
        java.util.Arrays.fill(buf, (byte) '"');
        System.arraycopy(line, 0, buf, 4, line.length);
        JsonLineScanner s = new JsonLineScanner(WANTED);
        if (!s.scan(buf, 4, 4 + line.length)) return null;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            String text = s.text(i);
            assertEquals(text.length(), s.length(i), "length of " + text);
            out.add(WANTED.get(s.column(i)) + " " + s.kind(i) + " " + text);
        }
        return out;
    }

    private static String string(String name, String text) {
        return name + " " + JsonLineScanner.STRING + " " + text;
    }

    @Test
    void aPlainRowGivesItsWantedColumnsInOrder() {
        assertEquals(List.of(string("TimeGenerated", "2026-11-01T00:00:01.2409993Z"), string("ClientIP", "10.16.0.84"),
                        string("Name", "www.microsoft.com")),
                found("{\"TimeGenerated\":\"2026-11-01T00:00:01.2409993Z\",\"Computer\":\"DC02\",\"EventId\":256,"
                        + "\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.16.0.84\",\"Name\":\"www.microsoft.com\",\"ResultCode\":0}"));
        assertEquals(List.of(), found("{}"));
        assertEquals(List.of(), found("{ }"));
        assertEquals(List.of(), found("{\"Other\":1}"));
    }

    @Test
    void escapedQuotesAndBackslashesInValues() {
        // JSON text: {"Other":"x\"y","Name":"a\"b\\","ClientIP":"\\"}
        assertEquals(List.of(string("Name", "a\"b\\"), string("ClientIP", "\\")),
                found("{\"Other\":\"x\\\"y\",\"Name\":\"a\\\"b\\\\\",\"ClientIP\":\"\\\\\"}"));
        // A value ending in an escaped backslash, then a quote that does close it: {"Name":"c:\\","ClientIP":"1"}
        assertEquals(List.of(string("Name", "c:\\"), string("ClientIP", "1")),
                found("{\"Name\":\"c:\\\\\",\"ClientIP\":\"1\"}"));
        // Every short escape: {"Name":"\/\b\f\n\r\t"}
        assertEquals(List.of(string("Name", "/\b\f\n\r\t")), found("{\"Name\":\"\\/\\b\\f\\n\\r\\t\"}"));
    }

    @Test
    void keysInsideStringValuesAreNotKeys() {
        // {"Other":"\"Name\":\"evil\"","Note":"Name","Name":"good"}
        assertEquals(List.of(string("Name", "good")),
                found("{\"Other\":\"\\\"Name\\\":\\\"evil\\\"\",\"Note\":\"Name\",\"Name\":\"good\"}"));
        assertEquals(List.of(), found("{\"Other\":\"{\\\"Name\\\":\\\"evil\\\"}\"}"));
    }

    @Test
    void wantedNamesInsideNestedObjectsAndArraysAreNotColumns() {
        assertEquals(List.of(string("Name", "top")),
                found("{\"Outer\":{\"Name\":\"nested\",\"L\":[{\"Name\":\"deep\"},\"Name\",[[]],{}]},\"Name\":\"top\"}"));
        assertEquals(List.of("Name " + JsonLineScanner.OBJECT + " {\"Name\":\"x\"}"), found("{\"Name\":{\"Name\":\"x\"}}"));
        assertEquals(List.of("Name " + JsonLineScanner.ARRAY + " [\"a\", 1]"), found("{\"Name\":[\"a\", 1]}"));
        // A nested string holding a closing brace and bracket: {"O":{"k":"}]"},"Name":"n"}
        assertEquals(List.of(string("Name", "n")), found("{\"O\":{\"k\":\"}]\"},\"Name\":\"n\"}"));
    }

    @Test
    void duplicateKeysAreEachReportedInOrder() {
        assertEquals(List.of(string("Name", "first"), string("Name", "second")), found("{\"Name\":\"first\",\"Name\":\"second\"}"));
    }

    @Test
    void unicodeEscapesAreDecoded() {
        // {"Name":"\u0041\u00e9\uD83D\uDE00x"}: A, e acute, a surrogate pair, x
        assertEquals(List.of(string("Name", "A\u00e9\uD83D\uDE00x")), found("{\"Name\":\"\\u0041\\u00e9\\uD83D\\uDE00x\"}"));
        assertEquals(List.of(string("Name", "\"")), found("{\"Name\":\"\\u0022\"}"));
    }

    @Test
    void numbersAndLiteralsKeepTheirText() {
        assertEquals(List.of("Name " + JsonLineScanner.FLOAT + " -0.5e+10", "ClientIP " + JsonLineScanner.INTEGER + " 0",
                        "TimeGenerated " + JsonLineScanner.TRUE + " true"),
                found("{\"Name\":-0.5e+10,\"ClientIP\":0,\"TimeGenerated\":true,\"X\":false,\"Y\":null}"));
        assertEquals(List.of("Name " + JsonLineScanner.NULL + " null", "ClientIP " + JsonLineScanner.FALSE + " false",
                        "TimeGenerated " + JsonLineScanner.INTEGER + " -12"),
                found("{\"Name\":null,\"ClientIP\":false,\"TimeGenerated\":-12}"));
        assertEquals(List.of("Name " + JsonLineScanner.FLOAT + " 1E5", "ClientIP " + JsonLineScanner.FLOAT + " 2.50"),
                found("{\"Name\":1E5,\"ClientIP\":2.50}"));
    }

    @Test
    void whitespaceAroundEveryToken() {
        assertEquals(List.of(string("Name", "a"), string("ClientIP", "b")),
                found(" \t{ \"Name\" : \"a\" ,\t\"ClientIP\"\t:\t\"b\" , \"X\" : [ 1 , { } ] }\r"));
        assertEquals(List.of(string("Name", "a b")), found("{\"Name\":\"a b\"}  "));
    }

    @Test
    void namesAreExactAndCaseSensitive() {
        assertEquals(List.of(), found("{\"Names\":\"x\",\"Nam\":\"y\",\"name\":\"z\",\"NAME\":\"w\",\" Name\":\"v\"}"));
    }

    @Test
    void truncatedLinesAreRefused() {
        for (String cut : List.of("{", "{\"Na", "{\"Name\"", "{\"Name\":", "{\"Name\":\"a.com", "{\"Name\":\"a.com\"",
                "{\"Name\":\"a.com\",", "{\"Name\":\"a.com\",\"TimeGenerated\":\"2026-11", "{\"Name\":\"a\\", "{\"Name\":\"\\u00",
                "{\"Name\":tru", "{\"Name\":12", "{\"Name\":[1,2", "{\"Name\":{\"a\":1}")) {
            assertEquals(null, found(cut), cut);
        }
    }

    @Test
    void malformedLinesAreRefused() {
        for (String bad : List.of("", "   ", "[1]", "\"x\"", "null", "{\"Name\":\"a\",}", "{,}", "{\"Name\" \"a\"}", "{\"Name\":01}",
                "{\"Name\":-}", "{\"Name\":1.}", "{\"Name\":.5}", "{\"Name\":1e}", "{\"Name\":+1}", "{\"Name\":0x10}",
                "{\"Name\":'a'}", "{'Name':\"a\"}", "{Name:\"a\"}", "{\"Name\":\"a\\x\"}", "{\"Name\":\"a\\u00zz\"}",
                "{\"Name\":\"tab\tinside\"}", "{\"Name\":\"a\"}{\"Name\":\"b\"}", "{\"Name\":\"a\"} x", "{\"Name\":truex}",
                "{\"Name\":nul}", "{\"Name\":NaN}", "{\"Name\":\"a\"} // c", "{\"Name\":[1,]}", "{\"Name\":{\"a\"}}",
                "{\"Name\":\"a\"\u000b}", "{\"Name\":1 2}", "}")) {
            assertEquals(null, found(bad), bad);
        }
    }

    @Test
    void linesForAFullParserAreLeftToIt() {
        // Well-formed (RFC 8259), but left to the full parser: non-ASCII text, an escaped key, deep nesting.
        assertFalse(new JsonLineScanner(WANTED).scan(utf8("{\"Name\":\"b\u00fccher.de\"}"), 0, utf8("{\"Name\":\"b\u00fccher.de\"}").length));
        assertEquals(null, found(new byte[] {'{', '"', 'N', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xff, '"', '}'}));
        assertEquals(null, found("{\"N\\u0061me\":\"x\"}"));
        String deep = "[".repeat(JsonLineScanner.MAX_DEPTH) + "]".repeat(JsonLineScanner.MAX_DEPTH);
        assertEquals(null, found("{\"X\":" + deep + ",\"Name\":\"a\"}"));
        String shallow = "[".repeat(JsonLineScanner.MAX_DEPTH - 1) + "]".repeat(JsonLineScanner.MAX_DEPTH - 1);
        assertEquals(List.of(string("Name", "a")), found("{\"X\":" + shallow + ",\"Name\":\"a\"}"));
        assertEquals(null, found("{\"Name\":" + "1".repeat(JsonLineScanner.MAX_NUMBER + 1) + "}"));
        String longest = "{\"Name\":\"" + "x".repeat(JsonLineScanner.MAX_LINE - 11) + "\"}";
        assertEquals(JsonLineScanner.MAX_LINE, longest.length());
        assertEquals(1, found(longest).size());
        assertEquals(null, found("{\"Name\":\"" + "x".repeat(JsonLineScanner.MAX_LINE - 10) + "\"}"));
    }

    @Test
    void aScannerIsReusedLineAfterLine() {
        JsonLineScanner s = new JsonLineScanner(WANTED);
        byte[] a = utf8("{\"Name\":\"a\",\"ClientIP\":\"1\"}");
        byte[] b = utf8("{\"X\":\"a\"}");
        assertTrue(s.scan(a, 0, a.length));
        assertEquals(2, s.count());
        assertTrue(s.scan(b, 0, b.length));
        assertEquals(0, s.count());
        assertFalse(s.scan(a, 0, a.length - 1));
        assertEquals(0, s.count());   // nothing listed from a refused line, though its first members were read
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
