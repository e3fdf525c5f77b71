package dev.dnshunter.generate;

import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.generate.BenignTraffic.PlantedBurst;
import dev.dnshunter.generate.Catalog.Client;
import dev.dnshunter.generate.Catalog.Site;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.net.DomainRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Windows DNS client events of a data set: Event table rows of Windows hosts running the Log Analytics agent with
 * the DNS-Client operational log on, and the TXT rule's traps among them: the completion and response events logged
 * for every query, other query types (160 among them), a mail server's steady SPF/DKIM/DMARC lookups, near misses on
 * the burst size and span, computer names in mixed case, and DNSlivery on one host. Only Sentinel has this table.
 */
final class DnsClientTraffic {
    /** One Event table row; the Sentinel writer renders it. */
    static final class Event {
        final String computer;
        final String eventLog;
        final String source;
        final int eventId;
        final String description;
        long time;
        int ticks;

        Event(String computer, String eventLog, String source, int eventId, String description) {
            this.computer = computer;
            this.eventLog = eventLog;
            this.source = source;
            this.eventId = eventId;
            this.description = description;
        }

        Event withDescription(String text) {
            return new Event(computer, eventLog, source, eventId, text);
        }
    }

    private static final long SECOND = BenignTraffic.SECOND;
    private static final long MINUTE = BenignTraffic.MINUTE;
    private static final long HOUR = BenignTraffic.HOUR;
    private static final long DAY = DataSetGenerator.DAY;
    /** The client events also carry descriptions an agent cut short, which the parser cannot read. */
    static final int CUT_DESCRIPTIONS = 2;

    private final GeneratorOptions options;
    private final Catalog catalog;
    private final Traffic traffic;
    private final DomainRules domains;
    private final List<PlantedBurst> plantedTxt;
    /** Computer names of the Windows hosts whose DNS client events are collected, as their agents report them. */
    private final List<String> windowsHosts = new ArrayList<>();
    private double[] cumulativeWindowsActivity;

    DnsClientTraffic(GeneratorOptions options, Catalog catalog, Traffic traffic, DomainRules domains, List<PlantedBurst> plantedTxt) {
        this.options = options;
        this.catalog = catalog;
        this.traffic = traffic;
        this.domains = domains;
        this.plantedTxt = plantedTxt;
    }


    static final String DNS_CLIENT_SOURCE = "Microsoft-Windows-DNS-Client";
    static final int QUERY_CALLED = 3006;
    static final int QUERY_COMPLETED = 3008;
    static final int QUERY_RESPONSE = 3020;
    private static final int A = 1;
    private static final int TXT = 16;
    static final String CALLED_TEXT = "DNS query is called for the name %s, type %d, query options %d, "
            + "Server List %s, isNetwork query 0, network index 0, interface index 0, is asynchronous query 0";
    static final String COMPLETED_TEXT = "DNS query is completed for the name %s, type %d, query options %d, "
            + "Query Status %d, Results %s";
    static final String RESPONSE_TEXT = "Query response for name %s, type %d, interface index 0 and network "
            + "index 0 returned %d with results %s";
    static final long[] QUERY_OPTIONS = {140737488355328L, 140738562228224L, 2251799813685248L, 1073766400L};
    static final String[] SERVER_LISTS = {"", "", "10.0.0.10;10.0.0.11", "192.168.1.1"};
    static final String[] SERVICES = {"Windows Update", "Windows Modules Installer", "BITS",
        "Microsoft Defender Antivirus Network Inspection Service", "WinHTTP Web Proxy Auto-Discovery Service"};
    private static final String MAIL_SERVER = "EXCH01.corp.contoso.com";
    /** Inbound messages are at least this far apart on the mail server. */
    private static final long MIN_MESSAGE_GAP = 6 * MINUTE;
    private static final String[] DNSLIVERY_PAYLOADS = {"stager", "invoke-pwn", "beacon", "loader", "agent-x64",
        "update-svc"};

    /**
     * The Event table rows of Windows hosts running the Log Analytics agent with the DNS-Client operational log on:
     * every query logged as called (3006), and mostly also as answered (3020) and completed (3008).
     */
    void generate(SplittableRandom r) {
                List<Double> activity = new ArrayList<>();
        for (Client c : catalog.clients) {
            if (c.vm || r.nextDouble() >= 0.5) continue;
            windowsHosts.add(c.computer.indexOf('.') >= 0 ? c.computer : c.computer + ".corp.contoso.com");
            activity.add(c.activity);
        }
        // Roaming laptops that only ever query home and hotel resolvers, so that a small catalog still has hosts.
        while (windowsHosts.size() < 3) {
            windowsHosts.add(String.format(Locale.ROOT, "WS%04d.corp.contoso.com", 9001 + windowsHosts.size()));
            activity.add(1.0);
        }
        cumulativeWindowsActivity = new double[activity.size()];
        double sum = 0;
        for (int i = 0; i < activity.size(); i++) cumulativeWindowsActivity[i] = sum += activity.get(i);

        String attacked = windowsHosts.get(r.nextInt(windowsHosts.size()));
        String trapHost;
        do {
            trapHost = windowsHosts.get(r.nextInt(windowsHosts.size()));
        } while (trapHost.equals(attacked));

        // Fewer than the DnsEvents rows: only some hosts have the log on, and each query makes up to three rows.
        int perDay = Math.max(100, options.lookupsPerDay() / 16);
        for (int day = 0; day < options.days(); day++) {
            long dayStart = options.startMillis() + day * DAY;
            for (int i = 0; i < perDay; i++) {
                String host = randomWindowsHost(r);
                // The planted bursts and near misses stay exactly what they were planted as.
                boolean txtAllowed = !host.equals(attacked) && !host.equals(trapHost);
                benignClientQuery(host, dayStart + BenignTraffic.timeOfDay(r), txtAllowed, r);
            }
            for (int i = 0; i < windowsHosts.size(); i++) {
                String service = SERVICES[r.nextInt(SERVICES.length)];
                Traffic.add(traffic.client, dayStart + BenignTraffic.timeOfDay(r), r.nextInt(10_000), new Event(
                        computerSpelling(randomWindowsHost(r), r), "System", "Service Control Manager", 7036,
                        "The " + service + " service entered the " + (r.nextBoolean() ? "running" : "stopped")
                                + " state."));
            }
        }
        mailServer(r);
        nearMisses(trapHost, r);
        dnslivery(attacked, r);
        cutDescriptions(r);
    }

    private String randomWindowsHost(SplittableRandom r) {
        double x = r.nextDouble() * cumulativeWindowsActivity[cumulativeWindowsActivity.length - 1];
        int i = Arrays.binarySearch(cumulativeWindowsActivity, x);
        return windowsHosts.get(Math.min(windowsHosts.size() - 1, i >= 0 ? i + 1 : -i - 1));
    }

    /** Mostly address lookups; other types, including one whose number merely starts with 16, and now and then a TXT. */
    private void benignClientQuery(String host, long t, boolean txtAllowed, SplittableRandom r) {
        Site site = catalog.randomSite(r);
        String name = site.hosts[r.nextInt(site.hosts.length)];
        if (r.nextDouble() < 0.02) name = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        double x = r.nextDouble();
        if (x < 0.6) {
            clientQuery(host, name, A, t, 0.85, addressResults(site.v4, "::ffff:", site.nonPublic, r), r);
        } else if (x < 0.86) {
            clientQuery(host, name, 28, t, 0.85, addressResults(site.v6, "", new String[0], r), r);
        } else if (x < 0.91) {
            // HTTPS records, which newer Windows asks for alongside A and AAAA.
            clientQuery(host, name, 65, t, 0.85, "", r);
        } else if (x < 0.94) {
            clientQuery(host, new String[] {"_ldap._tcp.dc._msdcs.corp.contoso.com",
                "_kerberos._tcp.corp.contoso.com"}[r.nextInt(2)], 33, t, 0.85, "", r);
        } else if (x < 0.965) {
            clientQuery(host, (1 + r.nextInt(254)) + "." + r.nextInt(8) + ".0.10.in-addr.arpa", 12, t, 0.85, "", r);
        } else if (x < 0.98) {
            // No TXT record, though "type 160" starts with 16.
            clientQuery(host, name, 160, t, 0.85, "", r);
        } else if (x < 0.985 && txtAllowed) {
            clientQuery(host, (r.nextBoolean() ? "_dmarc." : "") + site.domain, TXT, t, 0.85, "", r);
        } else {
            clientQuery(host, new String[] {"wpad.corp.contoso.com", "dc01.corp.contoso.com", "fs01.corp.contoso.com",
                "login.microsoftonline.com"}[r.nextInt(4)], A, t, 0.85, "::ffff:10.0.0.10;", r);
        }
    }

    private static String addressResults(String[] addresses, String prefix, String[] more, SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        List<String> answer = new ArrayList<>();
        BenignTraffic.rotated(addresses, r, answer);
        for (String a : more) if (a.indexOf(':') < 0) answer.add(a);
        for (String a : answer) b.append(a.indexOf(':') >= 0 ? "" : prefix).append(a).append(';');
        return b.toString();
    }

    /**
     * One query as the client logs it: called (3006) at {@code t}, then with probability {@code detailShare} each the
     * response (3020) and completion (3008) for the same name and type, which the rule must not count again.
     */
    private void clientQuery(String host, String name, int type, long t, double detailShare, String results,
                             SplittableRandom r) {
        long queryOptions = QUERY_OPTIONS[r.nextInt(QUERY_OPTIONS.length)];
        String servers = SERVER_LISTS[r.nextInt(SERVER_LISTS.length)];
        Traffic.add(traffic.client, t, r.nextInt(10_000), new Event(computerSpelling(host, r), DnsClientEventParser.DNS_CLIENT_LOG,
                DNS_CLIENT_SOURCE, QUERY_CALLED, String.format(Locale.ROOT, CALLED_TEXT, name, type, queryOptions, servers)));
        // 9501: the name exists but has no record of the type asked for.
        int status = results.isEmpty() && (type == A || type == 28) ? 9501 : 0;
        long answered = t + 1 + r.nextLong(150);
        if (r.nextDouble() < detailShare) {
            Traffic.add(traffic.client, answered, r.nextInt(10_000), new Event(computerSpelling(host, r),
                    DnsClientEventParser.DNS_CLIENT_LOG, DNS_CLIENT_SOURCE, QUERY_RESPONSE,
                    String.format(Locale.ROOT, RESPONSE_TEXT, name, type, status, results)));
        }
        if (r.nextDouble() < detailShare) {
            Traffic.add(traffic.client, answered + r.nextLong(3), r.nextInt(10_000), new Event(computerSpelling(host, r),
                    DnsClientEventParser.DNS_CLIENT_LOG, DNS_CLIENT_SOURCE, QUERY_COMPLETED,
                    String.format(Locale.ROOT, COMPLETED_TEXT, name, type, queryOptions, status, results)));
        }
    }

    /** The agent reports the computer name as the host has it, which some hosts have in other case. */
    static String computerSpelling(String computer, SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.08) return computer.toLowerCase(Locale.ROOT);
        if (x < 0.12) return computer.toUpperCase(Locale.ROOT);
        return computer;
    }

    /**
     * An Exchange server checking SPF, DKIM and DMARC of inbound mail: TXT lookups all day that must never alert. Each
     * message costs at most four TXT lookups within two seconds and messages are at least {@link #MIN_MESSAGE_GAP}
     * apart, so any six TXT lookups span two messages and more than five minutes. Messages are spaced over the whole
     * data set at once so that midnight does not bring two closer.
     */
    private void mailServer(SplittableRandom r) {
        long t = options.startMillis() + r.nextLong(30 * MINUTE);
        while (t < options.endMillis()) {
            String domain = catalog.randomSite(r).domain;
            List<String> names = new ArrayList<>();
            names.add(domain);
            if (r.nextDouble() < 0.3) names.add("_spf." + domain);
            names.add("_dmarc." + domain);
            if (r.nextDouble() < 0.4) names.add("selector1._domainkey." + domain);
            long q = t;
            for (String name : names) {
                clientQuery(MAIL_SERVER, name, TXT, q, 1.0, "", r);
                q += 20 + r.nextLong(400);
            }
            if (r.nextBoolean()) clientQuery(MAIL_SERVER, "mail." + domain, A, q, 1.0, "", r);
            t += MIN_MESSAGE_GAP + r.nextLong(40 * MINUTE);
        }
    }

    /**
     * Bursts that fall just short, on a host with no other TXT lookups: five TXT lookups in half a minute, six exactly
     * five minutes from first to last, and six quick lookups of type 160. Hours apart, so they cannot combine.
     */
    private void nearMisses(String host, SplittableRandom r) {
        String vendor = catalog.newDomain("com");
        long base = options.startMillis() + 8 * HOUR + r.nextLong(HOUR);
        String[] channels = {"stable", "beta", "dev", "canary", "lts"};
        for (int i = 0; i < channels.length; i++) {
            clientQuery(host, channels[i] + ".version." + vendor, TXT, base + i * 6 * SECOND, 0.85, "", r);
        }
        long spaced = base + 3 * HOUR;
        for (int i = 0; i < 6; i++) {
            clientQuery(host, "k" + i + ".licence." + vendor, TXT, spaced + i * MINUTE, 0.85, "", r);
        }
        long other = base + 6 * HOUR;
        for (int i = 0; i < 6; i++) {
            clientQuery(host, "n" + i + ".inventory." + vendor, 160, other + i * 3 * SECOND, 0.85, "", r);
        }
    }

    /**
     * DNSlivery on one host on the last day: a launcher TXT query (retried once), then numbered chunk queries a few
     * seconds apart; the second stage half an hour later falls in the suppression period, a third well after it.
     */
    private void dnslivery(String host, SplittableRandom r) {
        long dayStart = options.startMillis() + (options.days() - 1) * DAY;
        long first = dayStart + (9 + r.nextInt(5)) * HOUR + r.nextLong(HOUR);
        String domain = catalog.newDomain(new String[] {"xyz", "top", "info"}[r.nextInt(3)]);
        List<String> payloads = new ArrayList<>(List.of(DNSLIVERY_PAYLOADS));
        for (int i = payloads.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String tmp = payloads.get(i);
            payloads.set(i, payloads.get(j));
            payloads.set(j, tmp);
        }
        long[] firstTimes = dnsliveryBurst(host, payloads.get(0) + "." + domain, first, true, r);
        dnsliveryBurst(host, payloads.get(1) + "." + domain, first + 30 * MINUTE + r.nextLong(MINUTE), false, r);
        long third = firstTimes[firstTimes.length - 1] + dev.dnshunter.config.DetectionConfig.defaults().txtSuppressionMillis()
                + 15 * MINUTE + r.nextLong(30 * MINUTE);
        dnsliveryBurst(host, payloads.get(2) + "." + domain, third, false, r);
    }

    private long[] dnsliveryBurst(String host, String zone, long t, boolean retryLauncher, SplittableRandom r) {
        int chunks = 18 + r.nextInt(5);
        List<String> names = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        names.add("launcher." + zone);
        times.add(t);
        if (retryLauncher) {
            names.add("launcher." + zone);
            times.add(t + 800 + r.nextLong(1_200));
        }
        long ti = times.get(times.size() - 1);
        for (int i = 1; i <= chunks; i++) {
            ti += 1_500 + r.nextLong(3_000);
            names.add(i + "." + zone);
            times.add(ti);
        }
        long[] planted = new long[times.size()];
        for (int i = 0; i < planted.length; i++) {
            planted[i] = times.get(i);
            clientQuery(host, names.get(i), TXT, planted[i], 1.0, "", r);
        }
        plantedTxt.add(new PlantedBurst(TxtQuery.DNS_CLIENT_EVENTS, host.toLowerCase(Locale.ROOT), names.get(0),
                domains.domainOf(zone), planted));
        return planted;
    }

    /** Descriptions an agent cut short. Their time is valid, so they go among the rows in time order. */
    private void cutDescriptions(SplittableRandom r) {
        for (String cut : new String[] {"DNS query is called for the name wpad.corp.contoso.com",
            "DNS query is called for the name _dmarc.contoso.com, typ"}) {
            Event row = badRow(r).withDescription(cut);
            Traffic.add(traffic.client, options.startMillis() + r.nextLong(options.days() * DAY), r.nextInt(10_000), row);
        }
    }

    /** A good row, for the bad lines of the file. */
    Event badRow(SplittableRandom r) {
        String name = "_dmarc." + catalog.randomSite(r).domain;
        return new Event(windowsHosts.get(r.nextInt(windowsHosts.size())), DnsClientEventParser.DNS_CLIENT_LOG,
                DNS_CLIENT_SOURCE, QUERY_CALLED, String.format(Locale.ROOT, CALLED_TEXT, name, TXT, QUERY_OPTIONS[0], ""));
    }
}
