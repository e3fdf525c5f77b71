package dev.dnshunter.rules.nxdomainburst;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.SubdomainQuery;

/**
 * Which queries DnsNxdomainBurst counts, by the shared definitions ({@link SubdomainQuery}): response code NXDOMAIN
 * (3; the Sysmon adapter maps {@code QueryStatus} 9003 to it), type A (1), AAAA (28) or unknown, and a name that is
 * not under {@code arpa} or {@code local}, has at least two labels and does not end in an internal suffix (equal to
 * it or under it). Pure Java.
 */
public final class NxdomainQueries {
    private NxdomainQueries() {}

    public static final int NXDOMAIN = 3;

    /** The counted query, or null. */
    public static SubdomainQuery counted(DnsQuery q, DomainRules domains, NxdomainParams p) {
        if (q == null || q.responseCode != NXDOMAIN) return null;
        if (q.queryType != 1 && q.queryType != 28 && q.queryType != DnsQuery.ABSENT) return null;
        SubdomainQuery s = SubdomainQuery.of(q, domains);
        if (s == null || !counts(s.name, p)) return null;
        return s;
    }

    /** Whether a normalised name counts: not under arpa or local, not single-label, not under an internal suffix. */
    public static boolean counts(String name, NxdomainParams p) {
        if (name.indexOf('.') < 0) return false;
        if (under(name, "arpa") || under(name, "local")) return false;
        for (String suffix : p.internalSuffixes()) if (under(name, suffix)) return false;
        return true;
    }

    static boolean under(String name, String suffix) {
        return name.equals(suffix) || (name.endsWith(suffix) && name.length() > suffix.length()
                && name.charAt(name.length() - suffix.length() - 1) == '.');
    }

    /** The identity key: kind, then identity (addresses and host names are separate identities). */
    public static String key(SubdomainQuery q) {
        return (q.byAddress ? "a" : "h") + q.identity;
    }
}
