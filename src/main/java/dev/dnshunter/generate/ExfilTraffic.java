package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Volume exfiltration and its look-alikes, as normalized DNS queries (a separate room from the big generator, whose
 * data sets it does not change): a slow exfiltration (one 40-character base32 label a minute for 24 h: only the daily
 * tier sees it), a faster one that the hourly tier sees within the hour, and look-alikes that stay quiet: the same
 * few names asked over and over (a beaconing agent: few distinct subdomains), a CDN with short hashed labels (many
 * distinct names, little volume), and reverse lookups (ignored by definition).
 */
public final class ExfilTraffic {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final long MIN = 60_000L;

    private ExfilTraffic() {}

    public static List<DnsQuery> of(long start, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DnsQuery> out = new ArrayList<>();
        // Slow: one 40-character label a minute for 24 h + a bit; 60 per hour = 2,400 chars, under the hourly 4,000.
        for (int i = 0; i < 24 * 60 + 30; i++) {
            out.add(q(start + i * MIN, "10.50.0.7", base32(r, 40) + ".drip-exfil.net", 1));
        }
        // Fast: a 52-character label (two labels) every 10 s for 40 minutes: 4,000 chars after 77 queries.
        for (int i = 0; i < 240; i++) {
            out.add(q(start + 3 * 60 * MIN + i * 10_000L, "10.50.0.9", base32(r, 26) + "." + base32(r, 25) + ".burst-exfil.org", 16));
        }
        // ... with its apex asked in between (empty subdomain: judged, adds nothing).
        for (int i = 0; i < 40; i++) out.add(q(start + 3 * 60 * MIN + i * 61_000L + 5, "10.50.0.9", "burst-exfil.org", 1));
        // Beaconing agent: 3 long names again and again, all day.
        String[] beacons = {base32(r, 50), base32(r, 50), base32(r, 50)};
        for (int i = 0; i < 24 * 60; i++) out.add(q(start + i * MIN + 17, "10.50.0.11", beacons[i % 3] + ".telemetry-agent.com", 1));
        // CDN: many distinct short labels (8 characters), 200 per hour: distinct enough, not enough volume.
        for (int i = 0; i < 600; i++) out.add(q(start + i * 18_000L + 3, "10.50.0.12", "e" + base32(r, 7) + ".cdn-edge.com", 1));
        // Reverse lookups, long ones: ignored.
        for (int i = 0; i < 400; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < 32; j++) b.append(j == 0 ? "" : ".").append(Character.forDigit(r.nextInt(16), 16));
            out.add(q(start + i * 5_000L + 9, "10.50.0.13", b + ".ip6.arpa", 12));
        }
        return out;
    }

    private static DnsQuery q(long time, String client, String name, int type) {
        return new DnsQuery(time, client, null, name, type, 0, null, null, "dns-events", "DnsEvents", null);
    }

    private static String base32(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(BASE32.charAt(r.nextInt(32)));
        return b.toString();
    }
}
