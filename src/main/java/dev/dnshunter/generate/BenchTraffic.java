package dev.dnshunter.generate;

import dev.dnshunter.generate.DataSetFormat.Stream;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The bench data set's benign traffic, one client action at a time: site lookups and the connections they lead to,
 * TXT and unanswered lookups, rows of other SubTypes, connections no lookup explains, and the Windows DNS client
 * events. Domains are drawn by Zipf popularity (exponent 1) from a universe of N / 50 synthetic registrable domains,
 * clients by their activity ({@link BenchUniverse}). Each row is made as the generator models it ({@link GenDns},
 * {@link GenFlow}, {@link DnsClientTraffic.Event}: the normalized event and its Sentinel-only columns) and handed to
 * {@link Rows} with its time. Every draw is made in the order the bench writer always made it, so that a seed gives
 * the same rows; {@link BenchAttacks} adds the planned rows through the same helpers.
 */
final class BenchTraffic {
    /** Where the rows go, each with its time (milliseconds and the 100 ns ticks of TimeGenerated). */
    interface Rows {
        void add(Stream input, long time, int ticks, Object row);
    }

    static final int TYPE_A = 1;
    static final int TYPE_TXT = 16;
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;

    /**
     * Domains looked up at least this often a day are the popular sites, which lead to connections fifty times as often
     * as the tail: most long-tail lookups (telemetry, ads, mail checks, typos) are not followed by a connection. The
     * line is drawn by lookups a day, not by rank, so that it stays clear of the rule's threshold (21 a day by default)
     * at every size: a domain ranked popular but looked up less often than the threshold would turn every one of its
     * connections into an alert, a flood no SOC would run with and no benchmark should measure.
     */
    private static final double POPULAR_DAILY_LOOKUPS = 60;
    /** DnsEvents rows among all records, about: the rest are flows and DNS client events. */
    private static final double DNS_SHARE = 0.6;
    private static final double TAIL_FLOW_WEIGHT = 0.02;
    /** Connections per resolved site lookup, on average; about the generator's flows per lookup. */
    private static final double FLOWS_PER_SITE_LOOKUP = 0.55;

    private static final String[] INTERNAL_ANSWERS = {"10.0.0.10", "10.0.0.11", "10.0.4.20", "192.168.10.5"};
    private static final String[] TXT_PREFIXES = {"_dmarc.", "selector1._domainkey.", "", "_acme-challenge."};
    static final BenchSampling.Template CALLED = new BenchSampling.Template(DnsClientTraffic.CALLED_TEXT);
    private static final BenchSampling.Template COMPLETED = new BenchSampling.Template(DnsClientTraffic.COMPLETED_TEXT);
    private static final BenchSampling.Template RESPONSE = new BenchSampling.Template(DnsClientTraffic.RESPONSE_TEXT);

    final int domainUniverse;
    final int clientUniverse;
    /** The clients and domains, all functions of their index and the seed. */
    final BenchUniverse universe;
    private final BenchSampling.Zipf zipf;
    private final double popularFlowMean;
    /** Domain indexes below this are the popular sites (see {@link #POPULAR_DAILY_LOOKUPS}). */
    private final int popularRanks;
    private final SplittableRandom rng;
    /** The planned rows' streams ({@link BenchAttacks}), split off here so that the seed's streams keep their order. */
    final SplittableRandom attackRng;
    final SplittableRandom badLineRng;
    private final Rows rows;

    private final BitSet domainsSeen;
    private final BitSet clientsSeen;
    private int extraDomainsSeen;
    private int nextFreshDomain;
    /** Rows handed on so far, bad lines included. */
    long generated;
    private final StringBuilder scratch = new StringBuilder(256);

    BenchTraffic(long records, long seed, Rows rows) {
        this.rows = rows;
        this.domainUniverse = (int) Math.min(20_000_000, Math.max(1_000, records / 50));
        this.clientUniverse = (int) Math.min(500_000, Math.max(100, records / 300));
        this.zipf = new BenchSampling.Zipf(domainUniverse);
        double total = 0;
        for (int k = 1; k <= domainUniverse; k++) total += 1.0 / k;
        // Zipf: the domain of rank k gets 1 / (k * total) of the lookups.
        double lookupsPerDay = records * DNS_SHARE / BenchDataWriter.DAYS;
        this.popularRanks = (int) Math.max(10, Math.min(domainUniverse, lookupsPerDay / (POPULAR_DAILY_LOOKUPS * total)));
        double popular = 0;
        for (int k = 1; k <= popularRanks; k++) popular += 1.0 / k;
        double p = popular / total;
        this.popularFlowMean = FLOWS_PER_SITE_LOOKUP / (p + (1 - p) * TAIL_FLOW_WEIGHT);
        this.domainsSeen = new BitSet(domainUniverse);
        this.clientsSeen = new BitSet(clientUniverse);
        this.nextFreshDomain = domainUniverse;

        SplittableRandom root = new SplittableRandom(seed);
        this.universe = new BenchUniverse(seed, domainUniverse, clientUniverse, root);
        this.rng = root.split();
        this.attackRng = root.split();
        this.badLineRng = root.split();
    }

    /** Client actions at random times within {@code length} ms from {@code from} until {@code target} rows in all. */
    void fill(long from, long length, long target) {
        while (generated < target) action(from + rng.nextLong(length));
    }

    /** Distinct registrable domains of the lookups that parse (LookupQuery rows). */
    long domainsSeen() {
        return domainsSeen.cardinality() + (long) extraDomainsSeen;
    }

    /** Distinct client addresses of the lookups that parse. */
    long clientsSeen() {
        return clientsSeen.cardinality();
    }

    /** One thing a client does at {@code t}, with every row it leads to. */
    private void action(long t) {
        SplittableRandom r = rng;
        int c = universe.randomClient(r);
        double x = r.nextDouble();
        if (x < 0.06) {
            clientQuery(t, r);
        } else if (x < 0.075) {
            otherSubType(c, t, r);
        } else if (x < 0.085) {
            int d = zipf.sample(r) - 1;
            GenDns row = dnsRow(c, TXT_PREFIXES[r.nextInt(TXT_PREFIXES.length)] + universe.domain(d).name, TYPE_TXT, 256,
                    GenDns.LOOKUP_QUERY, r);
            lookup(t, r.nextInt(10_000), c, d, row.responseCode(0));
        } else if (x < 0.115) {
            unansweredLookup(c, t, r);
        } else if (x < 0.125) {
            // Connections no lookup explains: east-west traffic and hard-coded public addresses.
            String destination = r.nextDouble() < 0.7 ? "10.0." + r.nextInt(8) + "." + (1 + r.nextInt(254))
                    : BenchUniverse.publicV4(r.nextLong());
            flow(c, destination, t, r);
        } else if (x < 0.127) {
            int host = universe.randomWindowsHost(r);
            if (host >= 0) {
                String text = "The " + DnsClientTraffic.SERVICES[r.nextInt(DnsClientTraffic.SERVICES.length)]
                        + " service entered the " + (r.nextBoolean() ? "running" : "stopped") + " state.";
                add(Stream.CLIENT, t, r.nextInt(10_000), new DnsClientTraffic.Event(universe.computer(host), "System",
                        "Service Control Manager", 7036, text));
            }
        } else {
            siteLookup(c, zipf.sample(r) - 1, t, r);
        }
    }

    private void siteLookup(int c, int d, long t, SplittableRandom r) {
        BenchUniverse.Domain dom = universe.domain(d);
        String[] answer;
        if (dom.v4.length == 0) {
            answer = INTERNAL_ANSWERS;
        } else {
            int first = r.nextInt(dom.v4.length);
            answer = new String[1 + r.nextInt(dom.v4.length)];
            for (int i = 0; i < answer.length; i++) answer[i] = dom.v4[(first + i) % dom.v4.length];
        }
        String host = dom.hosts[r.nextDouble() < 0.5 ? 0 : r.nextInt(dom.hosts.length)];
        double spelling = r.nextDouble();
        if (spelling < 0.01) host = host.toUpperCase(Locale.ROOT);
        else if (spelling < 0.025) host = host + ".";
        boolean digits = r.nextDouble() < 0.01;
        GenDns row = dnsRow(c, host, TYPE_A, 256, GenDns.LOOKUP_QUERY, r);
        if (digits) row.typeForm = GenDns.TypeForm.DIGITS;
        row.addresses(String.join(r.nextDouble() < 0.1 ? ", " : ",", answer)).responseCode(0);
        int ticks = r.nextInt(10_000);
        // A resolver logging the same answer twice: two identical rows are two lookups.
        if (r.nextDouble() < 0.003) add(Stream.DNS, t, ticks, row);
        lookup(t, ticks, c, d, row);
        if (dom.v4.length == 0) return;
        int flows = BenignTraffic.poisson(popularFlowMean * (d < popularRanks ? 1.0 : TAIL_FLOW_WEIGHT), r);
        for (int i = 0; i < flows; i++) flow(c, answer[r.nextInt(answer.length)], t + BenignTraffic.flowOffset(r), r);
    }

    private void flow(int c, String destination, long t, SplittableRandom r) {
        int port = BenignTraffic.port(r);
        long sent = Math.max(60, Math.min(50_000_000L, Math.round(1_500 * StrictMath.exp(1.4 * Catalog.Gaussian.next(r)))));
        long received = Math.max(0, Math.min(500_000_000L, Math.round(20_000 * StrictMath.exp(1.8 * Catalog.Gaussian.next(r)))));
        if (!universe.isVm(c)) {
            firewallFlow(c, destination, port, sent, received, t, false, r);
            return;
        }
        String ip = universe.ip(c);
        GenFlow out = vmRow(c, "outbound", ip, destination, port, sent, received, r);
        add(Stream.VM, t, r.nextInt(10_000), out);
        // The remote end talking back in: inbound rows are not the VM sending data out.
        if (r.nextDouble() < 0.08) {
            GenFlow in = vmRow(c, "inbound", destination, ip, new int[] {443, 22, 3389}[r.nextInt(3)], received / 10, sent, r);
            add(Stream.VM, t + r.nextLong(10 * MINUTE), r.nextInt(10_000), in);
        }
        // Egress through the firewall logs the same connection again, as a second data type.
        if (r.nextDouble() < 0.3) firewallFlow(c, destination, port, sent, received, t + r.nextLong(2 * SECOND), true, r);
    }

    private void firewallFlow(int c, String destination, int port, long sent, long received, long t, boolean echo,
                              SplittableRandom r) {
        String source = universe.ip(c);
        GenFlow row = BenignTraffic.firewallRow(r, source, destination, port, sent, received);
        row.echo = echo;
        add(Stream.FIREWALL, t, r.nextInt(10_000), row);
        // Rows the rule must not count: other vendors, and Palo Alto's non-traffic logs about the same session.
        if (r.nextDouble() < 0.05) {
            int kind = r.nextInt(3);
            GenFlow other = BenignTraffic.firewallRow(r, source, destination, port, sent, received);
            switch (kind) {
                case 0 -> {
                    other.vendor = "Fortinet";
                    other.product = "Fortigate";
                    other.activity = "traffic:forward accept";
                }
                case 1 -> {
                    other.vendor = "Check Point";
                    other.product = "VPN-1 & FireWall-1";
                    other.activity = "Accept";
                }
                default -> {
                    other.activity = "THREAT";
                    other.action = "alert";
                }
            }
            add(Stream.FIREWALL, t + r.nextLong(5 * SECOND), r.nextInt(10_000), other);
        }
    }

    /** Rows of other SubTypes; a Response carries answers that must still not count as a lookup. */
    private void otherSubType(int c, long t, SplittableRandom r) {
        GenDns row;
        if (r.nextBoolean()) {
            BenchUniverse.Domain dom = universe.domain(zipf.sample(r) - 1);
            row = dnsRow(c, dom.hosts[0], TYPE_A, 257, "Response", r).addresses(dom.v4.length > 0 ? dom.v4[0] : INTERNAL_ANSWERS[0]);
        } else {
            row = dnsRow(c, universe.computer(c).toLowerCase(Locale.ROOT), TYPE_A, 519, "DynamicRegistration", r)
                    .addresses(universe.ip(c));
        }
        add(Stream.DNS, t, r.nextInt(10_000), row);
    }

    /** Lookups without a usable answer (NXDOMAIN, empty, blank): they must not count for the baseline. */
    private void unansweredLookup(int c, long t, SplittableRandom r) {
        int d;
        String name;
        if (r.nextDouble() < 0.6) {
            d = zipf.sample(r) - 1;
            name = "wwww." + universe.domain(d).name;
        } else {
            d = BenchUniverse.INTERNAL;
            name = new String[] {"wpad.corp.contoso.com", "isatap.corp.contoso.com",
                "_ldap._tcp.dc._msdcs.contoso.com"}[r.nextInt(3)];
        }
        GenDns row = dnsRow(c, name, TYPE_A, 256, GenDns.LOOKUP_QUERY, r);
        double y = r.nextDouble();
        if (y < 0.45) row.addresses("");
        else if (y < 0.6) row.addresses("  ");
        else if (y < 0.7) row.nullAddresses = true;
        lookup(t, r.nextInt(10_000), c, d, row.responseCode(3));
    }

    /**
     * One query of a Windows host with the DNS-Client log on, as the client logs it: called (3006), and mostly also
     * answered (3020) and completed (3008), which the TXT rule must not count again.
     */
    private void clientQuery(long t, SplittableRandom r) {
        int host = universe.randomWindowsHost(r);
        if (host < 0) return;
        BenchUniverse.Domain dom = universe.domain(zipf.sample(r) - 1);
        String name = dom.hosts[r.nextInt(dom.hosts.length)];
        String results = "";
        int type;
        double x = r.nextDouble();
        if (x < 0.6) {
            type = TYPE_A;
            scratch.setLength(0);
            for (String a : dom.v4.length > 0 ? dom.v4 : INTERNAL_ANSWERS) scratch.append("::ffff:").append(a).append(';');
            results = scratch.toString();
        } else if (x < 0.86) {
            type = 28;
        } else if (x < 0.91) {
            type = 65;
        } else if (x < 0.94) {
            type = 33;
            name = r.nextBoolean() ? "_ldap._tcp.dc._msdcs.corp.contoso.com" : "_kerberos._tcp.corp.contoso.com";
        } else if (x < 0.965) {
            type = 12;
            name = (1 + r.nextInt(254)) + "." + r.nextInt(8) + ".0.10.in-addr.arpa";
        } else if (x < 0.98) {
            // No TXT record, though "type 160" starts with 16.
            type = 160;
        } else if (x < 0.985) {
            type = TYPE_TXT;
            name = (r.nextBoolean() ? "_dmarc." : "") + dom.name;
        } else {
            type = TYPE_A;
            name = "wpad.corp.contoso.com";
            results = "::ffff:10.0.0.10;";
        }
        clientEvents(universe.computer(host), name, type, t, 0.85, results, r);
    }

    // ---------------------------------------------------------------- rows, shared with the planned ones

    /** A query as the DNS client logs it: called at {@code t}, then each of the response and completion by chance. */
    void clientEvents(String computer, String name, int type, long t, double detailShare, String results,
                      SplittableRandom r) {
        long queryOptions = DnsClientTraffic.QUERY_OPTIONS[r.nextInt(DnsClientTraffic.QUERY_OPTIONS.length)];
        String servers = DnsClientTraffic.SERVER_LISTS[r.nextInt(DnsClientTraffic.SERVER_LISTS.length)];
        DnsClientTraffic.Event called = clientEvent(DnsClientTraffic.computerSpelling(computer, r),
                DnsClientTraffic.QUERY_CALLED, CALLED, name, type, queryOptions, servers);
        add(Stream.CLIENT, t, r.nextInt(10_000), called);
        // 9501: the name exists but has no record of the type asked for.
        int status = results.isEmpty() && (type == TYPE_A || type == 28) ? 9501 : 0;
        long answered = t + 1 + r.nextLong(150);
        if (r.nextDouble() < detailShare) {
            DnsClientTraffic.Event response = clientEvent(DnsClientTraffic.computerSpelling(computer, r),
                    DnsClientTraffic.QUERY_RESPONSE, RESPONSE, name, type, status, results);
            add(Stream.CLIENT, answered, r.nextInt(10_000), response);
        }
        if (r.nextDouble() < detailShare) {
            DnsClientTraffic.Event completed = clientEvent(DnsClientTraffic.computerSpelling(computer, r),
                    DnsClientTraffic.QUERY_COMPLETED, COMPLETED, name, type, queryOptions, status, results);
            add(Stream.CLIENT, answered + r.nextLong(3), r.nextInt(10_000), completed);
        }
    }

    /** An event of the DNS-Client log, its description the template filled in. */
    DnsClientTraffic.Event clientEvent(String computer, int eventId, BenchSampling.Template text, Object... args) {
        scratch.setLength(0);
        text.append(scratch, args);
        return new DnsClientTraffic.Event(computer, DnsClientEventParser.DNS_CLIENT_LOG, DnsClientTraffic.DNS_CLIENT_SOURCE,
                eventId, scratch.toString());
    }

    /** A DnsEvents row of client {@code c}; the server is drawn. */
    GenDns dnsRow(int c, String name, int type, int eventId, String subType, SplittableRandom r) {
        return BenignTraffic.dnsRow(r, subType, universe.ip(c), name, type, eventId);
    }

    /** A VMConnection row of VM {@code c}; the agent's spelling of an outbound direction and the process are drawn. */
    GenFlow vmRow(int c, String direction, String source, String destination, int port, long sent, long received,
                  SplittableRandom r) {
        String spelled = r.nextDouble() < 0.01 && direction.equals("outbound") ? "Outbound" : direction;
        return GenFlow.vm(universe.computer(c), BenignTraffic.PROCESSES[r.nextInt(BenignTraffic.PROCESSES.length)], spelled,
                source, destination, port, sent, received);
    }

    /** A registrable domain outside the universe, so never looked up by anyone else. */
    String freshDomain(String suffix) {
        scratch.setLength(0);
        universe.label(nextFreshDomain++, scratch);
        return scratch.append('.').append(suffix).toString();
    }

    /** Counts a lookup by client {@code c} of a fresh domain (one outside the universe). */
    void freshLookup(int c) {
        clientsSeen.set(c);
        extraDomainsSeen++;
    }

    private void lookup(long t, int ticks, int c, int d, GenDns row) {
        add(Stream.DNS, t, ticks, row);
        domainsSeen.set(d);
        clientsSeen.set(c);
    }

    /** Times the row (or the good row of a {@link BadRow}) and hands it on. */
    void add(Stream input, long t, int ticks, Object row) {
        BadRow.setTime(row instanceof BadRow b ? b.row() : row, t, ticks);
        rows.add(input, t, ticks, row);
        generated++;
    }
}
