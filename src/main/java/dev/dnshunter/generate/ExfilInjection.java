package dev.dnshunter.generate;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.event.Flow;
import dev.dnshunter.generate.Catalog.Client;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.DomainRules;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The planted exfiltrations of the rare-lookup rule: a host resolves a never-seen name and moves megabytes to its
 * address within the hour, through the firewall or from a VM, one of them across midnight.
 */
final class ExfilInjection {
    private static final long SECOND = BenignTraffic.SECOND;
    private static final long MINUTE = BenignTraffic.MINUTE;
    private static final long HOUR = BenignTraffic.HOUR;
    private static final long DAY = DataSetGenerator.DAY;

    private ExfilInjection() {}

    static List<DataSetGenerator.Injected> inject(GeneratorOptions options, Catalog catalog, Traffic traffic, DomainRules domains,
            long detectFrom, SplittableRandom r) {
        List<Client> hosts = new ArrayList<>();
        for (Client c : catalog.clients) if (c.vm && !c.ipv6) hosts.add(c);
        if (hosts.isEmpty()) for (Client c : catalog.clients) if (!c.ipv6) hosts.add(c);
        // Fisher-Yates, so the chosen hosts depend on the seed only.
        for (int i = hosts.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Client tmp = hosts.get(i);
            hosts.set(i, hosts.get(j));
            hosts.set(j, tmp);
        }
        int baselineDays = options.days() > DataSetGenerator.BASELINE_DAYS ? DataSetGenerator.BASELINE_DAYS : 0;
        long firstDay = options.startMillis() + baselineDays * DAY;
        int detectionDays = options.days() - baselineDays;
        long detectStart = detectFrom == Long.MIN_VALUE ? options.startMillis() : detectFrom;

        List<DataSetGenerator.Injected> injected = new ArrayList<>();
        int n = options.exfiltrations();
        for (int i = 0; i < n; i++) {
            Client c = hosts.get(i % hosts.size());
            String name = name(catalog, i, r);
            String address = catalog.newPublicV4();
            String dataType = i % 2 == 0 ? Flow.PALO_ALTO : Flow.VM_CONNECTION;
            int port = i % 4 == 3 ? 8443 : 443;

            long lookup;
            List<Long> flowTimes = new ArrayList<>();
            if (i == 0) {
                // Looked up ten minutes before midnight, used ten minutes after: the alert's window is on the next day.
                long midnight = Math.floorDiv(detectStart, DAY) * DAY + DAY;
                lookup = midnight - 10 * MINUTE + r.nextLong(30 * SECOND);
                for (long m : new long[] {10, 25, 40}) flowTimes.add(midnight + m * MINUTE + r.nextLong(30 * SECOND));
            } else {
                long day = firstDay + (long) i * detectionDays / n * DAY;
                lookup = day + (1 + r.nextInt(21)) * HOUR + r.nextLong(HOUR);
                int count = 3 + r.nextInt(2);
                for (int j = 0; j < count; j++) flowTimes.add(lookup + 2 * MINUTE + j * 12 * MINUTE + r.nextLong(MINUTE));
            }

            GenDns row = BenignTraffic.dnsRow(r, GenDns.LOOKUP_QUERY, c.dnsIp, name, 1, 256).addresses(address).responseCode(0);
            Traffic.add(traffic.dns, lookup, r.nextInt(10_000), row);

            long total = 0;
            for (long ft : flowTimes) {
                long sent = 1_000_000L + r.nextLong(3_000_000L);
                long received = 2_000L + r.nextLong(20_000L);
                total += sent;
                if (dataType.equals(Flow.PALO_ALTO)) {
                    Traffic.add(traffic.firewall, ft, r.nextInt(10_000), BenignTraffic.firewallRow(r, c.ip, address, port, sent, received));
                } else {
                    Traffic.add(traffic.vm, ft, r.nextInt(10_000), BenignTraffic.vmRow(r, c, "outbound", c.ip, address, port, sent, received));
                }
            }
            injected.add(new DataSetGenerator.Injected(AddressRules.canonicalOrRaw(c.ip), domains.domainOf(name), name,
                    AddressRules.canonicalOrRaw(address), port, dataType, lookup, flowTimes.get(0), flowTimes.size(), total));
        }
        return injected;
    }

    /** Never-seen names of the kinds that hide well: a fresh domain, a fresh co.uk domain, a fresh S3 bucket. */
    private static String name(Catalog catalog, int i, SplittableRandom r) {
        switch (i % 3) {
            case 0:
                return "upload." + catalog.newDomain(new String[] {"xyz", "top", "info", "net"}[r.nextInt(4)]);
            case 1:
                return "sync." + catalog.newDomain("co.uk");
            default:
                while (true) {
                    String bucket = "bucket" + (100_000 + r.nextInt(900_000)) + ".s3.amazonaws.com";
                    if (catalog.reserveDomain(bucket)) return bucket;
                }
        }
    }

    /**
     * Checks that each planted exfiltration is in the alerts with all its bytes, under the data type the format gives
     * it ({@code dataTypeOf} maps the planted one, Palo Alto Networks or VMConnection, to the rendered one).
     */
    static void checkDetected(List<DataSetGenerator.Injected> injected, List<RareDnsAlert> alerts,
            java.util.function.UnaryOperator<String> dataTypeOf) {
        for (DataSetGenerator.Injected i : injected) {
            long sent = 0;
            String dataType = dataTypeOf.apply(i.dataType());
            for (RareDnsAlert a : alerts) {
                if (a.clientIp.equals(i.client()) && a.domain.equals(i.domain()) && a.destinationIp.equals(i.destinationIp())
                        && a.destinationPort == i.destinationPort() && a.dataType.equals(dataType)) {
                    sent += a.sentBytes;
                }
            }
            if (sent != i.sentBytes()) {
                throw new IllegalStateException("injected exfiltration not fully detected (" + sent + " of "
                        + i.sentBytes() + " bytes): " + i);
            }
        }
    }
}
