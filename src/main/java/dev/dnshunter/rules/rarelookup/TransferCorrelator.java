package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rare.LookupFlood;
import dev.dnshunter.rare.FlowOverflow;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.util.ArrayList;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * needs the set of matching lookups per alert, so the join is done here over the key's buffered records
 * ({@link PairCorrelation}) instead of de-duplicating pairs downstream.
 *
 * <p>An hour window is final once event time passes its end plus {@code before} (the latest lookup that can still
 * match one of its flows); then its alerts are emitted and its flows dropped. A lookup is dropped once the last
 * window it can reach is final.
 *
 * <p>State per key is capped (see docs/security.md, "State floods"): at most {@code --max-lookups-per-pair} lookups
 * per hour of lookup time are kept one by one; the next one turns that hour into a {@link LookupFlood} (count and
 * time bounds under one domain). At most {@code --max-flows-per-window} flows per window are kept one by one; the
 * others are summed per port and data type ({@link FlowOverflow}). Alerts that rest on a summary say
 * {@code truncated}; the records beyond the caps are counted in the {@code lookupsOverCap} and {@code flowsOverCap}
 * metrics. Flows and lookups are appended to list state (no rewrite per record); lists are rewritten only when a
 * window is emitted or lookups retire.
 */
public class TransferCorrelator extends KeyedCoProcessFunction<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private final boolean inputSortedByTime;

    private transient ListState<RareLookup> lookups;
    /** Lookups kept one by one per hour of lookup time (the cap's count); an hour in {@link #floods} has none. */
    private transient MapState<Long, Long> lookupsPerHour;
    private transient MapState<Long, LookupFlood> floods;
    private transient ListState<Flow> flows;
    private transient MapState<Long, Long> flowsPerWindow;
    private transient MapState<String, FlowOverflow> flowOverflow;
    /** The flow buffer of earlier versions (rewritten on every flow); read from restored savepoints, never written. */
    private transient MapState<Long, List<Flow>> legacyFlowsByWindow;
    private transient Counter alertsCounter;
    private transient Counter lookupsOverCap;
    private transient org.apache.flink.api.common.accumulators.LongCounter lookupsOverCapTotal;
    private transient Counter flowsOverCap;

    public TransferCorrelator(DetectionConfig config, boolean inputSortedByTime) {
        this.config = config;
        this.inputSortedByTime = inputSortedByTime;
    }

    /** Both inputs are partitioned by (client, address): {@link PartitionKey#ofPair}. */
    public static final KeySelector<RareLookup, Tuple2<Long, Long>> LOOKUP_KEY =
            l -> PartitionKey.ofPair(l.clientIp, l.clientIpv4(), l.address, l.addressIpv4());
    public static final KeySelector<Flow, Tuple2<Long, Long>> FLOW_KEY = f -> PartitionKey.ofPair(f.sourceIp, f.destinationIp);

    @Override
    public void open(OpenContext openContext) {
        lookups = getRuntimeContext().getListState(new ListStateDescriptor<>("rare-lookups", RareLookup.class));
        lookupsPerHour = getRuntimeContext().getMapState(new MapStateDescriptor<>("lookups-per-hour", Types.LONG, Types.LONG));
        floods = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("lookup-floods", Types.LONG, TypeInformation.of(LookupFlood.class)));
        flows = getRuntimeContext().getListState(new ListStateDescriptor<>("flows", Flow.class));
        flowsPerWindow = getRuntimeContext().getMapState(new MapStateDescriptor<>("flows-per-window", Types.LONG, Types.LONG));
        flowOverflow = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("flow-overflow", Types.STRING, TypeInformation.of(FlowOverflow.class)));
        legacyFlowsByWindow = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("flows-by-window", Types.LONG, new ListTypeInfo<>(Flow.class)));
        alertsCounter = getRuntimeContext().getMetricGroup().counter("transferAlerts");
        lookupsOverCap = getRuntimeContext().getMetricGroup().counter("lookupsOverCap");
        // The same count as an accumulator: it reaches the job's result (a backfill's summary, a test) whatever the
        // metric reporters.
        lookupsOverCapTotal = getRuntimeContext().getLongCounter("lookupsOverCap");
        flowsOverCap = getRuntimeContext().getMetricGroup().counter("flowsOverCap");
    }

    @Override
    public void processElement1(RareLookup lookup, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        long slot = config.alertWindowStart(lookup.time);
        LookupFlood flood = floods.get(slot);
        if (flood != null) {
            flood.add(lookup);
            floods.put(slot, flood);
            lookupsOverCap.inc();
            lookupsOverCapTotal.add(1L);
        } else {
            Long kept = lookupsPerHour.get(slot);
            long n = kept == null ? 0 : kept;
            if (n < config.maxLookupsPerPair()) {
                lookups.add(lookup);
                lookupsPerHour.put(slot, n + 1);
            } else {
                floods.put(slot, flood(slot, lookup));
                lookupsPerHour.remove(slot);
                lookupsOverCap.inc();
                lookupsOverCapTotal.add(1L);
            }
            ctx.timerService().registerEventTimeTimer(slotRetireTime(slot));
        }
        if (inputSortedByTime) {
            emitDue(EventTimeProgress.of(ctx.timerService().currentWatermark(), true, lookup.time), false, out);
        }
    }

    /** Turns the kept lookups of the hour, and the one over the cap, into one summary (the list is rewritten once). */
    private LookupFlood flood(long slot, RareLookup overCap) throws Exception {
        LookupFlood flood = LookupFlood.of(slot, overCap);
        List<RareLookup> keep = new ArrayList<>();
        for (RareLookup l : lookups.get()) {
            if (config.alertWindowStart(l.time) == slot) flood.add(l); else keep.add(l);
        }
        lookups.update(keep);
        return flood;
    }

    @Override
    public void processElement2(Flow flow, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        long window = config.alertWindowStart(flow.time);
        Long kept = flowsPerWindow.get(window);
        long n = kept == null ? 0 : kept;
        if (n < config.maxFlowsPerWindow()) {
            flows.add(flow);
            flowsPerWindow.put(window, n + 1);
        } else {
            String key = FlowOverflow.key(window, flow);
            FlowOverflow o = flowOverflow.get(key);
            if (o == null) o = FlowOverflow.of(window, flow);
            o.add(flow);
            flowOverflow.put(key, o);
            flowsOverCap.inc();
        }
        ctx.timerService().registerEventTimeTimer(finalTime(window));
        if (inputSortedByTime) {
            emitDue(EventTimeProgress.of(ctx.timerService().currentWatermark(), true, flow.time), false, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RareDnsAlert> out) throws Exception {
        emitDue(Math.max(timestamp, ctx.timerService().currentWatermark()), true, out);
    }

    /**
     * @param fromTimer whether to look at everything (a timer fires once per window or hour of a key): buffers of an
     *     earlier version restored from a savepoint have no counts; per record (sorted batch input) only the counts
     *     are read, so a record costs no scan of the key's lists.
     */
    private void emitDue(long progress, boolean fromTimer, Collector<RareDnsAlert> out) throws Exception {
        TreeMap<Long, List<Flow>> due = new TreeMap<>();
        for (Iterator<Map.Entry<Long, Long>> it = flowsPerWindow.iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (finalTime(e.getKey()) <= progress) {
                due.put(e.getKey(), new ArrayList<>());
                it.remove();
            }
        }
        if (fromTimer) {
            for (Iterator<Map.Entry<Long, List<Flow>>> it = legacyFlowsByWindow.iterator(); it.hasNext(); ) {
                Map.Entry<Long, List<Flow>> e = it.next();
                if (finalTime(e.getKey()) <= progress) {
                    due.computeIfAbsent(e.getKey(), w -> new ArrayList<>()).addAll(e.getValue());
                    it.remove();
                }
            }
        }
        if (!due.isEmpty()) {
            emitWindows(due, out);
            clearIfEmpty(flowsPerWindow);
            clearIfEmpty(flowOverflow);
            if (fromTimer) clearIfEmpty(legacyFlowsByWindow);
        }
        retireLookups(progress, fromTimer);
    }

    private void emitWindows(TreeMap<Long, List<Flow>> due, Collector<RareDnsAlert> out) throws Exception {
        List<Flow> keep = new ArrayList<>();
        boolean taken = false;
        for (Flow f : flows.get()) {
            List<Flow> window = due.get(config.alertWindowStart(f.time));
            if (window != null) {
                window.add(f);
                taken = true;
            } else {
                keep.add(f);
            }
        }
        if (taken) {
            if (keep.isEmpty()) flows.clear(); else flows.update(keep);
        }
        Map<Long, List<FlowOverflow>> overflows = new HashMap<>();
        for (Iterator<Map.Entry<String, FlowOverflow>> it = flowOverflow.iterator(); it.hasNext(); ) {
            FlowOverflow o = it.next().getValue();
            if (due.containsKey(o.window)) {
                overflows.computeIfAbsent(o.window, w -> new ArrayList<>()).add(o);
                it.remove();
            }
        }
        List<RareLookup> known = new ArrayList<>();
        lookups.get().forEach(known::add);
        List<LookupFlood> flooded = new ArrayList<>();
        floods.values().forEach(flooded::add);
        if (known.isEmpty() && flooded.isEmpty()) return;
        for (Map.Entry<Long, List<Flow>> e : due.entrySet()) {
            for (RareDnsAlert a : PairCorrelation.alerts(config, e.getKey(), e.getValue(),
                    overflows.getOrDefault(e.getKey(), List.of()), known, flooded)) {
                out.collect(a);
                alertsCounter.inc();
            }
        }
    }

    private void retireLookups(long progress, boolean fromTimer) throws Exception {
        boolean slotDue = false;
        for (Iterator<Map.Entry<Long, Long>> it = lookupsPerHour.iterator(); it.hasNext(); ) {
            if (slotRetireTime(it.next().getKey()) <= progress) {
                it.remove();
                slotDue = true;
            }
        }
        for (Iterator<Map.Entry<Long, LookupFlood>> it = floods.iterator(); it.hasNext(); ) {
            if (slotRetireTime(it.next().getKey()) <= progress) it.remove();
        }
        clearIfEmpty(lookupsPerHour);
        clearIfEmpty(floods);
        if (!slotDue && !fromTimer) return;
        List<RareLookup> keep = new ArrayList<>();
        boolean removed = false;
        for (RareLookup l : lookups.get()) {
            if (retireTime(l) <= progress) removed = true; else keep.add(l);
        }
        if (removed) {
            if (keep.isEmpty()) lookups.clear(); else lookups.update(keep);
        }
    }

    /** The heap backend keeps an emptied map as an entry; a cleared one is gone. */
    private static void clearIfEmpty(MapState<?, ?> state) throws Exception {
        if (state.isEmpty()) state.clear();
    }

    /** When every record that can join a flow of the window has been seen. */
    private long finalTime(long windowStart) {
        return windowStart + config.alertWindowMillis() - 1 + config.flowBeforeLookupMillis();
    }

    /** When the last window a lookup can reach is final. */
    private long retireTime(RareLookup l) {
        return finalTime(config.alertWindowStart(l.time + config.flowAfterLookupMillis()));
    }

    /** When every lookup of the hour has retired: the retire time of its last millisecond. */
    private long slotRetireTime(long slot) {
        return finalTime(config.alertWindowStart(slot + config.alertWindowMillis() - 1 + config.flowAfterLookupMillis()));
    }
}
