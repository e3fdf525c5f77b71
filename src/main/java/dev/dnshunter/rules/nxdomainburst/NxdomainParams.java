package dev.dnshunter.rules.nxdomainburst;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * DnsNxdomainBurst's parameters, with the defaults: {@code --nxdomain-domains 25}, {@code --nxdomain-window 1h},
 * {@code --nxdomain-suppression 60m}, {@code --internal-suffix} (repeatable, none by default) and
 * {@code --max-nxdomain-queries 10000} (counted queries one identity keeps within the window; beyond, dropped and
 * counted in the metric {@code nxdomainQueriesOverCap}).
 */
public record NxdomainParams(int domains, long windowMillis, long suppressionMillis, List<String> internalSuffixes,
        int maxQueries) implements Serializable {

    public static final NxdomainParams DEFAULTS = new NxdomainParams(25, Duration.ofHours(1).toMillis(),
            Duration.ofMinutes(60).toMillis(), List.of(), 10_000);

    /** Throws IllegalArgumentException naming the flag when a value cannot work; suffixes are normalised. */
    public NxdomainParams {
        if (domains < 1) throw new IllegalArgumentException("--nxdomain-domains must be at least 1, got " + domains);
        if (windowMillis < 1) throw new IllegalArgumentException("--nxdomain-window must be positive");
        if (suppressionMillis < 0) throw new IllegalArgumentException("--nxdomain-suppression must not be negative");
        if (maxQueries < domains) throw new IllegalArgumentException("--max-nxdomain-queries must be at least --nxdomain-domains, got " + maxQueries);
        java.util.ArrayList<String> s = new java.util.ArrayList<>();
        for (String x : internalSuffixes) {
            String n = x.trim().toLowerCase(Locale.ROOT);
            while (n.startsWith(".")) n = n.substring(1);
            while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
            if (n.isEmpty()) throw new IllegalArgumentException("--internal-suffix must not be empty");
            s.add(n);
        }
        internalSuffixes = List.copyOf(s);
    }

    public NxdomainParams withInternalSuffixes(List<String> suffixes) {
        return new NxdomainParams(domains, windowMillis, suppressionMillis, suffixes, maxQueries);
    }
}
