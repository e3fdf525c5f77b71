package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The file reader's pieces: gzip members checked one by one, and lines split and checked as UTF-8. */
class FileFaultsTest {
    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static String inflate(byte[] file) throws IOException {
        try (InputStream in = new GzipMembers(new ByteArrayInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> lines(byte[] bytes) throws IOException {
        ByteLines l = new ByteLines(new ByteArrayInputStream(bytes));
        List<String> out = new ArrayList<>();
        while (l.next()) out.add(l.lenient());
        return out;
    }

    @Test
    void everyMemberIsRead() throws IOException {
        assertEquals("a\nb\nc\n", inflate(concat(gzip("a\n"), gzip("b\n"), gzip("c\n"))));
    }

    @Test
    void anEmptyFileAndZeroPaddingAreFine() throws IOException {
        assertEquals("", inflate(new byte[0]));
        assertEquals("a\n", inflate(concat(gzip("a\n"), new byte[100])));
    }

    @Test
    void aLaterMemberWithADamagedHeaderIsAnError() throws IOException {
        byte[] second = gzip("b\n");
        second[1] = (byte) 0x8c;
        IOException e = assertThrows(IOException.class, () -> inflate(concat(gzip("a\n"), second)));
        assertTrue(e.getMessage().startsWith("gzip member 2 "), e.getMessage());
    }

    @Test
    void garbageAfterTheLastMemberIsAnError() throws IOException {
        assertThrows(IOException.class, () -> inflate(concat(gzip("a\n"), new byte[] {0, 0, 7})));
        assertThrows(IOException.class, () -> inflate(concat(gzip("a\n"), "trailing".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void aTruncatedMemberAndABadChecksumAreErrors() throws IOException {
        byte[] whole = gzip("some line that is long enough\n".repeat(20));
        IOException truncated = assertThrows(IOException.class, () -> inflate(Arrays.copyOf(whole, whole.length - 9)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        assertThrows(IOException.class, () -> inflate(Arrays.copyOf(whole, 5)));
        byte[] badCrc = whole.clone();
        badCrc[badCrc.length - 8] ^= 1;
        IOException crc = assertThrows(IOException.class, () -> inflate(badCrc));
        assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());
    }

    @Test
    void linesSplitAsBufferedReaderSplitsThem() throws IOException {
        assertEquals(List.of("a", "", "b", "c", "d"), lines("a\n\nb\r\nc\rd".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a"), lines("a\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), lines(new byte[0]));
        String longLine = "x".repeat(200_000);
        assertEquals(List.of(longLine, "y"), lines((longLine + "\ny\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void invalidUtf8IsFoundWhereItIsAndARealReplacementCharacterIsValid() throws IOException {
        byte[] bad = concat("{\"Name\":\"a".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xff}, "b\"}\n".getBytes(StandardCharsets.US_ASCII));
        ByteLines l = new ByteLines(new ByteArrayInputStream(bad));
        assertTrue(l.next());
        assertEquals(10, l.invalidAt(l.lenient()));
        assertArrayEquals(Arrays.copyOf(bad, bad.length - 1), l.bytes());

        ByteLines ok = new ByteLines(new ByteArrayInputStream("caf\u00e9 \uFFFD\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ok.next());
        assertEquals(-1, ok.invalidAt(ok.lenient()));
        assertEquals("caf\u00e9 \uFFFD", ok.lenient());
    }
}
