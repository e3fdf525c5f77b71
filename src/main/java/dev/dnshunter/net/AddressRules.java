package dev.dnshunter.net;

import dev.dnshunter.config.DetectionMode;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which addresses count as public destinations, and the text forms used to compare addresses.
 *
 * <p>The mode is a job-wide setting, so a null mode is a programming error and throws; address
 * text comes from events and never makes these methods throw.
 */
public final class AddressRules {

    private static final String[] NONE = new String[0];

    // IANA IPv4 special-purpose registry entries that are never a real Internet destination.
    private static final Prefix[] NOT_PUBLIC_V4 = {
        Prefix.of("0.0.0.0/8"),
        Prefix.of("10.0.0.0/8"),
        Prefix.of("100.64.0.0/10"),
        Prefix.of("127.0.0.0/8"),
        Prefix.of("169.254.0.0/16"),
        Prefix.of("172.16.0.0/12"),
        Prefix.of("192.0.0.0/24"),
        Prefix.of("192.0.2.0/24"),
        Prefix.of("192.88.99.0/24"),
        Prefix.of("192.168.0.0/16"),
        Prefix.of("198.18.0.0/15"),
        Prefix.of("198.51.100.0/24"),
        Prefix.of("203.0.113.0/24"),
        Prefix.of("224.0.0.0/4"),
        Prefix.of("240.0.0.0/4"),
    };

    // Sentinel's ipv4_is_private() knows only RFC 1918.
    private static final Prefix[] RFC1918 = {
        Prefix.of("10.0.0.0/8"),
        Prefix.of("172.16.0.0/12"),
        Prefix.of("192.168.0.0/16"),
    };

    private static final Prefix GLOBAL_UNICAST_V6 = Prefix.of("2000::/3");

    // Inside 2000::/3 but not a real destination: IETF protocol assignments (incl. Teredo),
    // documentation, 6to4 relays and the 2024 documentation block.
    private static final Prefix[] NOT_PUBLIC_V6 = {
        Prefix.of("2001::/23"),
        Prefix.of("2001:db8::/32"),
        Prefix.of("2002::/16"),
        Prefix.of("3fff::/20"),
    };

    private AddressRules() {}

    /** Whether {@code a} is a public destination in {@code mode}; a null address is not. */
    public static boolean isPublic(IpAddress a, DetectionMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (a == null) {
            return false;
        }
        if (mode == DetectionMode.KQL_COMPATIBLE) {
            return a.isIpv4() && !inAny(a, RFC1918);
        }
        if (a.isIpv4()) {
            return !inAny(a, NOT_PUBLIC_V4);
        }
        return GLOBAL_UNICAST_V6.contains(a) && !inAny(a, NOT_PUBLIC_V6);
    }

    /**
     * The distinct public addresses in a DnsEvents IPAddresses field, canonical, in first-appearance
     * order. De-duplication is by address so that two spellings of one address count once.
     */
    public static String[] publicAddresses(String ipAddressesField, DetectionMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (ipAddressesField == null || ipAddressesField.isEmpty()) {
            return NONE;
        }
        // A field holds a handful of answers: arrays and a linear search beat a hash set here.
        IpAddress[] seen = null;
        String[] texts = null;
        int count = 0;
        int start = 0;
        int length = ipAddressesField.length();
        while (start <= length) {
            int comma = ipAddressesField.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            String text = ipAddressesField.substring(start, end).trim();
            IpAddress a = IpAddress.parse(text);
            if (a != null && isPublic(a, mode) && indexOf(seen, count, a) < 0) {
                if (seen == null) {
                    seen = new IpAddress[4];
                    texts = new String[4];
                } else if (count == seen.length) {
                    seen = Arrays.copyOf(seen, count * 2);
                    texts = Arrays.copyOf(texts, count * 2);
                }
                seen[count] = a;
                texts[count++] = a.canonical(text);
            }
            start = end + 1;
        }
        return count == 0 ? NONE : Arrays.copyOf(texts, count);
    }

    private static int indexOf(IpAddress[] addresses, int count, IpAddress a) {
        for (int i = 0; i < count; i++) {
            if (addresses[i].equals(a)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The canonical form of an address so that differently written copies of it compare equal;
     * anything that is not an address is passed through untouched (null stays null).
     */
    public static String canonicalOrRaw(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        // Without a colon a text is a dotted quad, canonical as written (the parser accepts only that spelling), or
        // no address, passed through: either way itself, unless it has white space to trim. No parse needed.
        if (n > 0 && text.charAt(0) > ' ' && text.charAt(n - 1) > ' ' && text.indexOf(':') < 0) {
            return text;
        }
        return canonicalOrRawParsed(text);
    }

    /** {@link #canonicalOrRaw} by parsing the text, whatever it is. */
    static String canonicalOrRawParsed(String text) {
        String trimmed = text.trim();
        IpAddress a = IpAddress.parse(trimmed);
        return a == null ? text : a.canonical(trimmed);
    }

    /** The canonical form of {@code text} if it is a public address in {@code mode}, else null. */
    public static String publicCanonicalOrNull(String text, DetectionMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        IpAddress a = IpAddress.parse(trimmed);
        return a != null && isPublic(a, mode) ? a.canonical(trimmed) : null;
    }

    private static boolean inAny(IpAddress a, Prefix[] prefixes) {
        for (Prefix p : prefixes) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** A CIDR block; an IPv4 block never contains an IPv6 address, mapped or not. */
    private static final class Prefix {
        private final boolean ipv4;
        private final long high;
        private final long low;
        private final long highMask;
        private final long lowMask;

        private Prefix(boolean ipv4, long high, long low, long highMask, long lowMask) {
            this.ipv4 = ipv4;
            this.high = high & highMask;
            this.low = low & lowMask;
            this.highMask = highMask;
            this.lowMask = lowMask;
        }

        static Prefix of(String cidr) {
            int slash = cidr.indexOf('/');
            IpAddress network = IpAddress.parse(cidr.substring(0, slash));
            int length = Integer.parseInt(cidr.substring(slash + 1));
            if (network == null) {
                throw new IllegalArgumentException("bad prefix " + cidr);
            }
            if (network.isIpv4()) {
                long mask = length == 0 ? 0L : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
                return new Prefix(true, 0L, network.low(), 0L, mask);
            }
            return new Prefix(false, network.high(), network.low(), mask64(length), mask64(length - 64));
        }

        /** The top {@code bits} bits set, clamped to 0..64. */
        private static long mask64(int bits) {
            if (bits <= 0) {
                return 0L;
            }
            return bits >= 64 ? -1L : -1L << (64 - bits);
        }

        boolean contains(IpAddress a) {
            return a.isIpv4() == ipv4 && (a.high() & highMask) == high && (a.low() & lowMask) == low;
        }
    }
}
