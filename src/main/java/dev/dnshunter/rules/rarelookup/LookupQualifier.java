package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import dev.dnshunter.config.DetectionConfig;
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

    private final DetectionConfig config;
    private transient DomainRules domains;

    public LookupQualifier(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        domains = DomainRulesLoader.load(config);
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

    /**
     * No cache of names here: the other rules of the job ask for the same name's domain right after this one, and
     * {@link DomainRules#domainOf} answers them from its memo of the last name; a hash map of names cost more than
     * the Public Suffix List's lookup (profiles at 10 M events, docs/performance.md).
     */
    private KnownDomain domainOf(String name) {
        String domain = domains.domainOf(name);
        return new KnownDomain(domain, PartitionKey.ofDomain(domain));
    }

    /** A name's registrable domain and its partition key (a SHA-256 for a domain longer than 16 characters). */
    private record KnownDomain(String domain, Tuple2<Long, Long> key) {}
}
