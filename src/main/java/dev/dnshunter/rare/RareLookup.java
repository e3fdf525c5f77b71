package dev.dnshunter.rare;

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

    public RareLookup() {}

    public RareLookup(long time, String domain, String clientIp, String address) {
        this.time = time;
        this.domain = domain;
        this.clientIp = clientIp;
        this.address = address;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RareLookup l)) return false;
        return time == l.time && Objects.equals(domain, l.domain) && Objects.equals(clientIp, l.clientIp)
                && Objects.equals(address, l.address);
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
