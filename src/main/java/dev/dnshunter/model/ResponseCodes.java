package dev.dnshunter.model;

/** DNS response code numbers (RFC 1035, 2136, 6895) from the names logs write them as. */
public final class ResponseCodes {
    private ResponseCodes() {}

    private static final String[] NAMES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN",
            "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

    /**
     * The number of a response code written as its mnemonic (any case; {@code NOERROR} 0 … {@code NOTZONE} 10) or as a
     * decimal number up to 65535 (what Suricata writes for a code it has no name for); anything else, null included, is
     * {@link DnsQuery#ABSENT}. Allocates nothing.
     */
    public static int of(String text) {
        if (text == null || text.isEmpty()) return DnsQuery.ABSENT;
        char first = text.charAt(0);
        if (first >= '0' && first <= '9') {
            if (text.length() > 5 || (first == '0' && text.length() > 1)) return DnsQuery.ABSENT;
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') return DnsQuery.ABSENT;
                n = n * 10 + (c - '0');
            }
            return n > 65_535 ? DnsQuery.ABSENT : n;
        }
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i].equalsIgnoreCase(text)) return i;
        return DnsQuery.ABSENT;
    }

    /** The mnemonic of a response code number ({@code 3} → {@code NXDOMAIN}), or the number as text beyond {@code NOTZONE}. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : Integer.toString(code);
    }
}
