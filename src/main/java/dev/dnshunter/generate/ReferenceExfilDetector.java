package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.exfilvolume.ExfilParams;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DnsExfiltrationVolume computed the slow, obvious way, from the text and not from the Flink code: all
 * queries in memory, per (identity, domain), every distinct query time of the pair judged for each tier by a full
 * scan of that tier's window. Exact strings, no cap. Ground truth for the tests.
 */
public final class ReferenceExfilDetector {
    private ReferenceExfilDetector() {}

    private record Hit(long time, String subdomain) {}

    public static List<ExfilVolumeAlert> detect(List<DnsQuery> queries, DomainRules domains, ExfilParams p) {
        Map<String, List<Hit>> byPair = new TreeMap<>();
        for (DnsQuery q : queries) {
            ReferenceQueries.Question s = ReferenceQueries.question(q, domains);
            if (s == null) continue;
            byPair.computeIfAbsent(s.pairKey(), k -> new ArrayList<>()).add(new Hit(q.time, s.subdomain()));
        }
        String[] labels = {"1h", "24h"};
        long[] windows = {ExfilParams.HOUR, ExfilParams.DAY};
        long[] minChars = {p.hourlyChars(), p.dailyChars()};
        int[] minSubs = {p.hourlySubdomains(), p.dailySubdomains()};
        List<ExfilVolumeAlert> out = new ArrayList<>();
        for (Map.Entry<String, List<Hit>> e : byPair.entrySet()) {
            String[] k = e.getKey().split("\u0000", 3);
            List<Hit> hits = e.getValue();
            TreeSet<Long> times = new TreeSet<>();
            for (Hit h : hits) times.add(h.time());
            for (int tier = 0; tier < 2; tier++) {
                Long suppressedUntil = null;
                for (long t : times) {
                    if (suppressedUntil != null && t < suppressedUntil) continue;
                    Map<String, Long> latest = new HashMap<>();
                    int count = 0;
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    for (Hit h : hits) {
                        if (h.subdomain().isEmpty() || h.time() <= t - windows[tier] || h.time() > t) continue;
                        count++;
                        first = Math.min(first, h.time());
                        last = Math.max(last, h.time());
                        latest.merge(h.subdomain(), h.time(), Math::max);
                    }
                    long volume = 0;
                    for (String s : latest.keySet()) volume += s.length();
                    if (volume < minChars[tier] || latest.size() < minSubs[tier]) continue;
                    List<Map.Entry<String, Long>> ordered = new ArrayList<>(latest.entrySet());
                    ordered.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
                    ExfilVolumeAlert a = new ExfilVolumeAlert();
                    a.byAddress = k[0].equals("clientIp");
                    a.identity = k[1];
                    a.domain = k[2];
                    a.tier = labels[tier];
                    a.time = t;
                    a.volumeChars = volume;
                    a.distinctSubdomains = latest.size();
                    a.queryCount = count;
                    a.firstQueryTime = first;
                    a.lastQueryTime = last;
                    a.sampleSubdomains = ordered.stream().limit(10).map(Map.Entry::getKey).toArray(String[]::new);
                    out.add(a);
                    suppressedUntil = t + windows[tier];
                }
            }
        }
        return out;
    }
}
