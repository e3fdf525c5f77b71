package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import java.util.Locale;

/**
 * How the reference detectors of the query rules read a query, spelled out once from the issues' text: its name, the
 * identity that asked it, and the name's domain and subdomain.
 */
final class ReferenceQueries {
    private ReferenceQueries() {}

    /** Who asked: the canonical client address, or else the lowercased host name. */
    record Identity(boolean byAddress, String id) {
        /** {@code clientIp} or {@code host}. */
        String kind() {
            return byAddress ? "clientIp" : "host";
        }
    }

    /** A query's name (see {@link #questionName}), who asked it, its registered domain and what comes before that. */
    record Question(String name, Identity who, String domain, String subdomain) {
        /** The (identity, domain) pair as one sortable key: kind, identity and domain, NUL between them. */
        String pairKey() {
            return who.kind() + "\u0000" + who.id() + "\u0000" + domain;
        }
    }

    /** The query as a {@link Question}, or null when it has no question name or no identity. */
    static Question question(DnsQuery q, DomainRules domains) {
        String name = questionName(q);
        Identity who = name == null ? null : identity(q);
        if (who == null) return null;
        String domain = domains.domainOf(name);
        return new Question(name, who, domain, subdomain(name, domain));
    }

    /** The query's name, lowercased and without a trailing dot; null when it has none. */
    static String name(DnsQuery q) {
        if (q.name == null) return null;
        String name = q.name.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@link #name}, or null when that is empty or under {@code arpa}. */
    static String questionName(DnsQuery q) {
        String name = name(q);
        return name == null || name.isEmpty() || name.equals("arpa") || name.endsWith(".arpa") ? null : name;
    }

    /** The query's identity, or null when it has neither a client address nor a host name. */
    static Identity identity(DnsQuery q) {
        if (q.clientAddress != null && !q.clientAddress.isBlank()) return new Identity(true, AddressRules.canonicalOrRaw(q.clientAddress.trim()));
        if (q.clientHost != null && !q.clientHost.isBlank()) return new Identity(false, q.clientHost.toLowerCase(Locale.ROOT));
        return null;
    }

    /** What {@code name} has before {@code domain}: empty when it is the domain itself or not under it. */
    static String subdomain(String name, String domain) {
        return name.equals(domain) || !name.endsWith("." + domain) ? "" : name.substring(0, name.length() - domain.length() - 1);
    }
}
