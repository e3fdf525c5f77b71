package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Name-based tunnel traffic and its look-alikes, as normalized DNS queries (a separate room from the big
 * generator): a dnscat2-like session (hex labels with a sequence number, several queries a second), an iodine-like
 * one (base32 labels up to 63 characters, NULL queries), CDN host names with hashed labels, reverse lookups (IPv4 and
 * IPv6), DKIM/SPF TXT lookups, and an antivirus-reputation-style service (many long hashed labels under one vendor
 * domain) that the rule fires on and {@code examples/exclusions.yaml} silences.
 */
public final class TunnelTraffic {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private TunnelTraffic() {}

    public static List<DnsQuery> of(long start, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DnsQuery> out = new ArrayList<>();
        // dnscat2-like: 4 queries a second for 2 minutes, TXT/CNAME/MX.
        int[] types = {16, 5, 15};
        for (int i = 0; i < 480; i++) {
            String label = String.format(Locale.ROOT, "%04x", i) + hex(r, 28);
            out.add(q(start + i * 250L, "10.40.0.7", label + ".c2-tunnel.net", types[i % 3]));
        }
        // iodine-like: base32 labels up to 63 characters, NULL (10) queries, one a second for 5 minutes.
        for (int i = 0; i < 300; i++) {
            out.add(q(start + 3_600_000L + i * 1000L, "10.40.0.9", base32(r, 40 + r.nextInt(24)) + ".t.iodine-zone.org", 10));
        }
        // CDN hashed host names: a few per page load, spread out; distinct names stay below the threshold per 5 min.
        for (int i = 0; i < 200; i++) {
            out.add(q(start + i * 45_000L, "10.40.0.11", "e" + hex(r, 10) + ".cdn-edge.com", 1));
        }
        // Reverse lookups, IPv4 and IPv6: ignored whatever their shape.
        for (int i = 0; i < 100; i++) {
            out.add(q(start + i * 100L, "10.40.0.12", (i % 250) + ".1.168.192.in-addr.arpa", 12));
            out.add(q(start + i * 100L + 1, "10.40.0.12", ipv6Reverse(r) + ".ip6.arpa", 12));
        }
        // DKIM and SPF TXT lookups by a mail server.
        for (int i = 0; i < 60; i++) {
            out.add(q(start + i * 5_000L, "10.40.0.25", "selector" + (i % 3) + "._domainkey.mail-partner" + (i % 20) + ".com", 16));
            out.add(q(start + i * 5_000L + 7, "10.40.0.25", "_spf.mail-partner" + (i % 20) + ".com", 16));
        }
        // An antivirus-reputation-style service: long hashed labels under one vendor domain, from every client.
        for (int i = 0; i < 40; i++) {
            out.add(q(start + 7_200_000L + i * 2_000L, "10.40.0.30", hex(r, 32) + "." + hex(r, 8) + ".avqs.av-vendor.com", 1));
        }
        return out;
    }

    private static DnsQuery q(long time, String client, String name, int type) {
        return new DnsQuery(time, client, null, name, type, 0, null, null, "dns-events", "DnsEvents", null);
    }

    private static String hex(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(Character.forDigit(r.nextInt(16), 16));
        // at least one digit and one letter
        b.setCharAt(0, 'a');
        b.setCharAt(n - 1, '7');
        return b.toString();
    }

    private static String base32(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(BASE32.charAt(r.nextInt(32)));
        return b.toString();
    }

    private static String ipv6Reverse(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i++) b.append(i == 0 ? "" : ".").append(Character.forDigit(r.nextInt(16), 16));
        return b.toString();
    }
}
