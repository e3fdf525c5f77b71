package dev.dnshunter.generate;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.generate.Catalog.Client;
import dev.dnshunter.generate.Catalog.Site;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A day of an organisation's ordinary traffic, shaped to exercise the rules' edges: Zipf-distributed domain popularity
 * (a common head and a rare tail), multi-label public suffixes, S3 buckets, case and trailing-dot variants, private and
 * sinkholed answers, empty answers, rows of other SubTypes, flows right on the correlation bounds, shared CDN
 * addresses, other vendors' firewall rows and inbound VM rows; and now and then a planted TXT burst.
 */
final class BenignTraffic {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = DetectionConfig.HOUR;
    /** The default attribution bounds, which some benign flows sit exactly on. */
    static final long BEFORE_LOOKUP = DetectionConfig.defaults().flowBeforeLookupMillis();
    static final long AFTER_LOOKUP = DetectionConfig.defaults().flowAfterLookupMillis();
    /** Relative chance that a lookup of a tail site leads to a connection, against 1 for a popular site. */
    private static final double TAIL_FLOW_WEIGHT = 0.2;
    static final double[] HOURLY_WEIGHTS = {
        0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.6, 1.0, 1.6, 2.0, 2.0, 1.9, 1.6, 1.8, 2.0, 1.9, 1.7, 1.3, 0.9, 0.6, 0.5,
        0.4, 0.3, 0.25
    };
    static final String[] DNS_SERVERS = {"DC01.corp.contoso.com", "DC02.corp.contoso.com"};
    static final String[] FIREWALLS = {"PA-EDGE-01", "PA-EDGE-02"};
    static final String[] PROCESSES = {"w3wp", "java", "python3", "sqlservr", "svchost"};

    /** A planted TXT burst with all its query times, before the suppression it meets is worked out. */
    record PlantedBurst(String source, String host, String name, String registeredDomain, long[] times) {}

    private final Catalog catalog;
    private final Traffic traffic;
    private final DomainRules domains;
    private final List<PlantedBurst> plantedTxt;
    /** Mean connections for a lookup of a popular site; a tail site gets {@link #TAIL_FLOW_WEIGHT} of it. */
    private final double popularFlowMean;

    BenignTraffic(Catalog catalog, Traffic traffic, DomainRules domains, double flowsPerLookup, List<PlantedBurst> plantedTxt) {
        this.catalog = catalog;
        this.traffic = traffic;
        this.domains = domains;
        this.plantedTxt = plantedTxt;
        double p = catalog.popularShare();
        this.popularFlowMean = flowsPerLookup / (p + (1 - p) * TAIL_FLOW_WEIGHT);
    }

    void day(long dayStart, int lookups, SplittableRandom r) {
        for (int i = 0; i < lookups; i++) {
            long t = dayStart + timeOfDay(r);
            Client c = catalog.randomClient(r);
            double kind = r.nextDouble();
            if (kind < 0.015) {
                otherSubType(c, t, r);
            } else if (kind < 0.025) {
                txtLookup(c, t, r);
            } else if (kind < 0.055) {
                unansweredLookup(c, t, r);
            } else if (kind < 0.065) {
                siteLookup(c, catalog.newFreshSite(), t, r);
            } else {
                Site site = catalog.randomSite(r);
                siteLookup(c, site, t, r);
                // A page pulling assets from a sister site on the same CDN address: one connection, two domains.
                Site sibling = site.popular() || r.nextDouble() >= 0.3 ? null : catalog.cdnSibling(site, r);
                if (sibling != null) siteLookup(c, sibling, t + r.nextLong(5 * SECOND), r);
            }
        }
        if (r.nextDouble() < 0.5) txtBurst(dayStart + timeOfDay(r), r);
        // Connections no lookup explains: east-west traffic and hard-coded public addresses.
        for (int i = 0; i < lookups / 50; i++) {
            Client c = catalog.randomClient(r);
            if (c.ipv6) continue;
            String destination = r.nextDouble() < 0.7 ? "10.0." + r.nextInt(8) + "." + (1 + r.nextInt(254))
                    : catalog.newPublicV4();
            flow(c, destination, dayStart + timeOfDay(r), r);
        }
    }

    static long timeOfDay(SplittableRandom r) {
        double total = 0;
        for (double w : HOURLY_WEIGHTS) total += w;
        double x = r.nextDouble() * total;
        int hour = 0;
        while (hour < 23 && x >= HOURLY_WEIGHTS[hour]) x -= HOURLY_WEIGHTS[hour++];
        return hour * HOUR + r.nextLong(HOUR);
    }

    static GenDns dnsRow(SplittableRandom r, String subType, String clientIp, String name, int queryType, int eventId) {
        return new GenDns(DNS_SERVERS[r.nextInt(DNS_SERVERS.length)], eventId, subType, clientIp, name, queryType);
    }

    static GenFlow firewallRow(SplittableRandom r, String source, String destination, int port, long sent, long received) {
        String firewall = FIREWALLS[r.nextInt(FIREWALLS.length)];
        return GenFlow.firewall(firewall, 49_152 + r.nextInt(16_384), source, destination, port, sent, received);
    }

    static GenFlow vmRow(SplittableRandom r, Client c, String direction, String source, String destination, int port,
            long sent, long received) {
        return GenFlow.vm(c.computer, PROCESSES[r.nextInt(PROCESSES.length)], direction, source, destination, port, sent, received);
    }

    /** A LookupQuery of one of the site's names, and the connections that follow it. */
    private void siteLookup(Client c, Site site, long t, SplittableRandom r) {
        boolean aaaa = site.v6.length > 0 && r.nextDouble() < (c.ipv6 ? 0.7 : 0.1);
        List<String> answer = new ArrayList<>();
        if (aaaa) {
            rotated(site.v6, r, answer);
        } else {
            rotated(site.v4, r, answer);
            for (String a : site.nonPublic) answer.add(a);
        }
        String name = spelling(site.hosts[r.nextDouble() < 0.5 ? 0 : r.nextInt(site.hosts.length)], r);
        String ipAddresses = ipAddressesField(answer, r);
        GenDns row = dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, name, aaaa ? 28 : 1, 256);
        if (r.nextDouble() < 0.01) row.typeForm = GenDns.TypeForm.NUMBER;
        row.addresses(ipAddresses).responseCode(0);
        int ticks = r.nextInt(10_000);
        Traffic.add(traffic.dns, t, ticks, row);
        // A resolver logging the same answer twice: two identical rows are two lookups.
        if (r.nextDouble() < 0.003) Traffic.add(traffic.dns, t, ticks, row);

        List<String> targets = new ArrayList<>();
        for (String a : answer) {
            boolean v6 = a.indexOf(':') >= 0;
            if (v6 == c.ipv6 && !a.equals("0.0.0.0") && !a.equals("127.0.0.1")) targets.add(a);
        }
        if (targets.isEmpty()) return;
        double mean = popularFlowMean * (site.popular() ? 1.0 : TAIL_FLOW_WEIGHT);
        int flows = poisson(mean, r);
        for (int i = 0; i < flows; i++) flow(c, targets.get(r.nextInt(targets.size())), t + flowOffset(r), r);
    }

    /** Round-robin DNS: the answer starts anywhere in the address list and may hold only some of it. */
    static void rotated(String[] addresses, SplittableRandom r, List<String> into) {
        if (addresses.length == 0) return;
        int first = r.nextInt(addresses.length);
        int count = 1 + r.nextInt(addresses.length);
        for (int i = 0; i < count; i++) into.add(addresses[(first + i) % addresses.length]);
    }

    /** How names look in real logs: now and then upper case or fully qualified with a trailing dot. */
    private static String spelling(String name, SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.01) return name.toUpperCase(Locale.ROOT);
        if (x < 0.02) return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        if (x < 0.035) return name + ".";
        return name;
    }

    private static String ipAddressesField(List<String> answer, SplittableRandom r) {
        List<String> parts = new ArrayList<>();
        for (String a : answer) parts.add(a.indexOf(':') >= 0 && r.nextDouble() < 0.2 ? a.toUpperCase(Locale.ROOT) : a);
        if (!parts.isEmpty() && r.nextDouble() < 0.03) parts.add(parts.get(0));
        return String.join(r.nextDouble() < 0.1 ? ", " : ",", parts);
    }

    /**
     * When a connection starts relative to its lookup: mostly within seconds, sometimes much later or just before,
     * and a few exactly on (or one millisecond past) the attribution bounds.
     */
    static long flowOffset(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.75) return 20 + r.nextLong(30 * SECOND);
        if (x < 0.87) return 30 * SECOND + r.nextLong(55 * MINUTE);
        if (x < 0.92) return -r.nextLong(BEFORE_LOOKUP);
        if (x < 0.98) return AFTER_LOOKUP + 1 + r.nextLong(3 * HOUR);
        if (x < 0.99) return -BEFORE_LOOKUP - 1 - r.nextLong(MINUTE);
        switch (r.nextInt(4)) {
            case 0: return -BEFORE_LOOKUP;
            case 1: return AFTER_LOOKUP;
            case 2: return -BEFORE_LOOKUP - 1;
            default: return AFTER_LOOKUP + 1;
        }
    }

    private void flow(Client c, String destination, long t, SplittableRandom r) {
        int port = port(r);
        long sent = Math.max(60, Math.min(50_000_000L, Math.round(1_500 * StrictMath.exp(1.4 * Catalog.Gaussian.next(r)))));
        long received = Math.max(0, Math.min(500_000_000L, Math.round(20_000 * StrictMath.exp(1.8 * Catalog.Gaussian.next(r)))));
        if (destination.indexOf(':') >= 0 && r.nextDouble() < 0.15) destination = destination.toUpperCase(Locale.ROOT);
        if (c.vm) {
            vmFlow(c, destination, port, sent, received, t, r);
            // Egress through the firewall logs the same connection again, as a second data type.
            if (r.nextDouble() < 0.3) firewallFlow(c, destination, port, sent, received, t + r.nextLong(2 * SECOND), r).echo = true;
        } else {
            firewallFlow(c, destination, port, sent, received, t, r);
        }
    }

    /** A destination port with the mix of a corporate network: mostly HTTPS. Shared with {@link BenchTraffic}. */
    static int port(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.85) return 443;
        if (x < 0.95) return 80;
        if (x < 0.97) return 8443;
        return new int[] {22, 993, 5223, 3478}[r.nextInt(4)];
    }

    private GenFlow firewallFlow(Client c, String destination, int port, long sent, long received, long t, SplittableRandom r) {
        GenFlow row = firewallRow(r, c.ip, destination, port, sent, received);
        Traffic.add(traffic.firewall, t, r.nextInt(10_000), row);
        // Rows the rule must not count: other vendors, and Palo Alto's non-traffic logs about the same session.
        if (r.nextDouble() < 0.05) {
            GenFlow other = row.copy();
            switch (r.nextInt(3)) {
                case 0:
                    other.vendor = "Fortinet";
                    other.product = "Fortigate";
                    other.activity = "traffic:forward accept";
                    break;
                case 1:
                    other.vendor = "Check Point";
                    other.product = "VPN-1 & FireWall-1";
                    other.activity = "Accept";
                    break;
                default:
                    other.activity = "THREAT";
                    other.action = "alert";
                    break;
            }
            Traffic.add(traffic.firewall, t + r.nextLong(5 * SECOND), r.nextInt(10_000), other);
        }
        return row;
    }

    private void vmFlow(Client c, String destination, int port, long sent, long received, long t, SplittableRandom r) {
        String direction = r.nextDouble() < 0.01 ? "Outbound" : "outbound";
        Traffic.add(traffic.vm, t, r.nextInt(10_000), vmRow(r, c, direction, c.ip, destination, port, sent, received));
        // The remote end talking back in: inbound rows are not the VM sending data out.
        if (r.nextDouble() < 0.08) {
            long back = t + r.nextLong(10 * MINUTE);
            Traffic.add(traffic.vm, back, r.nextInt(10_000), vmRow(r, c, "inbound", destination, c.ip,
                    new int[] {443, 22, 3389}[r.nextInt(3)], received / 10, sent));
        }
    }

    /** Rows of other SubTypes; a Response carries answers that must still not count as a lookup. */
    private void otherSubType(Client c, long t, SplittableRandom r) {
        GenDns row;
        if (r.nextBoolean()) {
            Site site = catalog.randomSite(r);
            List<String> answer = new ArrayList<>();
            rotated(site.v4, r, answer);
            if (answer.isEmpty()) answer.add("10.0.0.10");
            row = dnsRow(r, "Response", c.dnsIp, site.hosts[0], 1, 257).addresses(String.join(",", answer));
        } else {
            row = dnsRow(r, "DynamicRegistration", c.dnsIp, c.computer.toLowerCase(Locale.ROOT), 1, 519).addresses(c.ip);
        }
        Traffic.add(traffic.dns, t, r.nextInt(10_000), row);
    }

    private void txtLookup(Client c, long t, SplittableRandom r) {
        Site site = catalog.randomSite(r);
        String[] prefixes = {"_dmarc.", "selector1._domainkey.", "", "_acme-challenge."};
        GenDns row = dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, prefixes[r.nextInt(prefixes.length)] + site.domain, 16, 256);
        Traffic.add(traffic.dns, t, r.nextInt(10_000), row.responseCode(0));
    }

    /** DNSlivery-style payload staging: a burst of TXT queries for numbered labels of one fresh domain. */
    private void txtBurst(long t, SplittableRandom r) {
        Client c = catalog.randomClient(r);
        String domain = catalog.newDomain("xyz");
        int n = 8 + r.nextInt(5);
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long ti = t + i * (10 * SECOND + r.nextLong(10 * SECOND));
            times[i] = ti;
            GenDns row = dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, (i == 0 ? "print" : Integer.toString(i)) + "." + domain, 16, 256);
            Traffic.add(traffic.dns, ti, r.nextInt(10_000), row.responseCode(0));
        }
        plantedTxt.add(new PlantedBurst(TxtQuery.DNS_EVENTS, AddressRules.canonicalOrRaw(c.dnsIp), "print." + domain,
                domains.domainOf(domain), times));
    }

    /** Lookups without a usable answer (NXDOMAIN, empty, blank): they must not count for the baseline. */
    private void unansweredLookup(Client c, long t, SplittableRandom r) {
        String name;
        double x = r.nextDouble();
        if (x < 0.4) {
            StringBuilder label = new StringBuilder();
            int len = 8 + r.nextInt(7);
            for (int i = 0; i < len; i++) label.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
            name = label + new String[] {".com", ".net", ".info", ".biz"}[r.nextInt(4)];
        } else if (x < 0.7) {
            name = new String[] {"wpad.corp.contoso.com", "isatap.corp.contoso.com", "_ldap._tcp.dc._msdcs.contoso.com"}[r.nextInt(3)];
        } else {
            Site site = catalog.randomSite(r);
            name = "wwww." + site.domain;
        }
        GenDns row = dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, name, 1, 256);
        double y = r.nextDouble();
        if (y < 0.45) {
            row.addresses("");
        } else if (y < 0.6) {
            row.addresses("  ");
        } else if (y < 0.7) {
            row.nullAddresses = true;
        }
        Traffic.add(traffic.dns, t, r.nextInt(10_000), row.responseCode(3));
    }

    static int poisson(double mean, SplittableRandom r) {
        double limit = StrictMath.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > limit) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
