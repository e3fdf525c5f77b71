package dev.dnshunter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dnshunter.event.JsonLineScanner;
import dev.dnshunter.generate.BenchDataWriter;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.pipeline.Input;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner against Jackson, an independent parser, on every line of a bench data set of every input (the planted
 * malformed lines included) and on hostile lines: the scanner accepts exactly the lines Jackson reads as one whole JSON
 * object, and finds in them the same wanted top-level members, in the same order, with the same kinds and texts.
 */
class JsonLineScannerJacksonTest {
    private static final JsonFactory JACKSON = new JsonFactory();

    @TempDir
    Path dir;

    @Test
    void everyLineOfTheBenchFilesOfEveryInput() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        BenchDataWriter.Result data = BenchDataWriter.write(dir.resolve("bench"), 20_000, 1, quiet);
        Map<Input, String> inputs = Map.of(Input.DNS_EVENTS, DataSetGenerator.DNS_EVENTS_DIR, Input.FIREWALL_EVENTS,
                DataSetGenerator.FIREWALL_EVENTS_DIR, Input.VM_CONNECTIONS, DataSetGenerator.VM_CONNECTIONS_DIR,
                Input.DNS_CLIENT_EVENTS, DataSetGenerator.DNS_CLIENT_EVENTS_DIR);
        for (Map.Entry<Input, String> e : inputs.entrySet()) {
            Path in = data.input(e.getValue());
            List<String> columns = List.copyOf(ByteFloor.parserColumns(Map.of(e.getKey(), in)).get(in));
            long lines = 0;
            long refused = 0;
            for (Path file : ParseOnlyPass.files(in)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines++;
                    if (!compare(line.getBytes(StandardCharsets.UTF_8), columns)) refused++;
                }
            }
            assertTrue(lines > 1000, e.getKey() + ": " + lines);
            // The planted malformed lines (cut in half) are refused; every other line is read by the scanner.
            assertTrue(refused > 0 && refused <= 16, e.getKey() + ": " + refused + " refused");
        }
    }

    @Test
    void hostileLines() throws Exception {
        List<String> columns = List.of("Name", "ClientIP", "TimeGenerated");
        List<String> lines = List.of(
                "{\"Other\":\"x\\\"y\",\"Name\":\"a\\\"b\\\\\",\"ClientIP\":\"\\\\\"}",
                "{\"Other\":\"\\\"Name\\\":\\\"evil\\\"\",\"Note\":\"Name\",\"Name\":\"good\"}",
                "{\"Outer\":{\"Name\":\"nested\",\"L\":[{\"Name\":\"deep\"},\"Name\",[[]],{}]},\"Name\":\"top\",\"ClientIP\":{\"a\":[1]}}",
                "{\"Name\":\"first\",\"Name\":\"second\",\"ClientIP\":[\"x\"]}",
                "{\"Name\":\"\\u0041\\u00e9\\uD83D\\uDE00x\\/\\b\\f\\n\\r\\t\",\"ClientIP\":\"\\u0022\"}",
                "{\"Name\":-0.5e+10,\"ClientIP\":0,\"TimeGenerated\":true,\"X\":false,\"Y\":null}",
                "{\"Name\":null,\"ClientIP\":false,\"TimeGenerated\":-12,\"Z\":1E5,\"W\":2.50}",
                " \t{ \"Name\" : \"a\" ,\t\"ClientIP\"\t:\t\"b\" , \"X\" : [ 1 , { } ] }\r",
                "{}", "{ }", "{\"Names\":\"x\",\"Nam\":\"y\",\"name\":\"z\"}",
                "{\"Name\":\"a.com\",\"TimeGenerated\":\"2026-11", "{\"Name\":\"a\\", "{\"Name\":01}", "{\"Name\":1.}",
                "{\"Name\":\"a\"}{\"Name\":\"b\"}", "{\"Name\":\"a\"} x", "{\"Name\":\"tab\tin\"}", "{\"Name\":[1,]}",
                "{\"Name\":\"a\",}", "{\"Name\":truex}", "{\"Name\":'a'}", "{\"Name\":\"a\\x\"}", "[1]", "not json", "");
        for (String line : lines) compare(line.getBytes(StandardCharsets.UTF_8), columns);
        // Well-formed, but for the full parser: the scanner refuses them and the floor hands them to Jackson.
        for (String line : List.of("{\"Name\":\"b\u00fccher.de\"}", "{\"N\\u0061me\":\"x\"}")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            assertEquals(false, new JsonLineScanner(columns).scan(b, 0, b.length), line);
        }
    }

    /** Asserts the scanner agrees with Jackson on {@code line}; whether it accepted it. */
    private static boolean compare(byte[] line, List<String> columns) throws IOException {
        List<String> expected = jackson(line, columns);
        JsonLineScanner s = new JsonLineScanner(columns);
        boolean accepted = s.scan(line, 0, line.length);
        String text = new String(line, StandardCharsets.UTF_8);
        if (expected == null) {
            assertEquals(false, accepted, "Jackson refuses: " + text);
            return false;
        }
        assertTrue(accepted, "Jackson reads it, the scanner does not: " + text);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            byte kind = s.kind(i);
            boolean container = kind == JsonLineScanner.OBJECT || kind == JsonLineScanner.ARRAY;
            actual.add(columns.get(s.column(i)) + " " + kind + (container ? "" : " " + s.text(i)));
        }
        assertEquals(expected, actual, text);
        return true;
    }

    /** Jackson's reading of the line's wanted top-level members, or null when it is not one whole JSON object. */
    private static List<String> jackson(byte[] line, List<String> columns) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JACKSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                boolean wanted = columns.contains(name);
                byte kind = switch (t) {
                    case VALUE_STRING -> JsonLineScanner.STRING;
                    case VALUE_NUMBER_INT -> JsonLineScanner.INTEGER;
                    case VALUE_NUMBER_FLOAT -> JsonLineScanner.FLOAT;
                    case VALUE_TRUE -> JsonLineScanner.TRUE;
                    case VALUE_FALSE -> JsonLineScanner.FALSE;
                    case VALUE_NULL -> JsonLineScanner.NULL;
                    case START_OBJECT -> JsonLineScanner.OBJECT;
                    case START_ARRAY -> JsonLineScanner.ARRAY;
                    default -> throw new IllegalStateException(t.toString());
                };
                boolean container = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                if (wanted) out.add(name + " " + kind + (container ? "" : " " + p.getText()));
                if (container) p.skipChildren();
            }
            if (p.nextToken() != null) return null;   // trailing data
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
