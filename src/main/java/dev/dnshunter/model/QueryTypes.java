package dev.dnshunter.model;

/** DNS query type numbers (RFC 1035 and successors) from the text logs write them as. */
public final class QueryTypes {
    private QueryTypes() {}

    /**
     * The type number of a query type as text: a decimal number without leading zeros, or a common mnemonic in any
     * case; surrounding blanks are ignored. Anything else (null, {@code 016}, {@code 16.0}, an unknown mnemonic) is
     * {@link DnsQuery#ABSENT}. Allocates nothing.
     */
    public static int of(String text) {
        if (text == null) return DnsQuery.ABSENT;
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') start++;
        while (end > start && text.charAt(end - 1) <= ' ') end--;
        if (start == end) return DnsQuery.ABSENT;
        char first = text.charAt(start);
        if (first >= '0' && first <= '9') {
            if (first == '0' && end - start > 1) return DnsQuery.ABSENT;
            return digits(text, start, end);
        }
        return mnemonic(text, start, end - start);
    }

    /** A run of decimal digits, leading zeros allowed (as a rendered message may write them); ABSENT when too long. */
    public static int ofDigits(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') start++;
        return digits(digits, start, digits.length());
    }

    private static int digits(String text, int start, int end) {
        if (end - start > 5) return DnsQuery.ABSENT;
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return DnsQuery.ABSENT;
            n = n * 10 + (c - '0');
        }
        return n > 65535 ? DnsQuery.ABSENT : n;
    }

    private static final String[] NAMES = {"A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "NAPTR", "DS",
            "RRSIG", "DNSKEY", "HTTPS", "SVCB", "ANY", "NULL", "HINFO", "CAA"};
    private static final int[] NUMBERS = {1, 2, 5, 6, 12, 15, 16, 28, 33, 35, 43, 46, 48, 65, 64, 255, 10, 13, 257};

    private static int mnemonic(String text, int start, int length) {
        for (int i = 0; i < NAMES.length; i++) {
            String name = NAMES[i];
            if (name.length() == length && text.regionMatches(true, start, name, 0, length)) return NUMBERS[i];
        }
        return DnsQuery.ABSENT;
    }
}
