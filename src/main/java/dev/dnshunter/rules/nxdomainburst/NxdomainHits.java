package dev.dnshunter.rules.nxdomainburst;

/** The counted queries of one identity at one instant, as keyed state holds them: their domains. */
public class NxdomainHits {
    public String[] domains = new String[0];

    public NxdomainHits() {}

    public NxdomainHits with(String domain) {
        NxdomainHits h = new NxdomainHits();
        h.domains = java.util.Arrays.copyOf(domains, domains.length + 1);
        h.domains[domains.length] = domain;
        return h;
    }
}
