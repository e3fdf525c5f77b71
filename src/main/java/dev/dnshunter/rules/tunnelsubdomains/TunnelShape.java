package dev.dnshunter.rules.tunnelsubdomains;

/** Whether a query's subdomain looks like data rather than a host name, by the rule's three tests. Pure Java. */
public final class TunnelShape {
    private TunnelShape() {}

    /**
     * Tunnel-shaped: the subdomain is at least {@code minSubdomain} characters long, or it has a label of at least
     * {@code minLabel} characters whose Shannon entropy (bits per character over the label's own character
     * frequencies) is at least {@code minEntropy}, or a label of at least {@code minHexLabel} characters made only of
     * hexadecimal digits with at least one digit and at least one letter.
     */
    public static boolean test(String subdomain, TunnelParams p) {
        if (subdomain == null || subdomain.isEmpty()) return false;
        if (subdomain.length() >= p.minSubdomain()) return true;
        int start = 0;
        while (start <= subdomain.length()) {
            int end = subdomain.indexOf('.', start);
            if (end < 0) end = subdomain.length();
            int len = end - start;
            if (len >= p.minLabel() && entropy(subdomain, start, end) >= p.minEntropy()) return true;
            if (len >= p.minHexLabel() && mixedHex(subdomain, start, end)) return true;
            start = end + 1;
        }
        return false;
    }

    /** Shannon entropy in bits per character of {@code s[start, end)}; 0 for an empty range. */
    public static double entropy(String s, int start, int end) {
        int n = end - start;
        if (n <= 0) return 0;
        java.util.HashMap<Character, Integer> counts = new java.util.HashMap<>();
        for (int i = start; i < end; i++) counts.merge(s.charAt(i), 1, Integer::sum);
        double h = 0;
        for (int c : counts.values()) {
            double f = (double) c / n;
            h -= f * (Math.log(f) / Math.log(2));
        }
        return h;
    }

    static boolean mixedHex(String s, int start, int end) {
        boolean digit = false;
        boolean letter = false;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if (c >= 'a' && c <= 'f') letter = true;
            else return false;
        }
        return digit && letter;
    }
}
