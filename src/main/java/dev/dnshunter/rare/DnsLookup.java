package dev.dnshunter.rare;

import java.util.Arrays;
import java.util.Objects;

/** A qualifying lookup (a LookupQuery with answers), reduced to what the rare-domain rule needs. */
public class DnsLookup {
    public long time;
    /** Registrable domain of the queried name, by the active mode's rule. */
    public String domain;
    /** Client address in canonical form (or the raw text if it does not parse). */
    public String clientIp;
    /** Public resolved addresses, canonical, de-duplicated; may be empty (the lookup still counts for the baseline). */
    public String[] publicAddresses;

    public DnsLookup() {}

    public DnsLookup(long time, String domain, String clientIp, String[] publicAddresses) {
        this.time = time;
        this.domain = domain;
        this.clientIp = clientIp;
        this.publicAddresses = publicAddresses;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsLookup l)) return false;
        return time == l.time && Objects.equals(domain, l.domain) && Objects.equals(clientIp, l.clientIp)
                && Arrays.equals(publicAddresses, l.publicAddresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, domain, clientIp);
    }

    @Override
    public String toString() {
        return "DnsLookup{" + time + " " + domain + " " + clientIp + " " + Arrays.toString(publicAddresses) + "}";
    }
}
