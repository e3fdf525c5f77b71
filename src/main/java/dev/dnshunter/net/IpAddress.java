package dev.dnshunter.net;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * An immutable IPv4 or IPv6 address, parsed strictly from its text form.
 *
 * <p>Parsing is done here rather than with {@code java.net.InetAddress} or Guava's
 * {@code InetAddresses}: both silently turn {@code ::ffff:a.b.c.d} into an IPv4 address, and an
 * IPv4-mapped address must stay IPv6 so that the address rules classify it as the IPv6 address it
 * was logged as. They also accept forms we don't want as equal to an address (zone ids, octal-looking
 * parts), and InetAddress may go to DNS when handed a name.
 */
public final class IpAddress implements Serializable {

    private static final long serialVersionUID = 1L;

    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest valid form; anything longer
    // is rejected before scanning so huge inputs cost nothing.
    private static final int MAX_TEXT_LENGTH = 45;

    private static final long MAPPED_PREFIX_LOW = 0xffffL << 32;

    /** Bits 127..64 of an IPv6 address; always 0 for IPv4. */
    private final long high;
    /** Bits 63..0 of an IPv6 address, or the 32-bit IPv4 address. */
    private final long low;
    private final boolean ipv4;

    private IpAddress(long high, long low, boolean ipv4) {
        this.high = high;
        this.low = low;
        this.ipv4 = ipv4;
    }

    /** Returns the address written in {@code text}, or null if it is not exactly an address. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        long v4 = parseIpv4(text, 0, text.length());
        return v4 < 0 ? null : new IpAddress(0L, v4, true);
    }

    /**
     * The 32-bit value of {@code text} if it is exactly a dotted quad ({@link #parse} gives an IPv4 address), else -1;
     * without making an address.
     */
    public static long ipv4Bits(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH || text.indexOf(':') >= 0) {
            return -1;
        }
        return parseIpv4(text, 0, text.length());
    }

    /** The IPv4 address of the 32-bit value {@code bits} (its low 32 bits). */
    public static IpAddress fromIpv4Bits(long bits) {
        return new IpAddress(0L, bits & 0xffff_ffffL, true);
    }

    public boolean isIpv4() {
        return ipv4;
    }

    /** Bits 127..64 (IPv6); 0 for IPv4. */
    long high() {
        return high;
    }

    /** Bits 63..0 (IPv6), or the 32-bit value (IPv4). */
    long low() {
        return low;
    }

    /**
     * Bits 127..64 of an IPv6 address; 0 for IPv4. Public so that prefix rules outside this package
     * (analysts' exclusion ranges) can match without re-parsing text.
     */
    public long highBits() {
        return high;
    }

    /** Bits 63..0 of an IPv6 address, or the 32-bit value of an IPv4 address. */
    public long lowBits() {
        return low;
    }

    /**
     * {@link #canonical()}, given the text this address was parsed from: the strict parser accepts a dotted quad only
     * in its canonical spelling (four decimal parts, no leading zeros), so that text is returned as it is instead of
     * being written again.
     */
    public String canonical(String parsedFrom) {
        return ipv4 ? parsedFrom : canonical();
    }

    /** The IPv4 dotted quad, or the RFC 5952 text of an IPv6 address. */
    public String canonical() {
        if (ipv4) {
            return ipv4Text(low);
        }
        if (high == 0L && (low & 0xffff_ffff_0000_0000L) == MAPPED_PREFIX_LOW) {
            // RFC 5952 section 5: mapped addresses keep the dotted quad people recognise.
            return "::ffff:" + ipv4Text(low);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            // Strictly greater keeps the first run on a tie, as RFC 5952 section 4.2.3 requires.
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IpAddress)) {
            return false;
        }
        IpAddress other = (IpAddress) o;
        return high == other.high && low == other.low && ipv4 == other.ipv4;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(high);
        h = 31 * h + Long.hashCode(low);
        return 31 * h + (ipv4 ? 1 : 0);
    }

    /** The decimal digits of every octet, for {@link #ipv4Text}. */
    private static final byte[][] OCTETS = new byte[256][];

    static {
        for (int i = 0; i < OCTETS.length; i++) OCTETS[i] = Integer.toString(i).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The dotted quad of the 32-bit value {@code bits} (its low 32 bits), without leading zeros: the only spelling
     * {@link #ipv4Bits} accepts, so {@code ipv4Text(ipv4Bits(t)).equals(t)} for every text {@code t} it accepts.
     */
    public static String ipv4Text(long bits) {
        byte[] text = new byte[15];
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            byte[] octet = OCTETS[(int) (bits >>> shift) & 0xff];
            for (byte digit : octet) text[n++] = digit;
            if (shift > 0) text[n++] = '.';
        }
        return new String(text, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The 32-bit value of the dotted quad in {@code s[from, to)}, or -1 if it is not one. */
    private static long parseIpv4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int part = 0;
            while (i < to && isAsciiDigit(s.charAt(i))) {
                if (i - start == 3) {
                    return -1;
                }
                part = part * 10 + (s.charAt(i) - '0');
                i++;
            }
            int length = i - start;
            // A leading zero would be octal to inet_aton and decimal to us; refuse to guess.
            if (length == 0 || part > 255 || (length > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? value : -1;
    }

    private static IpAddress parseIpv6(String s) {
        int n = s.length();
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = 0;
        if (s.startsWith("::")) {
            compressAt = 0;
            i = 2;
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int end = s.indexOf(':', i);
            if (end < 0) {
                end = n;
            }
            if (end == i) {
                return null;
            }
            if (end == n && s.indexOf('.', i) >= 0) {
                // An embedded IPv4 address may only fill the last 32 bits.
                if (count > 6) {
                    return null;
                }
                long v4 = parseIpv4(s, i, n);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                break;
            }
            if (end - i > 4) {
                return null;
            }
            int value = 0;
            for (int k = i; k < end; k++) {
                int digit = hexValue(s.charAt(k));
                if (digit < 0) {
                    return null;
                }
                value = (value << 4) | digit;
            }
            groups[count++] = value;
            if (end == n) {
                break;
            }
            if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (compressAt >= 0) {
                    return null;
                }
                compressAt = count;
                i = end + 2;
            } else {
                i = end + 1;
                if (i == n) {
                    return null;
                }
            }
        }
        if (compressAt < 0 ? count != 8 : count > 7) {
            // "::" stands for at least one zero group, so with it at most 7 may be written.
            return null;
        }
        int[] full = new int[8];
        int tail = count - Math.max(compressAt, 0);
        if (compressAt < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, compressAt);
            System.arraycopy(groups, compressAt, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int k = 0; k < 4; k++) {
            high = (high << 16) | full[k];
            low = (low << 16) | full[k + 4];
        }
        return new IpAddress(high, low, false);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
