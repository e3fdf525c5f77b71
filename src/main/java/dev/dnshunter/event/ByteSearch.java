package dev.dnshunter.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches of the line readers, eight bytes at a time (one {@code long} of the array per step). */
public final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long RETURNS = 0x0d0d0d0d0d0d0d0dL;

    private ByteSearch() {}

    /**
     * The first index at or after {@code i} of a quote, a backslash, a control byte or a non-ASCII byte; {@code to} if
     * none. Eight bytes at a time: per byte, the high bit of {@code (v - k) & ~v} is set when v is below k (k up to
     * 0x80), with v^'"' and v^'\\' for equality; a borrow can only flag a byte above a real match, so the lowest
     * flag is exact.
     */
    static int special(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i);
            long q = x ^ QUOTES;
            long s = x ^ BACKSLASHES;
            long t = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - SPACES) & ~x) | x) & HIGHS;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
            i += 8;
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\' || c < 0x20) return i;
        }
        return to;
    }

    /** The first index of a newline in {@code b[from, to)}, or -1; eight bytes at a time, as {@link #special}. */
    public static int newline(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    /**
     * The first index at or after {@code from} of a line feed or a carriage return; {@code to} if none. Eight bytes at
     * a time, as {@link #special}.
     */
    public static int lineEnd(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i);
            long n = x ^ NEWLINES;
            long r = x ^ RETURNS;
            long t = (((n - ONES) & ~n) | ((r - ONES) & ~r)) & HIGHS;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n' || b[i] == '\r') return i;
        }
        return to;
    }

    /** Whether every byte of {@code b[from, to)} is ASCII (below 0x80); eight bytes at a time. */
    public static boolean ascii(byte[] b, int from, int to) {
        int i = from;
        long high = 0;
        for (; i + 8 <= to; i += 8) high |= (long) LONGS.get(b, i);
        for (; i < to; i++) high |= b[i];
        return (high & HIGHS) == 0;
    }
}
