package dev.dnshunter.event;

import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;

/** Picks the TXT lookups out of tables whose rows describe every kind of lookup. */
public final class TxtQueries {
    private static final String TXT_NUMBER = "16";

    private TxtQueries() {}

    /**
     * The TXT query a DnsEvents row describes, or null when it is not one. Whether the server answered does not matter:
     * a tunnel's queries are the signal, and failed ones are part of it. A row without a client address is dropped
     * rather than attributed to no one, since the rule counts per host. Never throws.
     */
    public static TxtQuery fromDnsEvent(DnsEvent e) {
        if (e == null || !DnsEventParser.LOOKUP_QUERY.equals(e.subType) || e.name == null || e.clientIp == null) {
            return null;
        }
        if (!isTxt(e.queryType)) return null;
        return new TxtQuery(e.time, AddressRules.canonicalOrRaw(e.clientIp), TxtQuery.DNS_EVENTS,
                DomainRules.normalise(e.name));
    }

    /** Exports write the type as its mnemonic or its number; a JSON number already arrives as its text. */
    static boolean isTxt(String queryType) {
        if (queryType == null) return false;
        String t = queryType.trim();
        return t.equalsIgnoreCase("TXT") || t.equals(TXT_NUMBER);
    }
}
