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

    /**
     * The mnemonics of the IANA registry that logs write (Suricata's {@code dns_rrtype_string} names every one of
     * them, and its three misspellings {@code ND}, {@code NSAPPT} and {@code CDSNKEY} too), most common first.
     */
    private static final String[] NAMES = {"A", "AAAA", "TXT", "CNAME", "PTR", "MX", "NS", "SOA", "SRV", "HTTPS", "SVCB",
            "ANY", "NULL", "NAPTR", "DS", "RRSIG", "DNSKEY", "HINFO", "CAA", "MD", "ND", "MF", "MB", "MG", "MR", "WKS", "MINFO",
            "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP-PTR", "NSAPPT", "SIG", "KEY", "PX", "GPOS", "LOC", "NXT", "ATMA",
            "KX", "CERT", "A6", "DNAME", "OPT", "APL", "SSHFP", "IPSECKEY", "NSEC", "DHCID", "NSEC3", "NSEC3PARAM", "TLSA",
            "HIP", "CDS", "CDNSKEY", "CDSNKEY", "SPF", "TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "URI"};
    private static final int[] NUMBERS = {1, 28, 16, 5, 12, 15, 2, 6, 33, 65, 64, 255, 10, 35, 43, 46, 48, 13, 257, 3, 3, 4,
            7, 8, 9, 11, 14, 17, 18, 19, 20, 21, 22, 23, 23, 24, 25, 26, 27, 29, 30, 34, 36, 37, 38, 39, 41, 42, 44, 45, 47,
            49, 50, 51, 52, 55, 59, 60, 60, 99, 249, 250, 251, 252, 253, 254, 256};

    private static int mnemonic(String text, int start, int length) {
        for (int i = 0; i < NAMES.length; i++) {
            String name = NAMES[i];
            if (name.length() == length && text.regionMatches(true, start, name, 0, length)) return NUMBERS[i];
        }
        return DnsQuery.ABSENT;
    }
}
