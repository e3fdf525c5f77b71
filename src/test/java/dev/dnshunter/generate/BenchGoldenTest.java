package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench data set of a fixed size and seed is byte for byte what {@link BenchDataWriter} wrote before its helpers
 * moved into classes of their own (the cache is keyed on its version, not on its code).
 */
class BenchGoldenTest {
    @TempDir
    Path dir;

    /** SHA-256 over the lines "file=SHA-256 of the file", in file order, of every input file (32: 4 inputs, 8 parts). */
    static final String SMALL = "dd0dd305af482a97598e404aeeb8956d554bde73b9a81bf992359ce4caa65aef";

    @Test
    void smallBenchDataSetIsByteIdentical() throws Exception {
        BenchDataWriter.write(dir.resolve("d"), 20_000, 9, System.err);
        TreeMap<String, String> got = SentinelGoldenTest.digests(dir.resolve("d"));
        got.remove(BenchDataWriter.SUMMARY); // holds the seconds it took
        StringBuilder lines = new StringBuilder();
        got.forEach((file, digest) -> lines.append(file).append('=').append(digest).append('\n'));
        assertEquals(32, got.size(), got.toString());
        assertEquals(SMALL, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(lines.toString().getBytes(StandardCharsets.UTF_8))), got.toString());
    }
}
