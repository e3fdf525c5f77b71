package dev.dnshunter.rules.nxdomainburst;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** The counted queries of one identity within the window and the alert they make at a trigger time. Pure Java. */
public final class NxdomainWindow {
    private NxdomainWindow() {}

    /** One counted query: its time and the domain of its name. */
    public record Hit(long time, String domain) {}

    /**
     * The alert at {@code t} if the queries with {@code t - window < time <= t} have at least {@code p.domains()}
     * distinct domains, else null. {@code hits} may hold others; they are ignored.
     */
    public static NxdomainBurstAlert judge(String identity, boolean byAddress, long t, List<Hit> hits, NxdomainParams p) {
        TreeMap<Long, TreeSet<String>> byTime = new TreeMap<>();
        TreeSet<String> distinct = new TreeSet<>();
        int count = 0;
        for (Hit h : hits) {
            if (h.time() > t || h.time() <= t - p.windowMillis()) continue;
            count++;
            distinct.add(h.domain());
            byTime.computeIfAbsent(h.time(), k -> new TreeSet<>()).add(h.domain());
        }
        if (distinct.size() < p.domains()) return null;
        List<String> samples = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (TreeSet<String> ds : byTime.values()) {
            for (String d : ds) {
                if (samples.size() == 10) break;
                if (seen.add(d)) samples.add(d);
            }
        }
        NxdomainBurstAlert a = new NxdomainBurstAlert();
        a.identity = identity;
        a.byAddress = byAddress;
        a.time = t;
        a.distinctDomains = distinct.size();
        a.queryCount = count;
        a.firstQueryTime = byTime.firstKey();
        a.lastQueryTime = byTime.lastKey();
        a.sampleDomains = samples.toArray(new String[0]);
        return a;
    }
}
