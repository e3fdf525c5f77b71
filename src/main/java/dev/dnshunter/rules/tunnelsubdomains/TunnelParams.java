package dev.dnshunter.rules.tunnelsubdomains;

import java.io.Serializable;
import java.time.Duration;

/**
 * DnsTunnelingSubdomains' parameters, with the defaults: {@code --tunnel-min-subdomain 50},
 * {@code --tunnel-min-label 24}, {@code --tunnel-min-entropy 3.5}, {@code --tunnel-min-hex-label 16},
 * {@code --tunnel-names 15}, {@code --tunnel-window 5m}, {@code --tunnel-suppression 60m}; and
 * {@code --max-tunnel-queries 10000} (tunnel-shaped queries one identity and domain keep per window-aligned slot; beyond,
 * dropped and counted in the metric {@code tunnelQueriesOverCap}).
 */
public record TunnelParams(int minSubdomain, int minLabel, double minEntropy, int minHexLabel, int names, long windowMillis,
        long suppressionMillis, int maxQueries) implements Serializable {

    public static final TunnelParams DEFAULTS = new TunnelParams(50, 24, 3.5, 16, 15, Duration.ofMinutes(5).toMillis(),
            Duration.ofMinutes(60).toMillis(), 10_000);

    /** Throws IllegalArgumentException naming the flag when a value cannot work. */
    public TunnelParams {
        if (minSubdomain < 1) throw new IllegalArgumentException("--tunnel-min-subdomain must be at least 1, got " + minSubdomain);
        if (minLabel < 1) throw new IllegalArgumentException("--tunnel-min-label must be at least 1, got " + minLabel);
        if (!(minEntropy >= 0) || Double.isInfinite(minEntropy)) throw new IllegalArgumentException("--tunnel-min-entropy must be a non-negative number, got " + minEntropy);
        if (minHexLabel < 2) throw new IllegalArgumentException("--tunnel-min-hex-label must be at least 2, got " + minHexLabel);
        if (names < 1) throw new IllegalArgumentException("--tunnel-names must be at least 1, got " + names);
        if (windowMillis < 1) throw new IllegalArgumentException("--tunnel-window must be positive");
        if (suppressionMillis < 0) throw new IllegalArgumentException("--tunnel-suppression must not be negative");
        if (maxQueries < names) throw new IllegalArgumentException("--max-tunnel-queries must be at least --tunnel-names, got " + maxQueries);
    }
}
