package dev.dnshunter.rules;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.IpAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A DNS query as the name-based rules (DnsTunnelingSubdomains, DnsExfiltrationVolume) read it, by the definitions
 * they share: the <em>name</em> lowercased with one trailing dot removed; its <em>domain</em> by the active mode's
 * rule; its <em>subdomain</em> (the name without the domain and the dot before it, empty when the name is its own
 * domain); the <em>identity</em>, the client address (canonical) when the event has one, else the client host name
 * lowercased. Every query type counts, answered or not. Pure Java.
 */
public class SubdomainQuery {
    public long time;
    /** The canonical client address, or the lowercased host name when {@link #byAddress} is false. */
    public String identity;
    public boolean byAddress;
    public String name;
    public String domain;
    /** Empty when the name is its own domain. */
    public String subdomain;
    /** {@link DnsQuery#ABSENT} when the source has none. */
    public int queryType;

    /* The identity's IPv4 bits and the text they were worked out from: a cache for the backfill's sort key. */
    private transient String identityIpv4Of;
    private transient long identityIpv4 = -1;

    public SubdomainQuery() {}

    public SubdomainQuery(long time, String identity, boolean byAddress, String name, String domain, String subdomain, int queryType) {
        this.time = time;
        this.identity = identity;
        this.byAddress = byAddress;
        this.name = name;
        this.domain = domain;
        this.subdomain = subdomain;
        this.queryType = queryType;
    }

    /**
     * The query by the shared definitions, or null when the rules ignore it: no name, no identity, or a name under
     * {@code arpa} (reverse lookups). Never throws.
     */
    public static SubdomainQuery of(DnsQuery q, DomainRules domains) {
        if (q == null || q.name == null) return null;
        String name = DomainRules.normalise(q.name);
        if (name.isEmpty() || name.equals("arpa") || name.endsWith(".arpa")) return null;
        String identity;
        boolean byAddress;
        if (q.clientAddress != null && !q.clientAddress.isBlank()) {
            identity = AddressRules.canonicalOrRaw(q.clientAddress.trim());
            byAddress = true;
        } else if (q.clientHost != null && !q.clientHost.isBlank()) {
            identity = q.clientHost.toLowerCase(Locale.ROOT);
            byAddress = false;
        } else {
            return null;
        }
        String domain = domains.domainOf(name);
        String subdomain = subdomainOf(name, domain);
        return new SubdomainQuery(q.time, identity, byAddress, name, domain, subdomain, q.queryType);
    }

    /**
     * The query as the rules that count questions read it ({@link #of}), or null also for a record that repeats a
     * request the log records apart ({@link DnsQuery#repeatsRequest}: a Suricata response), so that an exchange
     * counts once.
     */
    public static SubdomainQuery ofQuestion(DnsQuery q, DomainRules domains) {
        return q == null || q.repeatsRequest ? null : of(q, domains);
    }

    /** {@code name} without {@code domain} and the dot before it; empty when the name is its own domain. */
    public static String subdomainOf(String name, String domain) {
        if (name.length() > domain.length() + 1 && name.endsWith(domain) && name.charAt(name.length() - domain.length() - 1) == '.') {
            return name.substring(0, name.length() - domain.length() - 1);
        }
        return "";
    }

    /**
     * The (identity, domain) key: addresses and host names are separate identities. Unambiguous whatever characters
     * the parts hold: kind, identity length, ':', identity, domain.
     */
    public String key() {
        return (byAddress ? "a" : "h") + identity.length() + ':' + identity + domain;
    }

    /**
     * The key a backfill sorts by: {@link #key()}, shorter when the identity is an IPv4 address (kind {@code A}, then
     * its 32 bits as five 7-bit characters, then the domain), which most are. Flink's sorter compares the many records
     * of one key byte by byte, so the key's length is paid on every comparison (docs/performance.md). Streaming keeps
     * {@link #key()}: its keys name the state of every savepoint. {@link Key#parse} reads both.
     */
    public String sortKey() {
        long bits = identityIpv4();
        if (bits < 0) return key();
        char[] k = new char[1 + IPV4_CHARS + domain.length()];
        k[0] = 'A';
        for (int i = 0; i < IPV4_CHARS; i++) k[1 + i] = (char) ((bits >>> (7 * (IPV4_CHARS - 1 - i))) & 0x7f);
        domain.getChars(0, domain.length(), k, 1 + IPV4_CHARS);
        return new String(k);
    }

    private static final int IPV4_CHARS = 5;

    /**
     * The identity's 32 bits when it is an address and a dotted quad, else -1; parsed once per identity text (a
     * backfill selects a query's sort key three times: to send it, to sort it and to process it).
     */
    public long identityIpv4() {
        if (!byAddress) return -1;
        if (identity != identityIpv4Of) {
            identityIpv4 = IpAddress.ipv4Bits(identity);
            identityIpv4Of = identity;
        }
        return identityIpv4;
    }

    /** Sets {@link #identity} to the dotted quad of {@code bits}, known to be its bits. */
    public void identityFromIpv4(long bits) {
        identity = identityIpv4Of = IpAddress.ipv4Text(bits);
        identityIpv4 = bits;
    }

    /** The parts of a {@link #key()} or a {@link #sortKey()}. */
    public record Key(boolean byAddress, String identity, String domain) {
        public static Key parse(String key) {
            if (key.charAt(0) == 'A') {
                long bits = 0;
                for (int i = 1; i <= IPV4_CHARS; i++) bits = bits << 7 | key.charAt(i);
                // The strict parser accepts only the canonical dotted quad, so the identity is written back exactly.
                return new Key(true, IpAddress.fromIpv4Bits(bits).canonical(), key.substring(1 + IPV4_CHARS));
            }
            int colon = key.indexOf(':');
            int length = Integer.parseInt(key.substring(1, colon));
            return new Key(key.charAt(0) == 'a', key.substring(colon + 1, colon + 1 + length), key.substring(colon + 1 + length));
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SubdomainQuery q)) return false;
        return time == q.time && byAddress == q.byAddress && queryType == q.queryType && Objects.equals(identity, q.identity)
                && Objects.equals(name, q.name) && Objects.equals(domain, q.domain) && Objects.equals(subdomain, q.subdomain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, identity, name);
    }

    @Override
    public String toString() {
        return "SubdomainQuery{" + time + " " + (byAddress ? "ip " : "host ") + identity + " " + name + " type=" + queryType + "}";
    }
}
