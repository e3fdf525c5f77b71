package dev.dnshunter.rare;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by (client, address): the interval join of rare lookups with the outbound flows from that client to that
 * address, and the hourly aggregation of the joined flows into alerts (without the baseline, which the
 * {@link AlertBaselineEnricher} adds).
 *
 * <p>A flow F joins a lookup L when {@code L.time - before <= F.time <= L.time + after}. Flink's built-in interval
 * join emits one pair per matching lookup; the rule counts a flow once per domain however many lookups match it and
 * needs the set of matching lookups per alert, so the join is done here over the key's buffered records instead of
 * de-duplicating pairs downstream (which would need an identity for every flow and shuffle every pair).
 *
 * <p>An hour window is final once event time passes its end plus {@code before} (the latest lookup that can still
 * match one of its flows); then its alerts are emitted and its flows dropped. A lookup is dropped once the last
 * window it can reach is final.
 */
public class TransferCorrelator extends KeyedCoProcessFunction<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private final boolean inputSortedByTime;

    private transient ListState<RareLookup> lookups;
    private transient MapState<Long, List<Flow>> flowsByWindow;
    private transient Counter alertsCounter;

    public TransferCorrelator(DetectionConfig config, boolean inputSortedByTime) {
        this.config = config;
        this.inputSortedByTime = inputSortedByTime;
    }

    /** Both inputs are partitioned by (client, address): {@link PartitionKey#ofPair}. */
    public static final KeySelector<RareLookup, Tuple2<Long, Long>> LOOKUP_KEY = l -> PartitionKey.ofPair(l.clientIp, l.address);
    public static final KeySelector<Flow, Tuple2<Long, Long>> FLOW_KEY = f -> PartitionKey.ofPair(f.sourceIp, f.destinationIp);

    @Override
    public void open(OpenContext openContext) {
        lookups = getRuntimeContext().getListState(new ListStateDescriptor<>("rare-lookups", RareLookup.class));
        flowsByWindow = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("flows-by-window", Types.LONG, new ListTypeInfo<>(Flow.class)));
        alertsCounter = getRuntimeContext().getMetricGroup().counter("transferAlerts");
    }

    @Override
    public void processElement1(RareLookup lookup, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        lookups.add(lookup);
        ctx.timerService().registerEventTimeTimer(retireTime(lookup));
        if (inputSortedByTime) {
            emitDue(EventTimeProgress.of(ctx.timerService().currentWatermark(), true, lookup.time), out);
        }
    }

    @Override
    public void processElement2(Flow flow, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        long window = config.alertWindowStart(flow.time);
        List<Flow> flows = flowsByWindow.get(window);
        if (flows == null) flows = new ArrayList<>();
        flows.add(flow);
        flowsByWindow.put(window, flows);
        ctx.timerService().registerEventTimeTimer(finalTime(window));
        if (inputSortedByTime) {
            emitDue(EventTimeProgress.of(ctx.timerService().currentWatermark(), true, flow.time), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RareDnsAlert> out) throws Exception {
        emitDue(Math.max(timestamp, ctx.timerService().currentWatermark()), out);
    }

    private void emitDue(long progress, Collector<RareDnsAlert> out) throws Exception {
        TreeMap<Long, List<Flow>> due = new TreeMap<>();
        for (Map.Entry<Long, List<Flow>> e : flowsByWindow.entries()) {
            if (finalTime(e.getKey()) <= progress) due.put(e.getKey(), e.getValue());
        }
        if (!due.isEmpty()) {
            List<RareLookup> known = new ArrayList<>();
            lookups.get().forEach(known::add);
            for (Map.Entry<Long, List<Flow>> e : due.entrySet()) {
                emitWindow(e.getKey(), e.getValue(), known, out);
                flowsByWindow.remove(e.getKey());
            }
            if (flowsByWindow.isEmpty()) flowsByWindow.clear();
        }
        retireLookups(progress);
    }

    private void emitWindow(long windowStart, List<Flow> flows, List<RareLookup> known, Collector<RareDnsAlert> out) {
        if (known.isEmpty()) return;
        Map<String, Aggregate> groups = new TreeMap<>();
        for (Flow f : flows) {
            // Each flow counts once per domain: collect the domains (and which lookups) it matches before adding it.
            Map<String, BitSet> matchedByDomain = new HashMap<>();
            for (int i = 0; i < known.size(); i++) {
                RareLookup l = known.get(i);
                if (l.time - config.flowBeforeLookupMillis() <= f.time && f.time <= l.time + config.flowAfterLookupMillis()) {
                    matchedByDomain.computeIfAbsent(l.domain, d -> new BitSet()).set(i);
                }
            }
            for (Map.Entry<String, BitSet> m : matchedByDomain.entrySet()) {
                String groupKey = m.getKey() + '|' + f.destinationPort + '|' + f.dataType;
                groups.computeIfAbsent(groupKey, k -> new Aggregate(m.getKey(), f)).add(f, m.getValue());
            }
        }
        for (Aggregate a : groups.values()) {
            out.collect(a.toAlert(windowStart, known));
            alertsCounter.inc();
        }
    }

    private void retireLookups(long progress) throws Exception {
        List<RareLookup> keep = new ArrayList<>();
        boolean removed = false;
        for (RareLookup l : lookups.get()) {
            if (retireTime(l) <= progress) removed = true; else keep.add(l);
        }
        if (removed) {
            if (keep.isEmpty()) lookups.clear(); else lookups.update(keep);
        }
    }

    /** When every record that can join a flow of the window has been seen. */
    private long finalTime(long windowStart) {
        return windowStart + config.alertWindowMillis() - 1 + config.flowBeforeLookupMillis();
    }

    /** When the last window a lookup can reach is final. */
    private long retireTime(RareLookup l) {
        return finalTime(config.alertWindowStart(l.time + config.flowAfterLookupMillis()));
    }

    private final class Aggregate {
        final String domain;
        final Flow first;
        long sent;
        long received;
        long connections;
        final BitSet lookups = new BitSet();

        Aggregate(String domain, Flow first) {
            this.domain = domain;
            this.first = first;
        }

        void add(Flow f, BitSet matched) {
            sent += f.sentBytes;
            received += f.receivedBytes;
            connections++;
            lookups.or(matched);
        }

        RareDnsAlert toAlert(long windowStart, List<RareLookup> known) {
            RareDnsAlert a = new RareDnsAlert();
            a.windowStart = windowStart;
            a.windowEnd = windowStart + config.alertWindowMillis();
            a.clientIp = first.sourceIp;
            a.domain = domain;
            a.destinationIp = first.destinationIp;
            a.destinationPort = first.destinationPort;
            a.dataType = first.dataType;
            a.sentBytes = sent;
            a.receivedBytes = received;
            a.connectionCount = connections;
            a.lookupCount = lookups.cardinality();
            a.firstLookupTime = Long.MAX_VALUE;
            a.lastLookupTime = Long.MIN_VALUE;
            for (Iterator<Integer> it = lookups.stream().iterator(); it.hasNext(); ) {
                long t = known.get(it.next()).time;
                a.firstLookupTime = Math.min(a.firstLookupTime, t);
                a.lastLookupTime = Math.max(a.lastLookupTime, t);
            }
            a.lookbackBuckets = config.lookbackBuckets();
            a.integerAverage = config.kqlCompatible();
            a.baselineCount = -1;
            return a;
        }
    }
}
