package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The attacks of the name- and answer-based rules that {@code generate --tunnels N} (and the like) add to a data set:
 * N copies of a scenario with its look-alikes, the first an hour into the detection period and each next one
 * {@link #SPACING} later (a day and two hours for the volume exfiltrations, whose slow one takes a day). Each copy
 * has names of its own (its own seed); the clients are those of the scenario (10.40.0.0/24, 10.50.0.0/24), which the
 * organisation's own hosts never use.
 */
final class AttackTraffic {
    static final long HOUR = BenignTraffic.HOUR;
    static final long SPACING = 6 * HOUR;
    static final long EXFIL_SPACING = 26 * HOUR;
    /** How long a copy of each scenario lasts, rounded up. */
    static final long TUNNEL_SPAN = 3 * HOUR;
    static final long EXFIL_SPAN = 25 * HOUR;
    static final long NXDOMAIN_TXT_SPAN = 3 * HOUR;

    private AttackTraffic() {}

    /** The queries of all copies, or an IllegalArgumentException when they do not fit before the data set ends. */
    static List<DnsQuery> of(GeneratorOptions o, long detectFrom) {
        GeneratorOptions.Attacks a = o.attacks();
        long base = (detectFrom == Long.MIN_VALUE ? o.startMillis() : detectFrom) + HOUR;
        List<DnsQuery> out = new ArrayList<>();
        for (int k = 0; k < a.tunnels(); k++) {
            long t = place(o, "--tunnels", base + k * SPACING, TUNNEL_SPAN);
            out.addAll(TunnelTraffic.of(t, seed(o, 1, k)));
        }
        for (int k = 0; k < a.volumeExfiltrations(); k++) {
            long t = place(o, "--volume-exfiltrations", base + k * EXFIL_SPACING, EXFIL_SPAN);
            out.addAll(ExfilTraffic.of(t, seed(o, 2, k)));
        }
        for (int k = 0; k < a.nxdomainBursts(); k++) {
            long t = place(o, "--nxdomain-bursts", base + 2 * HOUR + k * SPACING, NXDOMAIN_TXT_SPAN);
            for (DnsQuery q : NxdomainTxtTraffic.of(t, seed(o, 3, k))) if (q.responseCode == 3) out.add(q);
        }
        for (int k = 0; k < a.txtPayloads(); k++) {
            long t = place(o, "--txt-payloads", base + 4 * HOUR + k * SPACING, NXDOMAIN_TXT_SPAN);
            for (DnsQuery q : NxdomainTxtTraffic.of(t, seed(o, 4, k))) if (q.responseCode != 3) out.add(q);
        }
        return out;
    }

    private static long place(GeneratorOptions o, String flag, long start, long span) {
        if (start + span > o.endMillis()) {
            throw new IllegalArgumentException(flag + ": the copies do not fit before the data set ends (--days " + o.days()
                    + ", detection from day " + (o.days() > DataSetGenerator.BASELINE_DAYS ? DataSetGenerator.BASELINE_DAYS + 1 : 1)
                    + "); give fewer, or more --days");
        }
        return start;
    }

    private static long seed(GeneratorOptions o, int scenario, int copy) {
        return o.seed() * 1_000_003L + scenario * 10_007L + copy;
    }
}
