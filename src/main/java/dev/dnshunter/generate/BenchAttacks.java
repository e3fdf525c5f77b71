package dev.dnshunter.generate;

import dev.dnshunter.generate.DataSetFormat.Stream;
import java.util.SplittableRandom;

/**
 * The bench data set's planned rows, made before its benign traffic and from streams of their own, so that they are
 * where they are whatever N is: on every detection day exfiltrations (a never-seen name resolved, then megabytes sent
 * to its address within the hour), a DnsEvents TXT burst and a DNSlivery-style burst in the DNS client events; and in
 * every part of every input {@value BenchDataWriter#BAD_LINES_PER_PART} malformed lines, which the job must survive.
 * They are modelled rows like the benign ones ({@link BenchTraffic} makes and times them).
 */
final class BenchAttacks {
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Per detection day. */
    private static final int EXFILTRATIONS_PER_DAY = 3;
    private static final int DNS_TXT_BURSTS_PER_DAY = 1;
    private static final int CLIENT_TXT_BURSTS_PER_DAY = 1;

    private final BenchTraffic traffic;
    private final BenchUniverse universe;
    int exfiltrations;
    int dnsTxtBursts;
    int clientTxtBursts;

    BenchAttacks(BenchTraffic traffic) {
        this.traffic = traffic;
        this.universe = traffic.universe;
    }

    /** The attacks of every detection day before {@code end}. */
    void attacks(long end) {
        SplittableRandom r = traffic.attackRng;
        long detectFrom = BenchDataWriter.detectFromMillis();
        int n = 0;
        for (long day = detectFrom; day < end; day += DAY) {
            for (int i = 0; i < EXFILTRATIONS_PER_DAY; i++) exfiltration(n++, day + (1 + r.nextInt(21)) * HOUR + r.nextLong(HOUR), r);
            for (int i = 0; i < DNS_TXT_BURSTS_PER_DAY; i++) dnsTxtBurst(day + (8 + r.nextInt(10)) * HOUR + r.nextLong(HOUR), r);
            for (int i = 0; i < CLIENT_TXT_BURSTS_PER_DAY; i++) clientTxtBurst(day + (9 + r.nextInt(8)) * HOUR + r.nextLong(HOUR), r);
        }
    }

    private void exfiltration(int i, long lookup, SplittableRandom r) {
        boolean viaVm = i % 2 == 1;
        int c;
        do {
            c = r.nextInt(traffic.clientUniverse);
        } while (universe.isVm(c) != viaVm && traffic.clientUniverse > 1);
        String name = switch (i % 3) {
            case 0 -> "upload." + traffic.freshDomain(new String[] {"xyz", "top", "info", "net"}[r.nextInt(4)]);
            case 1 -> "sync." + traffic.freshDomain("co.uk");
            default -> traffic.freshDomain("s3.amazonaws.com");
        };
        String address = BenchUniverse.ATTACK_FIRST_OCTET + "." + (200 + i / 254 % 56) + "." + r.nextInt(256) + "." + (1 + i % 254);
        int port = i % 4 == 3 ? 8443 : 443;
        GenDns query = traffic.dnsRow(c, name, BenchTraffic.TYPE_A, 256, GenDns.LOOKUP_QUERY, r).addresses(address).responseCode(0);
        traffic.add(Stream.DNS, lookup, r.nextInt(10_000), query);
        traffic.freshLookup(c);
        String ip = universe.ip(c);
        int count = 3 + r.nextInt(2);
        for (int j = 0; j < count; j++) {
            long ft = lookup + 2 * MINUTE + j * 12 * MINUTE + r.nextLong(MINUTE);
            long sent = 1_000_000L + r.nextLong(3_000_000L);
            long received = 2_000L + r.nextLong(20_000L);
            if (viaVm) {
                GenFlow f = traffic.vmRow(c, "outbound", ip, address, port, sent, received, r);
                traffic.add(Stream.VM, ft, r.nextInt(10_000), f);
            } else {
                GenFlow f = BenignTraffic.firewallRow(r, ip, address, port, sent, received);
                traffic.add(Stream.FIREWALL, ft, r.nextInt(10_000), f);
            }
        }
        exfiltrations++;
    }

    /** DNS tunnel staging seen by the DNS server: 8 to 12 TXT queries for numbered labels of one fresh domain. */
    private void dnsTxtBurst(long t, SplittableRandom r) {
        int c = r.nextInt(traffic.clientUniverse);
        String domain = traffic.freshDomain("xyz");
        int n = 8 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            GenDns query = traffic.dnsRow(c, (i == 0 ? "print" : Integer.toString(i)) + "." + domain, BenchTraffic.TYPE_TXT,
                    256, GenDns.LOOKUP_QUERY, r).responseCode(0);
            traffic.add(Stream.DNS, t + i * (10 * SECOND + r.nextLong(10 * SECOND)), r.nextInt(10_000), query);
        }
        traffic.freshLookup(c);
        dnsTxtBursts++;
    }

    /** DNSlivery on a Windows host: a launcher TXT query, then 18 to 22 numbered chunks a few seconds apart. */
    private void clientTxtBurst(long t, SplittableRandom r) {
        int host = universe.randomWindowsHost(r);
        String computer = host >= 0 ? universe.computer(host) : "WS9001.corp.contoso.com";
        String zone = new String[] {"stager", "beacon", "loader"}[r.nextInt(3)] + "." + traffic.freshDomain("top");
        int chunks = 18 + r.nextInt(5);
        long ti = t;
        for (int i = 0; i <= chunks; i++) {
            traffic.clientEvents(computer, (i == 0 ? "launcher" : Integer.toString(i)) + "." + zone, BenchTraffic.TYPE_TXT, ti,
                    0.85, "", r);
            ti += 1_500 + r.nextLong(3_000);
        }
        clientTxtBursts++;
    }

    /**
     * The malformed lines, at random times in each of the {@code parts} stretches of each input: a row cut short by a
     * crashed writer, then one with an impossible date.
     */
    void badLines(long start, long end, int parts) {
        SplittableRandom r = traffic.badLineRng;
        long partLength = (end - start) / parts;
        for (Stream input : Stream.values()) {
            for (int p = 0; p < parts; p++) {
                for (int k = 0; k < BenchDataWriter.BAD_LINES_PER_PART; k++) {
                    long t = start + p * partLength + r.nextLong(partLength);
                    int c = r.nextInt(traffic.clientUniverse);
                    Object row = switch (input) {
                        case DNS -> traffic.dnsRow(c, "www.microsoft.com", BenchTraffic.TYPE_A, 256, GenDns.LOOKUP_QUERY, r)
                                .addresses(universe.domain(0).v4[0]).responseCode(0);
                        case FIREWALL -> BenignTraffic.firewallRow(r, universe.ip(c), BenchUniverse.publicV4(r.nextLong()), 443,
                                1_000, 2_000);
                        case VM -> traffic.vmRow(c, "outbound", universe.ip(c), BenchUniverse.publicV4(r.nextLong()), 443,
                                1_000, 2_000, r);
                        case CLIENT -> traffic.clientEvent("WKS-" + c + ".corp.contoso.com", DnsClientTraffic.QUERY_CALLED,
                                BenchTraffic.CALLED, "_dmarc.microsoft.com", BenchTraffic.TYPE_TXT, DnsClientTraffic.QUERY_OPTIONS[0], "");
                    };
                    BadRow.Kind kind = k == 0 ? BadRow.Kind.CUT : BadRow.Kind.IMPOSSIBLE_DATE;
                    traffic.add(input, t, r.nextInt(10_000), new BadRow(kind, row));
                }
            }
        }
    }
}
