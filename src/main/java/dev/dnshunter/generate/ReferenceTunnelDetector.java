package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.tunnelsubdomains.TunnelParams;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DnsTunnelingSubdomains computed the slow, obvious way, from the text and not from the Flink code: all
 * queries in memory, per (identity, domain), every distinct query time of the pair's tunnel-shaped queries judged by
 * a full scan of the window. Ground truth for the tests.
 */
public final class ReferenceTunnelDetector {
    private ReferenceTunnelDetector() {}

    public static List<TunnelSubdomainsAlert> detect(List<DnsQuery> queries, DomainRules domains, TunnelParams p) {
        Map<String, List<Object[]>> byPair = new TreeMap<>();
        for (DnsQuery q : queries) {
            ReferenceQueries.Question s = ReferenceQueries.question(q, domains);
            if (s == null) continue;
            if (!shaped(s.subdomain(), p)) continue;
            byPair.computeIfAbsent(s.pairKey(), k -> new ArrayList<>()).add(new Object[] {q.time, s.name(), q.queryType});
        }
        List<TunnelSubdomainsAlert> out = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> e : byPair.entrySet()) {
            String[] k = e.getKey().split("\u0000", 3);
            List<Object[]> hits = e.getValue();
            TreeSet<Long> times = new TreeSet<>();
            for (Object[] h : hits) times.add((Long) h[0]);
            Long suppressedUntil = null;
            for (long t : times) {
                if (suppressedUntil != null && t < suppressedUntil) continue;
                TreeMap<Long, TreeSet<String>> window = new TreeMap<>();
                TreeSet<Integer> types = new TreeSet<>();
                TreeSet<String> distinct = new TreeSet<>();
                int count = 0;
                for (Object[] h : hits) {
                    long time = (Long) h[0];
                    if (time <= t - p.windowMillis() || time > t) continue;
                    count++;
                    distinct.add((String) h[1]);
                    window.computeIfAbsent(time, x -> new TreeSet<>()).add((String) h[1]);
                    if ((Integer) h[2] >= 0) types.add((Integer) h[2]);
                }
                if (distinct.size() < p.names()) continue;
                List<String> samples = new ArrayList<>();
                for (TreeSet<String> names : window.values()) for (String n : names) if (samples.size() < 10 && !samples.contains(n)) samples.add(n);
                TunnelSubdomainsAlert a = new TunnelSubdomainsAlert();
                a.byAddress = k[0].equals("clientIp");
                a.identity = k[1];
                a.domain = k[2];
                a.time = t;
                a.distinctNames = distinct.size();
                a.queryCount = count;
                a.firstQueryTime = window.firstKey();
                a.lastQueryTime = window.lastKey();
                a.sampleNames = samples.toArray(new String[0]);
                a.queryTypes = types.stream().mapToInt(Integer::intValue).toArray();
                out.add(a);
                suppressedUntil = t + p.suppressionMillis();
            }
        }
        return out;
    }

    /** The three tests, spelled out again. */
    static boolean shaped(String sub, TunnelParams p) {
        if (sub.isEmpty()) return false;
        if (sub.length() >= p.minSubdomain()) return true;
        for (String label : sub.split("\\.", -1)) {
            if (label.length() >= p.minLabel()) {
                Map<Integer, Integer> freq = new HashMap<>();
                label.chars().forEach(c -> freq.merge(c, 1, Integer::sum));
                double bits = 0;
                for (int n : freq.values()) {
                    double f = n / (double) label.length();
                    bits += -f * Math.log(f) / Math.log(2);
                }
                if (bits >= p.minEntropy()) return true;
            }
            if (label.length() >= p.minHexLabel() && label.matches("[0-9a-f]+") && label.matches(".*[0-9].*")
                    && label.matches(".*[a-f].*")) {
                return true;
            }
        }
        return false;
    }
}
