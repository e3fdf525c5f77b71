package dev.dnshunter.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The synthetic organisation: its hosts, the Internet names they resolve with their popularity, and every address
 * handed out, so that nothing collides by accident. Built once per data set from its own random stream.
 */
final class Catalog {
    /** Ranks at or above this are looked up far more than 21 times a day at the default volume. */
    static final int POPULAR_RANKS = 100;
    private static final int GENERATED_SITES = 3_000;
    /** Steep enough that the head is common every day and the tail is seen a few times a week. */
    private static final double ZIPF_EXPONENT = 1.2;

    static final class Client {
        /** The address as flows carry it (canonical). */
        final String ip;
        /** The address as the DNS server logs it; IPv6 hosts are logged in full, upper-case form. */
        final String dnsIp;
        final String computer;
        /** VMs report their own connections (VMConnection); everything also crosses the firewall now and then. */
        final boolean vm;
        final boolean ipv6;
        final double activity;

        Client(String ip, String dnsIp, String computer, boolean vm, boolean ipv6, double activity) {
            this.ip = ip;
            this.dnsIp = dnsIp;
            this.computer = computer;
            this.vm = vm;
            this.ipv6 = ipv6;
            this.activity = activity;
        }
    }

    static final class Site {
        final int rank;
        /** Registrable domain as the generator intends it (the Public Suffix List agrees for every kind used). */
        final String domain;
        final String[] hosts;
        /** Public answers; CDN-hosted sites share some of these with other sites. */
        final String[] v4;
        final String[] v6;
        /** Answers no flow leaves for: private (internal, split-horizon) or sinkholed addresses. */
        final String[] nonPublic;

        Site(int rank, String domain, String[] hosts, String[] v4, String[] v6, String[] nonPublic) {
            this.rank = rank;
            this.domain = domain;
            this.hosts = hosts;
            this.v4 = v4;
            this.v6 = v6;
            this.nonPublic = nonPublic;
        }

        boolean popular() {
            return rank <= POPULAR_RANKS;
        }
    }

    // First octets of blocks that are ordinary unicast space under every rule set the job knows.
    static final int[] PUBLIC_FIRST_OCTETS = {
        13, 18, 20, 23, 31, 34, 35, 40, 44, 45, 46, 50, 51, 52, 54, 62, 64, 66, 69, 72, 74, 77, 78, 80, 81, 82, 85,
        88, 91, 93, 95, 104, 108, 128, 130, 137, 140, 142, 143, 146, 151, 152, 157, 159, 162, 163, 167, 172, 176,
        178, 185, 188, 193, 194, 195, 199, 204, 205, 207, 208, 209, 212, 213, 216, 217
    };
    // Global unicast prefixes of real hosting networks, clear of 2001::/23, 2001:db8::/32 and 2002::/16.
    private static final String[] V6_PREFIXES = {"2606:4700", "2a00:1450", "2620:1ec", "2a04:4e42", "2600:1f18",
        "2a01:111", "2604:a880", "2a03:2880"};
    private static final String[] VM_ROLES = {"web", "app", "db", "build", "batch", "api"};
    private static final String[] TLDS = {"com", "com", "com", "com", "com", "com", "com", "com", "com", "com", "com",
        "net", "net", "net", "org", "org", "io", "io", "de", "fr", "nl", "eu", "info", "app", "xyz", "dev", "ch", "se"};
    static final String[] SUBDOMAINS = {"api", "cdn", "mail", "login", "static", "img", "app", "m", "auth",
        "assets", "update", "files"};
    private static final String[] SYLLABLES = {"ba", "be", "bo", "ca", "co", "da", "de", "di", "do", "fa", "fi", "ga",
        "go", "ha", "ka", "ki", "ko", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "na", "ne", "ni", "no",
        "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve",
        "vi", "za", "zo", "tra", "pro", "sky", "net", "dat", "cor", "flex", "bit", "max", "pix", "sol", "ver"};
    private static final String[] WORD_ENDINGS = {"", "", "", "", "hub", "ly", "ify", "soft", "cloud", "data", "labs",
        "works", "media", "shop", "tech", "systems", "online", "group"};

    final List<Client> clients = new ArrayList<>();
    final List<Site> sites = new ArrayList<>();
    private final double[] cumulativeWeight;
    private final double[] cumulativeActivity;
    private final double popularShare;

    private final SplittableRandom rng;
    private final Set<String> usedDomains = new HashSet<>();
    private final Set<String> usedAddresses = new HashSet<>();
    private final String[] cdnPool;
    private int nextBucket = 1;
    private final Map<String, List<Site>> sitesByCdnAddress = new HashMap<>();

    Catalog(int clientCount, SplittableRandom rng) {
        this.rng = rng;
        makeClients(clientCount);
        cdnPool = new String[40];
        for (int i = 0; i < cdnPool.length; i++) cdnPool[i] = newPublicV4();
        makeWellKnownSites();
        while (sites.size() < GENERATED_SITES) sites.add(newTailSite(sites.size() + 1));

        Set<String> cdn = Set.of(cdnPool);
        for (Site site : sites) {
            for (String a : site.v4) if (cdn.contains(a)) sitesByCdnAddress.computeIfAbsent(a, k -> new ArrayList<>()).add(site);
        }

        cumulativeWeight = new double[sites.size()];
        double total = 0;
        double popular = 0;
        for (int i = 0; i < sites.size(); i++) {
            double w = 1.0 / StrictMath.pow(i + 1, ZIPF_EXPONENT);
            total += w;
            if (i + 1 <= POPULAR_RANKS) popular += w;
            cumulativeWeight[i] = total;
        }
        popularShare = popular / total;
        cumulativeActivity = new double[clients.size()];
        double activity = 0;
        for (int i = 0; i < clients.size(); i++) {
            activity += clients.get(i).activity;
            cumulativeActivity[i] = activity;
        }
    }

    /** The share of site lookups that go to popular sites. */
    double popularShare() {
        return popularShare;
    }

    Site randomSite(SplittableRandom r) {
        return sites.get(pick(cumulativeWeight, r));
    }

    /** Another catalog site behind one of {@code site}'s CDN addresses, or null if it shares none. */
    Site cdnSibling(Site site, SplittableRandom r) {
        for (String a : site.v4) {
            List<Site> group = sitesByCdnAddress.getOrDefault(a, List.of());
            if (group.size() < 2) continue;
            Site sibling = group.get(r.nextInt(group.size()));
            if (sibling != site) return sibling;
        }
        return null;
    }

    Client randomClient(SplittableRandom r) {
        return clients.get(pick(cumulativeActivity, r));
    }

    private static int pick(double[] cumulative, SplittableRandom r) {
        double x = r.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        return Math.min(cumulative.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    private void makeClients(int count) {
        int v6 = Math.max(2, count / 40);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < count; i++) {
            boolean ipv6 = i >= count - v6;
            boolean vm = ipv6 ? i % 2 == 0 : rng.nextDouble() < 0.3;
            double activity = StrictMath.exp(0.7 * Gaussian.next(rng));
            String ip;
            String dnsIp;
            String computer;
            if (ipv6) {
                int subnet;
                int host;
                do {
                    subnet = 1 + rng.nextInt(8);
                    host = 0x10 + rng.nextInt(0xfff0);
                    ip = String.format(Locale.ROOT, "fd10:20:30:%x::%x", subnet, host);
                } while (!used.add(ip));
                dnsIp = String.format(Locale.ROOT, "FD10:0020:0030:%04X:0000:0000:0000:%04X", subnet, host);
                computer = String.format(Locale.ROOT, vm ? "vm-lab-%03d" : "WKS6-%04d", i);
            } else {
                do {
                    ip = vm
                            ? "10.1." + rng.nextInt(16) + "." + (4 + rng.nextInt(250))
                            : "10." + (20 + rng.nextInt(8)) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
                } while (!used.add(ip));
                dnsIp = ip;
                computer = vm
                        ? String.format(Locale.ROOT, "vm-%s-%03d", VM_ROLES[rng.nextInt(VM_ROLES.length)], i)
                        : String.format(Locale.ROOT, "WKS-%04d.corp.contoso.com", i);
            }
            clients.add(new Client(ip, dnsIp, computer, vm, ipv6, activity));
        }
    }

    private void makeWellKnownSites() {
        addWellKnown("microsoft.com", new String[] {"www.microsoft.com", "login.microsoft.com", "graph.microsoft.com",
            "update.microsoft.com"}, 3, true);
        addInternal();
        addWellKnown("windowsupdate.com", new String[] {"download.windowsupdate.com", "ctldl.windowsupdate.com"}, 2, false);
        addWellKnown("office.com", new String[] {"outlook.office.com", "www.office.com", "substrate.office.com"}, 3, true);
        addWellKnown("google.com", new String[] {"www.google.com", "accounts.google.com", "mail.google.com"}, 2, true);
        addWellKnown("googleapis.com", new String[] {"www.googleapis.com", "storage.googleapis.com", "fonts.googleapis.com"}, 3, true);
        addWellKnown("shop.co.uk", new String[] {"www.shop.co.uk", "mail.shop.co.uk", "shop.co.uk"}, 2, false);
        addWellKnown("cloudflare.com", new String[] {"www.cloudflare.com", "dash.cloudflare.com"}, 2, true);
        addWellKnown("amazonaws.com", new String[] {"ec2.us-east-1.amazonaws.com", "sts.amazonaws.com",
            "dynamodb.eu-west-1.amazonaws.com"}, 4, false);
        addWellKnown("github.com", new String[] {"github.com", "api.github.com", "codeload.github.com"}, 2, false);
        addWellKnown("akamaiedge.net", new String[] {"e1234.a.akamaiedge.net", "e6789.dscb.akamaiedge.net"}, 3, true);
        addWellKnown("slack.com", new String[] {"slack.com", "app.slack.com", "wss-primary.slack.com"}, 2, false);
        addWellKnown("zoom.us", new String[] {"zoom.us", "us04web.zoom.us"}, 2, false);
        addWellKnown("okta.com", new String[] {"contoso.okta.com", "login.okta.com"}, 2, false);
        addWellKnown("bbc.co.uk", new String[] {"www.bbc.co.uk", "static.bbc.co.uk"}, 2, true);
        addWellKnown("digicert.com", new String[] {"ocsp.digicert.com", "crl3.digicert.com"}, 2, false);
        addWellKnown("apple.com", new String[] {"www.apple.com", "swscan.apple.com"}, 2, true);
        addWellKnown("salesforce.com", new String[] {"login.salesforce.com", "contoso.my.salesforce.com"}, 2, false);
        addWellKnown("linkedin.com", new String[] {"www.linkedin.com", "static.licdn.linkedin.com"}, 2, true);
        addWellKnown("adobe.com", new String[] {"www.adobe.com", "cc-api-data.adobe.com"}, 2, false);
    }

    private void addWellKnown(String domain, String[] hosts, int v4Count, boolean withV6) {
        usedDomains.add(domain);
        String[] v4 = new String[v4Count];
        for (int i = 0; i < v4Count; i++) v4[i] = newPublicV4();
        String[] v6 = withV6 ? new String[] {newPublicV6(), newPublicV6()} : new String[0];
        sites.add(new Site(sites.size() + 1, domain, hosts, v4, v6, new String[0]));
    }

    /** The organisation's own zone: looked up constantly, answered with private addresses only. */
    private void addInternal() {
        usedDomains.add("contoso.com");
        String[] hosts = {"dc01.corp.contoso.com", "fs01.corp.contoso.com", "intranet.corp.contoso.com",
            "sql02.corp.contoso.com", "print.corp.contoso.com", "wsus.corp.contoso.com"};
        String[] addresses = {"10.0.0.10", "10.0.0.11", "10.0.4.20", "192.168.10.5", "172.16.3.40"};
        sites.add(new Site(sites.size() + 1, "contoso.com", hosts, new String[0], new String[0], addresses));
    }

    /** A site in the long tail; a few are the traps that make domain and address rules matter. */
    private Site newTailSite(int rank) {
        double kind = rng.nextDouble();
        if (rank == 400) {
            // A co.uk sibling of the popular shop.co.uk: the two must never be counted as one domain.
            usedDomains.add("news.co.uk");
            return new Site(rank, "news.co.uk", new String[] {"www.news.co.uk", "news.co.uk"},
                    new String[] {newPublicV4()}, new String[0], new String[0]);
        }
        if (kind < 0.04) {
            String domain = newDomain("co.uk");
            return new Site(rank, domain, hostsOf(domain), publicV4s(1 + rng.nextInt(2)), new String[0], new String[0]);
        }
        if (kind < 0.07) {
            // Each S3 bucket is its own registrable domain (s3.amazonaws.com is a public suffix).
            String domain = "bucket" + nextBucket++ + ".s3.amazonaws.com";
            usedDomains.add(domain);
            return new Site(rank, domain, new String[] {domain}, publicV4s(2), new String[0], new String[0]);
        }
        if (kind < 0.08) {
            // Split horizon: one public answer and one private one in the same response.
            String domain = newDomain(tld());
            return new Site(rank, domain, hostsOf(domain), publicV4s(1), new String[0], new String[] {privateV4()});
        }
        if (kind < 0.09) {
            // Sinkholed by the resolver: only the KQL rule, which knows RFC 1918 alone, calls these public.
            String domain = newDomain(tld());
            return new Site(rank, domain, hostsOf(domain), new String[0], new String[0],
                    new String[] {rng.nextBoolean() ? "127.0.0.1" : "0.0.0.0"});
        }
        return newGenericSite(rank, newDomain(tld()));
    }

    /** An ordinary site; a tenth sit behind a shared CDN address, so one flow can belong to several domains. */
    Site newGenericSite(int rank, String domain) {
        String[] v4 = publicV4s(1 + rng.nextInt(3));
        if (rng.nextDouble() < 0.1) v4[rng.nextInt(v4.length)] = cdnPool[rng.nextInt(cdnPool.length)];
        String[] v6 = rng.nextDouble() < 0.15 ? new String[] {newPublicV6()} : new String[0];
        return new Site(rank, domain, hostsOf(domain), v4, v6, new String[0]);
    }

    /** A site nobody has looked up before, for the tail of one-off names. */
    Site newFreshSite() {
        return newGenericSite(Integer.MAX_VALUE, newDomain(tld()));
    }

    private String[] hostsOf(String domain) {
        List<String> hosts = new ArrayList<>();
        hosts.add("www." + domain);
        hosts.add(domain);
        int extra = rng.nextInt(3);
        for (int i = 0; i < extra; i++) {
            String h = SUBDOMAINS[rng.nextInt(SUBDOMAINS.length)] + "." + domain;
            if (!hosts.contains(h)) hosts.add(h);
        }
        return hosts.toArray(new String[0]);
    }

    private String tld() {
        return TLDS[rng.nextInt(TLDS.length)];
    }

    /** A registrable domain under {@code suffix} that no other site uses. */
    String newDomain(String suffix) {
        while (true) {
            StringBuilder label = new StringBuilder();
            int syllables = 2 + rng.nextInt(3);
            for (int i = 0; i < syllables; i++) label.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
            label.append(WORD_ENDINGS[rng.nextInt(WORD_ENDINGS.length)]);
            if (rng.nextDouble() < 0.05) label.append(rng.nextInt(100));
            String domain = label + "." + suffix;
            if (usedDomains.add(domain)) return domain;
        }
    }

    /** Reserves a domain name that is not in use. */
    boolean reserveDomain(String domain) {
        return usedDomains.add(domain);
    }

    int newBucketNumber() {
        return nextBucket++;
    }

    private String[] publicV4s(int n) {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) a[i] = newPublicV4();
        return a;
    }

    /** A public IPv4 address not handed out before. */
    String newPublicV4() {
        while (true) {
            int first = PUBLIC_FIRST_OCTETS[rng.nextInt(PUBLIC_FIRST_OCTETS.length)];
            int second = rng.nextInt(256);
            // 172.16.0.0/12 is private; the rest of 172/8 is not.
            if (first == 172 && second >= 16 && second < 32) continue;
            String a = first + "." + second + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
            if (usedAddresses.add(a)) return a;
        }
    }

    String newPublicV6() {
        while (true) {
            String a = V6_PREFIXES[rng.nextInt(V6_PREFIXES.length)] + ":" + Integer.toHexString(1 + rng.nextInt(0xfffe))
                    + "::" + Integer.toHexString(1 + rng.nextInt(0xfffe));
            if (usedAddresses.add(a)) return a;
        }
    }

    private String privateV4() {
        switch (rng.nextInt(3)) {
            case 0: return "10.50." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
            case 1: return "192.168." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
            default: return "172.20." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
        }
    }

    /** Standard normal variates by Box-Muller, written out so the data set does not change with the JDK. */
    static final class Gaussian {
        private Gaussian() {}

        static double next(SplittableRandom r) {
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
        }
    }
}
