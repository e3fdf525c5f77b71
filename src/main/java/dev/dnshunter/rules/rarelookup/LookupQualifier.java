package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Keeps the lookups the rule counts (a query answered with at least one address: for DnsEvents a LookupQuery with a
 * non-blank IPAddresses) and reduces each to its domain, canonical client and public answers.
 */
public class LookupQualifier extends RichFlatMapFunction<DnsQuery, DnsLookup> {
    private static final long serialVersionUID = 1L;

    /**
     * Names repeat heavily (about 6 lookups per distinct spelling in the generated data), and the Public Suffix List
     * costs about 0.4 µs a name. The last two labels of {@code --kql-compatible} cost less than the cache's lookup
     * (a profile at 10 M events: the cache's hash map 10 % of the DNS source's samples), so that mode has no cache.
     */
    private static final int DOMAIN_CACHE_LIMIT = 200_000;

    private final DetectionConfig config;
    private transient DomainRules domains;
    private transient java.util.HashMap<String, KnownDomain> domainCache;

    public LookupQualifier(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        domains = DomainRulesLoader.load(config);
        domainCache = config.mode() == DetectionMode.KQL_COMPATIBLE ? null : new java.util.HashMap<>();
    }

    @Override
    public void flatMap(DnsQuery q, Collector<DnsLookup> out) {
        if (q == null || !q.hasAddresses() || q.name == null || q.name.isBlank()) return;
        KnownDomain d = domainOf(q.name);
        if (q.clientAddress == null || q.clientAddress.isBlank()) {
            // A log without client addresses (Sysmon 22): the lookup counts for the domain's baseline, but it can
            // never be paired with a flow, so it carries no client and no addresses (no verdict, no correlator key).
            out.collect(new DnsLookup(q.time, d.domain, d.key, NO_CLIENT, NO_ADDRESSES));
            return;
        }
        String[] publicAddresses = AddressRules.publicAddresses(q.addresses, config.mode());
        DnsLookup lookup = new DnsLookup(q.time, d.domain, d.key, AddressRules.canonicalOrRaw(q.clientAddress), publicAddresses);
        // Only a lookup with a public answer can be rare and listed in an alert: the others carry no evidence.
        out.collect(publicAddresses.length == 0 ? lookup : lookup.withEvidence(q.name, q.addresses));
    }

    /** The client of a lookup whose log has none, as in a baseline-only tally ({@link DnsLookup#tally}). */
    static final String NO_CLIENT = "";
    private static final String[] NO_ADDRESSES = new String[0];

    private KnownDomain domainOf(String name) {
        if (domainCache == null) {
            String domain = domains.domainOf(name);
            return new KnownDomain(domain, PartitionKey.ofDomain(domain));
        }
        KnownDomain known = domainCache.get(name);
        if (known == null) {
            // Clearing is crude but bounded, and a working set of names refills it within moments.
            if (domainCache.size() >= DOMAIN_CACHE_LIMIT) domainCache.clear();
            String domain = domains.domainOf(name);
            known = new KnownDomain(domain, PartitionKey.ofDomain(domain));
            domainCache.put(name, known);
        }
        return known;
    }

    /** A name's registrable domain and its partition key (a SHA-256 for a domain longer than 16 characters). */
    private record KnownDomain(String domain, Tuple2<Long, Long> key) {}
}
