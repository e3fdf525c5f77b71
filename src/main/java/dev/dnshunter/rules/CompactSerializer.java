package dev.dnshunter.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The shared part of the hand-written serializers of the records that BATCH jobs shuffle and sort (the rare rule's,
 * {@code RareRecordTypes}, and the name rules' {@link SubdomainQuerySerializer}), used in BATCH jobs only, where no
 * savepoint holds them: a record's fields written one after another, without reflection, in a compact form.
 *
 * <p>Numbers as variable-length integers (zig-zag, 7 bits a byte: an epoch millisecond takes 6 bytes, a port 2 or 3).
 * A string as a header (7 bits a byte), then its text: the header is 0 for null, else
 * {@code (length << 1 | wide) + 1}; an ASCII string is its {@code length} bytes, written and read in one block, any
 * other its {@code length} UTF-16 chars as they are (two bytes each), so every string, lone surrogates included,
 * comes back exactly as it went. An array as 0 for null or its length + 1, then its items.
 *
 * <p>Deserializing always makes a new record, even when handed one to reuse: a function may keep the records it gets
 * (the baseline keeps lookups that wait for a verdict).
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return false;
    }

    @Override
    public final T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    protected static void writeLong(long v, DataOutputView out) throws IOException {
        writeUnsigned((v << 1) ^ (v >> 63), out);
    }

    protected static long readLong(DataInputView in) throws IOException {
        long u = readUnsigned(in);
        return (u >>> 1) ^ -(u & 1);
    }

    /** 7 bits a byte, the lowest first; a set top bit says that more follow. */
    private static void writeUnsigned(long u, DataOutputView out) throws IOException {
        while ((u & ~0x7FL) != 0) {
            out.writeByte((int) (u & 0x7F) | 0x80);
            u >>>= 7;
        }
        out.writeByte((int) u);
    }

    private static long readUnsigned(DataInputView in) throws IOException {
        long u = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            u |= (long) (b & 0x7F) << shift;
            if (b >= 0) return u;
        }
        throw new IOException("a variable-length integer longer than 10 bytes");
    }

    protected static void writeInt(int v, DataOutputView out) throws IOException {
        writeLong(v, out);
    }

    protected static int readInt(DataInputView in) throws IOException {
        long v = readLong(in);
        if (v != (int) v) throw new IOException("an int out of range: " + v);
        return (int) v;
    }

    /** A non-negative count or length: 0 stands for null. */
    private static void writeHeader(long h, DataOutputView out) throws IOException {
        writeUnsigned(h, out);
    }

    protected static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeHeader(0, out);
            return;
        }
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        writeHeader(((long) n << 1 | (ascii ? 0 : 1)) + 1, out);
        if (ascii) {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            for (int i = 0; i < n; i++) out.writeChar(s.charAt(i));
        }
    }

    protected static String readString(DataInputView in) throws IOException {
        long h = readUnsigned(in);
        if (h == 0) return null;
        long n = (h - 1) >>> 1;
        if (n > Integer.MAX_VALUE) throw new IOException("a string of " + n + " characters");
        if (((h - 1) & 1) == 0) {
            byte[] bytes = new byte[(int) n];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[(int) n];
        for (int i = 0; i < chars.length; i++) chars[i] = in.readChar();
        return new String(chars);
    }

    /**
     * An address that a key selector reads: a byte 1 and its 32 bits when {@code ipv4} (the record's
     * {@link dev.dnshunter.net.IpAddress#ipv4Bits} of {@code text}) says it is a dotted quad, else a byte 0 and the
     * text. Five bytes instead of up to sixteen, and the record read back knows its bits without parsing the text
     * again (a backfill's keyed stage selects a record's key three times).
     */
    protected static void writeAddress(String text, long ipv4, DataOutputView out) throws IOException {
        if (ipv4 >= 0) {
            out.writeByte(1);
            out.writeInt((int) ipv4);
        } else {
            out.writeByte(0);
            writeString(text, out);
        }
    }

    /**
     * The bits of an address written by {@link #writeAddress}, or -1 when its text follows (read it with
     * {@link #readString}).
     */
    protected static long readAddressBits(DataInputView in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind == 1) return in.readInt() & 0xffff_ffffL;
        if (kind != 0) throw new IOException("no address kind " + kind);
        return -1;
    }

    protected static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            writeHeader(0, out);
            return;
        }
        writeHeader(a.length + 1L, out);
        for (String s : a) writeString(s, out);
    }

    protected static String[] readStrings(DataInputView in) throws IOException {
        long h = readUnsigned(in);
        if (h == 0) return null;
        if (h - 1 > Integer.MAX_VALUE) throw new IOException("an array of " + (h - 1) + " strings");
        String[] a = new String[(int) (h - 1)];
        for (int i = 0; i < a.length; i++) a[i] = readString(in);
        return a;
    }

    protected static String[] copy(String[] a) {
        return a == null ? null : a.clone();
    }
}
