package dev.dnshunter.rules.txtburst;

import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import java.util.Locale;

/** Picks the TXT lookups the rule counts out of the DNS queries of any log. */
public final class TxtQueries {
    private TxtQueries() {}

    /**
     * The TXT query a DNS query describes, or null when it is not one. Whether the server answered does not matter: a
     * tunnel's queries are the signal, and failed ones are part of it. The host is the canonical client address when
     * the log has one, else the lowercased client host name (a blank address counts as none: Sysmon 22 has no address, only its host); a query with neither is dropped rather than attributed
     * to no one, since the rule counts per host. A record that repeats a request the log records apart (a Suricata
     * response) is not a query again. Never throws.
     */
    public static TxtQuery fromDnsQuery(DnsQuery q) {
        if (q == null || q.queryType != DnsQuery.TYPE_TXT || q.name == null || q.repeatsRequest) return null;
        String host;
        if (q.clientAddress != null && !q.clientAddress.isBlank()) {
            host = AddressRules.canonicalOrRaw(q.clientAddress);
        } else if (q.clientHost != null) {
            host = q.clientHost.toLowerCase(Locale.ROOT);
        } else {
            return null;
        }
        return new TxtQuery(q.time, host, q.source, DomainRules.normalise(q.name));
    }
}
