package dev.dnshunter.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bench data set's organisation: N clients with a skewed activity and a universe of synthetic registrable domains
 * whose names, host names and addresses are functions of their index and the seed, so nothing is kept per domain but
 * a small cache.
 */
final class BenchUniverse {
    /**
     * The head of the popularity ranking; contoso.com is the organisation's own zone, answered privately. Only names
     * whose registrable domain the Public Suffix List puts where it seems (not storage.googleapis.com, say, which is
     * one of its own), so that the domains counted are the domains the job sees.
     */
    static final String[][] WELL_KNOWN = {
        {"microsoft.com", "www.microsoft.com", "login.microsoft.com", "graph.microsoft.com", "update.microsoft.com"},
        {"contoso.com", "dc01.corp.contoso.com", "fs01.corp.contoso.com", "intranet.corp.contoso.com",
            "sql02.corp.contoso.com", "wsus.corp.contoso.com"},
        {"google.com", "www.google.com", "accounts.google.com", "mail.google.com"},
        {"office.com", "outlook.office.com", "www.office.com", "substrate.office.com"},
        {"windowsupdate.com", "download.windowsupdate.com", "ctldl.windowsupdate.com"},
        {"gstatic.com", "www.gstatic.com", "fonts.gstatic.com", "ssl.gstatic.com"},
        {"cloudflare.com", "www.cloudflare.com", "dash.cloudflare.com"},
        {"amazonaws.com", "sts.amazonaws.com", "iam.amazonaws.com"},
        {"github.com", "github.com", "api.github.com", "codeload.github.com"},
        {"dropbox.com", "www.dropbox.com", "client.dropbox.com"},
        {"slack.com", "slack.com", "app.slack.com", "wss-primary.slack.com"},
        {"zoom.us", "zoom.us", "us04web.zoom.us"},
        {"okta.com", "contoso.okta.com", "login.okta.com"},
        {"bbc.co.uk", "www.bbc.co.uk", "static.bbc.co.uk"},
        {"digicert.com", "ocsp.digicert.com", "crl3.digicert.com"},
        {"apple.com", "www.apple.com", "swscan.apple.com"},
        {"salesforce.com", "login.salesforce.com", "contoso.my.salesforce.com"},
        {"linkedin.com", "www.linkedin.com", "static.licdn.linkedin.com"},
        {"adobe.com", "www.adobe.com", "cc-api-data.adobe.com"},
        {"shop.co.uk", "www.shop.co.uk", "mail.shop.co.uk", "shop.co.uk"},
    };
    static final int INTERNAL = 1;
    /** Real public suffixes, com most of all; several have two labels, which the registrable domain must respect. */
    private static final String[] SUFFIXES = {"com", "com", "com", "com", "com", "com", "com", "com", "com", "com",
        "net", "net", "net", "org", "org", "io", "de", "de", "co.uk", "co.uk", "fr", "nl", "eu", "info", "app", "xyz",
        "dev", "ch", "se", "com.au", "co.jp", "com.br", "es", "it", "pl", "ca"};
    /**
     * Labels are consonant-vowel syllables, so every label has even length, and no ending is a run of such syllables
     * followed by another ending (none is even made of them): a label therefore reads back to exactly one index, and
     * distinct indices are distinct domains without any set of names used so far.
     */
    private static final String CONSONANTS = "bcdfghjklmnprstvz";
    private static final String VOWELS = "aeiou";
    private static final String[] ENDINGS = {"", "", "", "", "", "hub", "ly", "ify", "soft", "cloud", "labs", "works",
        "tech", "shop", "group", "online", "net", "app", "io"};
    private static final String[] VM_ROLES = {"web", "app", "db", "build", "batch", "api"};
    /** Exfiltration addresses come from a first octet no benign answer uses, so no benign flow can hit one. */
    static final int ATTACK_FIRST_OCTET = 185;
    private static final int[] BENIGN_FIRST_OCTETS =
            Arrays.stream(Catalog.PUBLIC_FIRST_OCTETS).filter(o -> o != ATTACK_FIRST_OCTET).toArray();
    private static final int CDN_ADDRESSES = 64;
    private static final int CACHED_DOMAINS = 16_384;

    private final long seed;
    private final double[] cumulativeActivity;
    private final String[][] syllables;
    private final String[] cdn = new String[CDN_ADDRESSES];
    private final Domain[] cache;
    private final StringBuilder scratch = new StringBuilder(256);

    /** Splits two streams off {@code root} (syllables, activity), as the writer always did before its own. */
    BenchUniverse(long seed, int domainUniverse, int clientUniverse, SplittableRandom root) {
        this.seed = seed;
        this.cache = new Domain[Math.min(CACHED_DOMAINS, domainUniverse)];
        SplittableRandom names = root.split();
        // One shuffled syllable table per position, so that neighbouring indices do not read alike.
        syllables = new String[6][];
        for (int pos = 0; pos < syllables.length; pos++) {
            String[] s = new String[CONSONANTS.length() * VOWELS.length()];
            int i = 0;
            for (char c : CONSONANTS.toCharArray()) for (char v : VOWELS.toCharArray()) s[i++] = "" + c + v;
            for (int j = s.length - 1; j > 0; j--) {
                int k = names.nextInt(j + 1);
                String tmp = s[j];
                s[j] = s[k];
                s[k] = tmp;
            }
            syllables[pos] = s;
        }
        for (int i = 0; i < cdn.length; i++) cdn[i] = publicV4(BenchSampling.mix(seed, i, 0xCD));
        SplittableRandom activity = root.split();
        cumulativeActivity = new double[clientUniverse];
        double sum = 0;
        for (int i = 0; i < clientUniverse; i++) {
            sum += StrictMath.exp(0.7 * Catalog.Gaussian.next(activity));
            cumulativeActivity[i] = sum;
        }
    }

    int randomClient(SplittableRandom r) {
        double x = r.nextDouble() * cumulativeActivity[cumulativeActivity.length - 1];
        int i = Arrays.binarySearch(cumulativeActivity, x);
        return Math.min(cumulativeActivity.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    /** A workstation whose DNS-Client log is collected, by activity; -1 in the unlikely case none is drawn. */
    int randomWindowsHost(SplittableRandom r) {
        for (int attempt = 0; attempt < 16; attempt++) {
            int c = randomClient(r);
            if (logsDnsClient(c)) return c;
        }
        return -1;
    }

    boolean isVm(int c) {
        return Long.remainderUnsigned(BenchSampling.mix(seed, c, 0x71), 100) < 25;
    }

    boolean logsDnsClient(int c) {
        return !isVm(c) && (BenchSampling.mix(seed, c, 0x72) & 1) == 0;
    }

    String computer(int c) {
        return isVm(c) ? "vm-" + VM_ROLES[(int) Long.remainderUnsigned(BenchSampling.mix(seed, c, 0x73), VM_ROLES.length)] + "-" + c
                : "WKS-" + c + ".corp.contoso.com";
    }

    /** Client c's address in 10.16.0.0/12: index order, 254 hosts a /24, so 1,000,000 clients fit. */
    static void appendIp(int c, StringBuilder b) {
        int net = c / 254;
        b.append("10.").append(16 + net / 256).append('.').append(net % 256).append('.').append(1 + c % 254);
    }

    String ip(int c) {
        scratch.setLength(0);
        appendIp(c, scratch);
        return scratch.toString();
    }

    static final class Domain {
        final String name;
        final String[] hosts;
        final String[] v4;

        Domain(String name, String[] hosts, String[] v4) {
            this.name = name;
            this.hosts = hosts;
            this.v4 = v4;
        }
    }

    /** Domain d (0 the most popular): its name, host names and addresses, all functions of d and the seed. */
    Domain domain(int d) {
        if (d < cache.length && cache[d] != null) return cache[d];
        Domain dom;
        if (d < WELL_KNOWN.length) {
            String[] w = WELL_KNOWN[d];
            dom = new Domain(w[0], Arrays.copyOfRange(w, 1, w.length), d == INTERNAL ? new String[0] : addresses(d));
        } else {
            long h = BenchSampling.mix(seed, d, 0x11);
            StringBuilder b = new StringBuilder(32);
            label(d, b);
            String name;
            String[] hosts;
            if (Long.remainderUnsigned(h, 100) < 2) {
                // Each S3 bucket is its own registrable domain (s3.amazonaws.com is a public suffix).
                name = b.append(".s3.amazonaws.com").toString();
                hosts = new String[] {name};
            } else {
                name = b.append('.').append(SUFFIXES[(int) Long.remainderUnsigned(h >>> 8, SUFFIXES.length)]).toString();
                int extra = (int) ((h >>> 20) % 3);
                hosts = new String[2 + extra];
                hosts[0] = "www." + name;
                hosts[1] = name;
                int first = (int) ((h >>> 24) % Catalog.SUBDOMAINS.length);
                for (int i = 0; i < extra; i++) hosts[2 + i] = Catalog.SUBDOMAINS[(first + i) % Catalog.SUBDOMAINS.length] + "." + name;
            }
            dom = new Domain(name, hosts, addresses(d));
        }
        if (d < cache.length) cache[d] = dom;
        return dom;
    }

    /** One to three addresses; a tenth of domains share one with others behind a CDN, so one flow fits several. */
    String[] addresses(int d) {
        long h = BenchSampling.mix(seed, d, 0x22);
        String[] v4 = new String[1 + (int) Long.remainderUnsigned(h, 3)];
        for (int i = 0; i < v4.length; i++) v4[i] = publicV4(BenchSampling.mix(seed, d, 0x100 + i));
        if (Long.remainderUnsigned(h >>> 8, 10) == 0) v4[(int) ((h >>> 16) % v4.length)] = cdn[(int) ((h >>> 24) % CDN_ADDRESSES)];
        return v4;
    }

    static String publicV4(long h) {
        int first = BENIGN_FIRST_OCTETS[(int) Long.remainderUnsigned(h, BENIGN_FIRST_OCTETS.length)];
        int second = (int) (h >>> 16) & 0xff;
        // 172.16.0.0/12 is private; the rest of 172/8 is not.
        if (first == 172 && second >= 16 && second < 32) second += 64;
        return first + "." + second + "." + ((h >>> 24) & 0xff) + "." + (1 + Long.remainderUnsigned(h >>> 32, 254));
    }

    /** Bijective: the shortest labels go to the most popular domains, as in life. */
    void label(long index, StringBuilder b) {
        long v = index;
        int length = 2;
        long capacity = 85L * 85;
        while (v >= capacity) {
            v -= capacity;
            length++;
            capacity *= 85;
        }
        for (int pos = 0; pos < length; pos++) {
            b.append(syllables[pos % syllables.length][(int) (v % 85)]);
            v /= 85;
        }
        b.append(ENDINGS[(int) Long.remainderUnsigned(BenchSampling.mix(seed, index, 0x33), ENDINGS.length)]);
    }
}
