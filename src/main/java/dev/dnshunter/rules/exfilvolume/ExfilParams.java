package dev.dnshunter.rules.exfilvolume;

import java.io.Serializable;

/**
 * DnsExfiltrationVolume's parameters, with the defaults: {@code --exfil-hourly-chars 4000},
 * {@code --exfil-hourly-subdomains 30}, {@code --exfil-daily-chars 40000}, {@code --exfil-daily-subdomains 300},
 * {@code --exfil-max-subdomains 200000}. The windows and suppressions (1 h and 24 h) are the rule's definition.
 */
public record ExfilParams(long hourlyChars, int hourlySubdomains, long dailyChars, int dailySubdomains, int maxSubdomains)
        implements Serializable {

    public static final long HOUR = 3_600_000L;
    public static final long DAY = 24 * HOUR;

    public static final ExfilParams DEFAULTS = new ExfilParams(4_000, 30, 40_000, 300, 200_000);

    /** Throws IllegalArgumentException naming the flag when a value cannot work. */
    public ExfilParams {
        if (hourlyChars < 1) throw new IllegalArgumentException("--exfil-hourly-chars must be at least 1, got " + hourlyChars);
        if (hourlySubdomains < 1) throw new IllegalArgumentException("--exfil-hourly-subdomains must be at least 1, got " + hourlySubdomains);
        if (dailyChars < 1) throw new IllegalArgumentException("--exfil-daily-chars must be at least 1, got " + dailyChars);
        if (dailySubdomains < 1) throw new IllegalArgumentException("--exfil-daily-subdomains must be at least 1, got " + dailySubdomains);
        if (maxSubdomains < 1) throw new IllegalArgumentException("--exfil-max-subdomains must be at least 1, got " + maxSubdomains);
    }

    /** One tier: its label in alerts, window (= suppression) and thresholds. */
    public record Tier(int index, String label, long windowMillis, long minChars, int minSubdomains) implements Serializable {}

    /** The two tiers, hourly first. */
    public Tier[] tiers() {
        return new Tier[] {new Tier(0, "1h", HOUR, hourlyChars, hourlySubdomains), new Tier(1, "24h", DAY, dailyChars, dailySubdomains)};
    }
}
