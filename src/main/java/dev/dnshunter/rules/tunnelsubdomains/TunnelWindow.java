package dev.dnshunter.rules.tunnelsubdomains;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tunnel-shaped queries of one (identity, domain) within the window, and the alert they make at a trigger
 * time. Pure Java: the Flink function and its tests share it.
 */
public final class TunnelWindow {
    private TunnelWindow() {}

    /** One tunnel-shaped query. */
    public record Hit(long time, String name, int queryType) {}

    /**
     * The alert at trigger time {@code t} if the queries with {@code t - window < time <= t} have at least
     * {@code p.names()} distinct names, else null. {@code hits} may hold others; they are ignored.
     */
    public static TunnelSubdomainsAlert judge(String identity, boolean byAddress, String domain, long t, List<Hit> hits, TunnelParams p) {
        TreeMap<Long, TreeSet<String>> namesByTime = new TreeMap<>();
        TreeSet<Integer> types = new TreeSet<>();
        TreeSet<String> distinct = new TreeSet<>();
        int count = 0;
        long first = Long.MAX_VALUE;
        for (Hit h : hits) {
            if (h.time() > t || h.time() <= t - p.windowMillis()) continue;
            count++;
            first = Math.min(first, h.time());
            distinct.add(h.name());
            namesByTime.computeIfAbsent(h.time(), k -> new TreeSet<>()).add(h.name());
            if (h.queryType() >= 0) types.add(h.queryType());
        }
        if (distinct.size() < p.names()) return null;
        List<String> samples = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (TreeSet<String> names : namesByTime.values()) {
            for (String n : names) {
                if (samples.size() == 10) break;
                if (seen.add(n)) samples.add(n);
            }
        }
        TunnelSubdomainsAlert a = new TunnelSubdomainsAlert();
        a.identity = identity;
        a.byAddress = byAddress;
        a.domain = domain;
        a.time = t;
        a.distinctNames = distinct.size();
        a.queryCount = count;
        a.firstQueryTime = first;
        a.lastQueryTime = namesByTime.lastKey();
        a.sampleNames = samples.toArray(new String[0]);
        a.queryTypes = types.stream().mapToInt(Integer::intValue).toArray();
        return a;
    }
}
