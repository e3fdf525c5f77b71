package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DnsNxdomainBurst computed the slow, obvious way, from the text and not from the Flink code: all queries in
 * memory, per identity, every distinct time of its counted queries judged by a full scan of the window. Ground truth
 * for the tests (the per-identity cap is not modelled: the test traffic stays far below it).
 */
public final class ReferenceNxdomainDetector {
    private ReferenceNxdomainDetector() {}

    private record Counted(long time, String domain) {}

    public static List<NxdomainBurstAlert> detect(List<DnsQuery> queries, DomainRules domains, NxdomainParams p) {
        Map<String, List<Counted>> byIdentity = new TreeMap<>();
        for (DnsQuery q : queries) {
            if (q.responseCode != 3) continue;
            if (!(q.queryType == 1 || q.queryType == 28 || q.queryType == DnsQuery.ABSENT)) continue;
            String name = ReferenceQueries.name(q);
            if (name == null || name.isEmpty() || !name.contains(".")) continue;
            if (isUnder(name, "arpa") || isUnder(name, "local")) continue;
            boolean internal = false;
            for (String s : p.internalSuffixes()) internal |= isUnder(name, s);
            if (internal) continue;
            ReferenceQueries.Identity who = ReferenceQueries.identity(q);
            if (who == null) continue;
            String id = (who.byAddress() ? "a" : "h") + who.id();
            byIdentity.computeIfAbsent(id, k -> new ArrayList<>()).add(new Counted(q.time, domains.domainOf(name)));
        }
        List<NxdomainBurstAlert> out = new ArrayList<>();
        for (Map.Entry<String, List<Counted>> e : byIdentity.entrySet()) {
            List<Counted> all = e.getValue();
            TreeSet<Long> times = new TreeSet<>();
            for (Counted c : all) times.add(c.time());
            long quietUntil = Long.MIN_VALUE;
            for (long t : times) {
                if (t < quietUntil) continue;
                TreeSet<String> distinct = new TreeSet<>();
                TreeMap<Long, TreeSet<String>> byTime = new TreeMap<>();
                int count = 0;
                for (Counted c : all) {
                    if (c.time() > t - p.windowMillis() && c.time() <= t) {
                        count++;
                        distinct.add(c.domain());
                        byTime.computeIfAbsent(c.time(), k -> new TreeSet<>()).add(c.domain());
                    }
                }
                if (distinct.size() < p.domains()) continue;
                List<String> samples = new ArrayList<>();
                for (TreeSet<String> ds : byTime.values()) for (String d : ds) if (samples.size() < 10 && !samples.contains(d)) samples.add(d);
                NxdomainBurstAlert a = new NxdomainBurstAlert();
                a.byAddress = e.getKey().charAt(0) == 'a';
                a.identity = e.getKey().substring(1);
                a.time = t;
                a.distinctDomains = distinct.size();
                a.queryCount = count;
                a.firstQueryTime = byTime.firstKey();
                a.lastQueryTime = byTime.lastKey();
                a.sampleDomains = samples.toArray(new String[0]);
                out.add(a);
                quietUntil = t + p.suppressionMillis();
            }
        }
        return out;
    }

    private static boolean isUnder(String name, String suffix) {
        return name.equals(suffix) || name.endsWith("." + suffix);
    }
}
