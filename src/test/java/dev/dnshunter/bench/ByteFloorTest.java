package dev.dnshunter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.pipeline.Input;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteFloorTest {
    @TempDir
    Path dir;

    @Test
    void findsTheWantedColumnsOfEveryLineAndSkipsTheRest() throws Exception {
        Path d = Files.createDirectories(dir.resolve("dns"));
        Files.writeString(d.resolve("a.jsonl"), String.join("\n",
                "{\"TimeGenerated\":\"2026-11-01T00:00:01Z\",\"Name\":\"a.com\",\"Other\":{\"Name\":\"nested\"},\"N\":1}",
                "{\"Name\":null,\"TimeGenerated\":\"t\",\"List\":[1,2,{\"Name\":3}]}",
                "",
                "not json",
                "{\"Name\":\"b.com\",\"TimeGenerated\":5}"), StandardCharsets.UTF_8);   // no newline at the end
        for (ByteFloor.Parser p : ByteFloor.Parser.values()) {
            ByteFloor.Result r = ByteFloor.run(Map.of(d, Set.of("TimeGenerated", "Name")), 2, p);
            assertEquals(5, r.lines());
            // 2 + 1 (a null is not a value; nested names are not columns) + 0 + 0 + 2
            assertEquals(5, r.values(), p.id);
            assertEquals(Files.size(d.resolve("a.jsonl")), r.bytes());
            assertTrue(r.jacksonLines() >= (p == ByteFloor.Parser.JACKSON ? 4 : 1), p.id);   // "not json" at least
        }
    }

    @Test
    void bothParsersFindTheSameValuesInHostileLines() throws Exception {
        // Well-formed lines (RFC 8259) with the number of wanted (Name, TimeGenerated) non-null scalars at their top level.
        Map<String, Integer> valid = new java.util.LinkedHashMap<>();
        valid.put("{\"Other\":\"x\\\"y\",\"Name\":\"a\\\"b\\\\\",\"TimeGenerated\":\"\\\\\"}", 2);
        valid.put("{\"Other\":\"\\\"Name\\\":1\",\"Note\":\"Name\"}", 0);
        valid.put("{\"O\":{\"Name\":\"n\",\"L\":[{\"Name\":1},\"Name\"]},\"Name\":{\"Name\":2},\"TimeGenerated\":[3]}", 0);
        valid.put("{\"Name\":\"first\",\"Name\":\"second\",\"TimeGenerated\":null}", 2);
        valid.put("{\"Name\":\"\\u0041\\uD83D\\uDE00\",\"N\\u0061me\":\"escaped key\"}", 2);
        valid.put("{\"Name\":\"b\u00fccher.de\",\"TimeGenerated\":\"\u65e5\"}", 2);
        valid.put(" { \"Name\" :\t-1.5e3 , \"TimeGenerated\" : true }\r", 2);
        valid.put("{\"Name\":false,\"Names\":\"x\",\"name\":\"y\"}", 1);
        List<String> invalid = List.of("{\"Name\":\"a.com\",\"TimeGenerated\":\"2026-11", "{\"Name\":\"a\\", "{\"Name\":01}",
                "{\"Name\":\"a\"}{\"Name\":\"b\"}", "{\"Name\":\"tab\tin\"}", "{\"Name\":[1,]}", "not json", "[1]");
        Path d = Files.createDirectories(dir.resolve("hostile"));
        List<byte[]> lines = new java.util.ArrayList<>();
        valid.keySet().forEach(l -> lines.add(l.getBytes(StandardCharsets.UTF_8)));
        invalid.forEach(l -> lines.add(l.getBytes(StandardCharsets.UTF_8)));
        lines.add(new byte[] {'{', '"', 'N', 'a', 'm', 'e', '"', ':', '"', 'a', (byte) 0xff, '"', '}'});   // not UTF-8
        try (OutputStream out = Files.newOutputStream(d.resolve("h.jsonl"))) {
            for (byte[] l : lines) {
                out.write(l);
                out.write('\n');
            }
        }
        Set<String> wanted = Set.of("Name", "TimeGenerated");
        ByteFloor.Result jackson = ByteFloor.run(Map.of(d, wanted), 1, ByteFloor.Parser.JACKSON);
        ByteFloor.Result scanner = ByteFloor.run(Map.of(d, wanted), 1, ByteFloor.Parser.SCANNER);
        assertEquals(jackson.values(), scanner.values());
        assertEquals(jackson.lines(), scanner.lines());
        // Line by line, the well-formed ones against the count the specification gives.
        for (Map.Entry<String, Integer> e : valid.entrySet()) {
            Path one = Files.createDirectories(dir.resolve("one-" + e.getKey().hashCode()));
            Files.writeString(one.resolve("l.jsonl"), e.getKey(), StandardCharsets.UTF_8);
            assertEquals((long) e.getValue(), ByteFloor.run(Map.of(one, wanted), 1, ByteFloor.Parser.SCANNER).values(), e.getKey());
            assertEquals((long) e.getValue(), ByteFloor.run(Map.of(one, wanted), 1, ByteFloor.Parser.JACKSON).values(), e.getKey());
        }
        // The escaped key, the non-ASCII lines and every malformed one were read by Jackson.
        assertEquals(2 + invalid.size() + 1, scanner.jacksonLines());
    }

    @Test
    void aLineLongerThanTheBufferAndGzippedFilesAreRead() throws Exception {
        Path gz = dir.resolve("long.jsonl.gz");
        String longValue = "x".repeat(3 << 20);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("{\"Name\":\"" + longValue + "\",\"Skip\":1}\n{\"Name\":\"short\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        for (ByteFloor.Parser p : ByteFloor.Parser.values()) {
            ByteFloor.Result r = ByteFloor.run(Map.of(gz, Set.of("Name")), 1, p);
            assertEquals(2, r.lines());
            assertEquals(2, r.values());
        }
    }

    @Test
    void theColumnsAreThoseTheParsersRead() {
        Map<Path, Set<String>> c = ByteFloor.parserColumns(Map.of(Input.DNS_EVENTS, dir));
        assertEquals(Set.of("TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses", "QueryType", "ResultCode", "Computer", "EventId"),
                c.get(dir));
    }
}
