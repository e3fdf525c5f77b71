package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rare.LookupFlood;
import dev.dnshunter.rare.FlowOverflow;

import dev.dnshunter.alert.Evidence;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.rare.LookupEvidence;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts of one (client, address) pair and alert window, from its flows and the pair's rare lookups: pure logic,
 * no Flink. Same result as matching every flow against every lookup (rule point 7: a flow counts once per domain
 * however many lookups match it; an alert reports the distinct lookups that matched at least one of its flows), but
 * the flows of each port and data type are sorted once and every lookup finds the flows it reaches by binary search,
 * so the cost is O((flows + lookups) log flows) per port and data type instead of O(flows x lookups).
 *
 * <p>A {@link LookupFlood} counts as one lookup interval from its first to its last time and a {@link FlowOverflow}
 * as one flow interval; either makes the alert {@code truncated}: its numbers then rest on summaries, not on every
 * record.
 */
final class PairCorrelation {
    private PairCorrelation() {}

    /** A lookup (or a flood) as the flow times it reaches: [from, to], both inclusive. */
    private record Reach(long from, long to, long count, long firstTime, long lastTime, boolean summary,
            LookupEvidence[] evidence) {}

    static List<RareDnsAlert> alerts(DetectionConfig config, long windowStart, List<Flow> flows,
            Collection<FlowOverflow> overflows, List<RareLookup> lookups, Collection<LookupFlood> floods) {
        long before = config.flowBeforeLookupMillis();
        long after = config.flowAfterLookupMillis();
        Map<String, List<Reach>> reachByDomain = new TreeMap<>();
        List<RareLookup> sorted = new ArrayList<>(lookups);
        sorted.sort((a, b) -> Long.compare(a.time, b.time));
        for (RareLookup l : sorted) {
            reachByDomain.computeIfAbsent(l.domain, d -> new ArrayList<>())
                    .add(new Reach(l.time - before, l.time + after, 1, l.time, l.time, false,
                            new LookupEvidence[] {l.evidence()}));
        }
        for (LookupFlood f : floods) {
            reachByDomain.computeIfAbsent(f.domain, d -> new ArrayList<>())
                    .add(new Reach(f.firstTime - before, f.lastTime + after, f.count, f.firstTime, f.lastTime, true,
                            f.samples == null ? new LookupEvidence[0] : f.samples));
        }
        if (reachByDomain.isEmpty()) return List.of();

        Map<String, FlowGroup> groups = new LinkedHashMap<>();
        for (Flow f : flows) groups.computeIfAbsent(f.destinationPort + "|" + f.dataType, k -> new FlowGroup()).flows.add(f);
        for (FlowOverflow o : overflows) groups.computeIfAbsent(o.destinationPort + "|" + o.dataType, k -> new FlowGroup()).overflow = o;

        TreeMap<String, RareDnsAlert> out = new TreeMap<>();
        for (FlowGroup g : groups.values()) {
            g.index();
            for (Map.Entry<String, List<Reach>> e : reachByDomain.entrySet()) {
                RareDnsAlert a = g.alert(e.getKey(), e.getValue());
                if (a == null) continue;
                a.windowStart = windowStart;
                a.windowEnd = windowStart + config.alertWindowMillis();
                a.lookbackBuckets = config.lookbackBuckets();
                a.integerAverage = config.kqlCompatible();
                a.baselineCount = -1;
                out.put(a.domain + '|' + a.destinationPort + '|' + a.dataType, a);
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The flows of one destination port and data type, sorted by time, with prefix sums of their bytes. */
    private static final class FlowGroup {
        final List<Flow> flows = new ArrayList<>();
        FlowOverflow overflow;
        long[] times;
        long[] sentBefore;
        long[] receivedBefore;

        void index() {
            Flow[] byTime = flows.toArray(new Flow[0]);
            Arrays.sort(byTime, (a, b) -> Long.compare(a.time, b.time));
            times = new long[byTime.length];
            sentBefore = new long[byTime.length + 1];
            receivedBefore = new long[byTime.length + 1];
            for (int i = 0; i < byTime.length; i++) {
                times[i] = byTime[i].time;
                sentBefore[i + 1] = sentBefore[i] + byTime[i].sentBytes;
                receivedBefore[i + 1] = receivedBefore[i] + byTime[i].receivedBytes;
            }
        }

        RareDnsAlert alert(String domain, List<Reach> reaches) {
            long lookupCount = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            boolean truncated = false;
            boolean overflowReached = false;
            List<int[]> ranges = new ArrayList<>();
            List<LookupEvidence> evidence = new ArrayList<>();
            for (Reach r : reaches) {
                int lo = firstAtOrAfter(r.from);
                int hi = firstAtOrAfter(r.to == Long.MAX_VALUE ? r.to : r.to + 1);
                boolean reachesOverflow = overflow != null && r.from <= overflow.lastTime && overflow.firstTime <= r.to;
                if (hi <= lo && !reachesOverflow) continue;
                lookupCount += r.count;
                first = Math.min(first, r.firstTime);
                last = Math.max(last, r.lastTime);
                truncated |= r.summary;
                overflowReached |= reachesOverflow;
                if (hi > lo) ranges.add(new int[] {lo, hi});
                evidence.addAll(Arrays.asList(r.evidence));
            }
            if (lookupCount == 0) return null;
            ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
            long connections = 0;
            long sent = 0;
            long received = 0;
            long firstFlow = Long.MAX_VALUE;
            long lastFlow = Long.MIN_VALUE;
            int end = -1;
            for (int[] r : ranges) {
                firstFlow = Math.min(firstFlow, times[r[0]]);
                lastFlow = Math.max(lastFlow, times[r[1] - 1]);
                int from = Math.max(r[0], end);
                if (r[1] > from) {
                    connections += r[1] - from;
                    sent += sentBefore[r[1]] - sentBefore[from];
                    received += receivedBefore[r[1]] - receivedBefore[from];
                }
                end = Math.max(end, r[1]);
            }
            RareDnsAlert a = new RareDnsAlert();
            if (overflowReached) {
                connections += overflow.count;
                sent += overflow.sentBytes;
                received += overflow.receivedBytes;
                truncated = true;
                firstFlow = Math.min(firstFlow, overflow.firstTime);
                lastFlow = Math.max(lastFlow, overflow.lastTime);
            }
            Flow f = flows.isEmpty() ? null : flows.get(0);
            a.clientIp = f != null ? f.sourceIp : overflow.sourceIp;
            a.destinationIp = f != null ? f.destinationIp : overflow.destinationIp;
            a.destinationPort = f != null ? f.destinationPort : overflow.destinationPort;
            a.dataType = f != null ? f.dataType : overflow.dataType;
            a.domain = domain;
            a.sentBytes = sent;
            a.receivedBytes = received;
            a.connectionCount = connections;
            a.lookupCount = lookupCount;
            a.firstLookupTime = first;
            a.lastLookupTime = last;
            a.truncated = truncated;
            evidence.sort(LookupEvidence.ORDER);
            a.lookups = evidence.subList(0, Math.min(evidence.size(), Evidence.MAX_ITEMS)).toArray(new LookupEvidence[0]);
            a.lookupsOmitted = Evidence.omitted(lookupCount, a.lookups.length);
            a.firstFlowTime = firstFlow;
            a.lastFlowTime = lastFlow;
            return a;
        }

        /** Index of the first flow at or after {@code t} (the number of flows before it). */
        private int firstAtOrAfter(long t) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < t) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
