package dev.dnshunter.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The eight-byte searches against their definitions, byte value by byte value at every offset, and on random bytes. */
class ByteSearchTest {
    /** By the definition: a quote, a backslash, a control byte (below 0x20) or a byte outside ASCII. */
    private static boolean isSpecial(int unsigned) {
        return unsigned == '"' || unsigned == '\\' || unsigned < 0x20 || unsigned >= 0x80;
    }

    @Test
    void eightBytesAtATimeFindTheFirstSpecialByteNewlineAndLineEnd() {
        for (int len = 0; len <= 24; len++) {
            for (int p = 0; p < len; p++) {
                for (int v = 0; v < 256; v++) {
                    byte[] b = new byte[len + 3];
                    java.util.Arrays.fill(b, (byte) 'a');
                    b[1 + p] = (byte) v;
                    b[len + 1] = '"';   // outside the range: never found
                    int from = 1;
                    int to = 1 + len;
                    assertEquals(isSpecial(v) ? from + p : to, ByteSearch.special(b, from, to), len + " " + p + " " + v);
                    assertEquals(v == '\n' ? from + p : -1, ByteSearch.newline(b, from, to), len + " " + p + " " + v);
                    assertEquals(v == '\n' || v == '\r' ? from + p : to, ByteSearch.lineEnd(b, from, to), len + " " + p + " " + v);
                    assertEquals(v < 0x80, ByteSearch.ascii(b, from, to), len + " " + p + " " + v);
                }
            }
        }
        // Random bytes, many specials: the first one, whatever sits above it.
        java.util.Random random = new java.util.Random(7);
        byte[] alphabet = {'a', 'Z', '"', '\\', '\n', '\r', 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x7f, (byte) 0x80, (byte) 0xff, 0x00, 0x01};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int k = 0; k < b.length; k++) b[k] = alphabet[random.nextInt(alphabet.length)];
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int special = b.length;
            int newline = -1;
            int lineEnd = b.length;
            boolean ascii = true;
            for (int k = b.length - 1; k >= from; k--) {
                if (isSpecial(b[k] & 0xff)) special = k;
                if (b[k] == '\n') newline = k;
                if (b[k] == '\n' || b[k] == '\r') lineEnd = k;
                ascii &= (b[k] & 0xff) < 0x80;
            }
            assertEquals(special, ByteSearch.special(b, from, b.length));
            assertEquals(newline, ByteSearch.newline(b, from, b.length));
            assertEquals(lineEnd, ByteSearch.lineEnd(b, from, b.length));
            assertEquals(ascii, ByteSearch.ascii(b, from, b.length));
        }
    }
}
