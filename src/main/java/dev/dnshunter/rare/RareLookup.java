package dev.dnshunter.rare;

import dev.dnshunter.net.IpAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A rare lookup, one record per public address it resolved to, so that it can be keyed by (client, address) like
 * the flows it is correlated with.
 */
public class RareLookup {
    public long time;
    public String domain;
    public String clientIp;
    public String address;
    /**
     * The lookup's evidence, as {@link DnsLookup} carries it (fields added for POJO schema evolution: null or 0 in a
     * record restored from a savepoint of an earlier release).
     */
    public String queryName;
    public String[] answers;
    public int answersOmitted;

    /*
     * The addresses' IPv4 bits (-1: not a dotted quad) and the texts they were worked out from: a cache for the key
     * selector, which a backfill calls for one record several times. Transient: no part of the POJO type, so no part
     * of a savepoint.
     */
    private transient String clientIpv4Of;
    private transient long clientIpv4 = -1;
    private transient String addressIpv4Of;
    private transient long addressIpv4 = -1;

    public RareLookup() {}

    public RareLookup(long time, String domain, String clientIp, String address) {
        this.time = time;
        this.domain = domain;
        this.clientIp = clientIp;
        this.address = address;
    }

    /** A rare lookup of {@code lookup} for one of its public addresses, with the lookup's evidence. */
    public static RareLookup of(DnsLookup lookup, String address) {
        RareLookup r = new RareLookup(lookup.time, lookup.domain, lookup.clientIp, address);
        r.queryName = lookup.queryName;
        r.answers = lookup.answers;
        r.answersOmitted = lookup.answersOmitted;
        return r;
    }

    /** {@link IpAddress#ipv4Bits} of {@link #clientIp}, parsed once per text. */
    public long clientIpv4() {
        if (clientIp != clientIpv4Of) {
            clientIpv4 = IpAddress.ipv4Bits(clientIp);
            clientIpv4Of = clientIp;
        }
        return clientIpv4;
    }

    /** {@link IpAddress#ipv4Bits} of {@link #address}, parsed once per text. */
    public long addressIpv4() {
        if (address != addressIpv4Of) {
            addressIpv4 = IpAddress.ipv4Bits(address);
            addressIpv4Of = address;
        }
        return addressIpv4;
    }

    /** Sets {@link #clientIp} to the dotted quad of {@code bits}, known to be its bits. */
    public void clientFromIpv4(long bits) {
        clientIp = clientIpv4Of = IpAddress.ipv4Text(bits);
        clientIpv4 = bits;
    }

    /** Sets {@link #address} to the dotted quad of {@code bits}, known to be its bits. */
    public void addressFromIpv4(long bits) {
        address = addressIpv4Of = IpAddress.ipv4Text(bits);
        addressIpv4 = bits;
    }

    /**
     * What an alert lists of this lookup. A lookup restored from a savepoint of a release before evidence has no name
     * or answers: it is listed under its registrable domain, with the pair's address as its one answer.
     */
    public LookupEvidence evidence() {
        if (queryName == null) return new LookupEvidence(time, domain, new String[] {address}, 0);
        return new LookupEvidence(time, queryName, answers == null ? new String[0] : answers, answersOmitted);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RareLookup l)) return false;
        return time == l.time && Objects.equals(domain, l.domain) && Objects.equals(clientIp, l.clientIp)
                && Objects.equals(address, l.address) && Objects.equals(queryName, l.queryName)
                && Arrays.equals(answers, l.answers) && answersOmitted == l.answersOmitted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, domain, clientIp, address);
    }

    @Override
    public String toString() {
        return "RareLookup{" + time + " " + domain + " " + clientIp + " " + address + "}";
    }
}
