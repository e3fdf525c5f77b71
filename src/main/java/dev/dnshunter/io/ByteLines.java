package dev.dnshunter.io;

import dev.dnshunter.event.ByteSearch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a stream as bytes, split where {@link java.io.BufferedReader#readLine()} splits ({@code \n}, {@code \r}
 * or {@code \r\n}; a last line without a terminator is a line), and decoded as UTF-8 strictly: a line that is not
 * valid UTF-8 is reported as such instead of being altered with U+FFFD.
 */
final class ByteLines {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean skipLf;
    private byte[] line = new byte[1024];
    private int length;
    private CharsetDecoder strict;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into {@link #bytes()}; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        boolean started = false;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) return started;
                pos = 0;
                limit = n;
                continue;
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            started = true;
            int i = ByteSearch.lineEnd(buf, pos, limit);
            append(pos, i - pos);
            if (i < limit) {
                skipLf = buf[i] == '\r';
                pos = i + 1;
                return true;
            }
            pos = limit;
        }
    }

    private void append(int from, int n) {
        if (length + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        System.arraycopy(buf, from, line, length, n);
        length += n;
    }

    /** The current line's bytes are {@code buffer()[0 .. length())}, valid until the next {@link #next()}. */
    byte[] buffer() {
        return line;
    }

    int length() {
        return length;
    }

    /**
     * Whether the current line starts with '{' and is ASCII only: then it is valid UTF-8, neither blank nor with a
     * byte order mark, and its bytes are its characters.
     */
    boolean isAsciiObject() {
        return length > 0 && line[0] == '{' && ByteSearch.ascii(line, 1, length);
    }

    /** A copy of the current line's bytes. */
    byte[] bytes() {
        return Arrays.copyOf(line, length);
    }

    /** The current line decoded, with U+FFFD for what is not UTF-8. */
    String lenient() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The byte offset in the current line where it stops being valid UTF-8, or -1 if it is valid. {@code decoded} is
     * {@link #lenient()}: only a line that holds U+FFFD needs the strict check (it may hold a real U+FFFD).
     */
    int invalidAt(String decoded) {
        if (decoded.indexOf('\uFFFD') < 0) return -1;
        if (strict == null) {
            strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(decoded.length() + 1);
        strict.reset();
        CoderResult r = strict.decode(bytes, chars, true);
        if (r.isError()) return bytes.position();
        r = strict.flush(chars);
        return r.isError() ? bytes.position() : -1;
    }
}
