package dev.dnshunter.exclusions;

import dev.dnshunter.net.IpAddress;

/** One address or CIDR range of an exclusion; an IPv4 range never contains an IPv6 address, mapped or not. */
final class Cidr {
    private final boolean ipv4;
    private final int length;
    private final long high;
    private final long low;
    private final long highMask;
    private final long lowMask;

    private Cidr(boolean ipv4, int length, long high, long low) {
        this.ipv4 = ipv4;
        this.length = length;
        if (ipv4) {
            this.highMask = 0L;
            this.lowMask = length == 0 ? 0L : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
        } else {
            this.highMask = mask64(length);
            this.lowMask = mask64(length - 64);
        }
        // Analysts write a host inside the range they mean (10.1.2.3/24); the range is what counts.
        this.high = high & highMask;
        this.low = low & lowMask;
    }

    /** The address or range in {@code text}, or null if it is neither; never throws. */
    static Cidr parse(String text) {
        if (text == null) return null;
        int slash = text.indexOf('/');
        IpAddress a = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        if (a == null) return null;
        int max = a.isIpv4() ? 32 : 128;
        int length = max;
        if (slash >= 0) {
            length = prefixLength(text, slash + 1);
            if (length < 0 || length > max) return null;
        }
        return new Cidr(a.isIpv4(), length, a.highBits(), a.lowBits());
    }

    /** Plain decimal without sign or leading zero, so "/016" is not silently read as 16; -1 if not that. */
    private static int prefixLength(String s, int from) {
        int n = s.length() - from;
        if (n < 1 || n > 3 || (n > 1 && s.charAt(from) == '0')) return -1;
        int value = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long mask64(int bits) {
        if (bits <= 0) return 0L;
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    boolean isIpv4() {
        return ipv4;
    }

    int prefixLength() {
        return length;
    }

    boolean contains(IpAddress a) {
        return a != null && a.isIpv4() == ipv4 && (a.highBits() & highMask) == high && (a.lowBits() & lowMask) == low;
    }

    /**
     * The network address with its prefix length, or just the address for a full-length prefix, so that the spellings
     * of one range (and their default ids) compare equal.
     */
    String canonical() {
        String network = ipv4 ? dottedQuad(low) : ipv6(high, low);
        return length == (ipv4 ? 32 : 128) ? network : network + "/" + length;
    }

    private static String dottedQuad(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** IpAddress owns the RFC 5952 rules, so the bits are spelled out in full and handed back to it. */
    private static String ipv6(long high, long low) {
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? high : low;
            int group = (int) (half >>> (48 - 16 * (i % 4))) & 0xffff;
            if (i > 0) b.append(':');
            b.append(Integer.toHexString(group));
        }
        return IpAddress.parse(b.toString()).canonical();
    }
}
