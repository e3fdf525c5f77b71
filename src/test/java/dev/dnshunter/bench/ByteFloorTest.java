package dev.dnshunter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.pipeline.Input;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ByteFloor.Result r = ByteFloor.run(Map.of(d, Set.of("TimeGenerated", "Name")), 2);
        assertEquals(5, r.lines());
        // 2 + 1 (a null is not a value; nested names are not columns) + 0 + 0 + 2
        assertEquals(5, r.values());
        assertEquals(Files.size(d.resolve("a.jsonl")), r.bytes());
    }

    @Test
    void aLineLongerThanTheBufferAndGzippedFilesAreRead() throws Exception {
        Path gz = dir.resolve("long.jsonl.gz");
        String longValue = "x".repeat(3 << 20);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("{\"Name\":\"" + longValue + "\",\"Skip\":1}\n{\"Name\":\"short\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        ByteFloor.Result r = ByteFloor.run(Map.of(gz, Set.of("Name")), 1);
        assertEquals(2, r.lines());
        assertEquals(2, r.values());
    }

    @Test
    void theColumnsAreThoseTheParsersRead() {
        Map<Path, Set<String>> c = ByteFloor.parserColumns(Map.of(Input.DNS_EVENTS, dir));
        assertEquals(Set.of("TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses", "QueryType", "ResultCode", "Computer", "EventId"),
                c.get(dir));
    }
}
