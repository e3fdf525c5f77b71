package dev.dnshunter.rules.nxdomainburst;

import dev.dnshunter.rules.SubdomainQuery;
import dev.dnshunter.rules.WindowedKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges one identity at each time of its counted NXDOMAIN queries, in event-time order: queries wait in state until
 * the watermark reaches their time (in BATCH, until the key's end, when its timers fire in time order), so queries of
 * the same millisecond are taken together and arrival order never matters. An alert at t0 suppresses the identity
 * while t &lt; t0 + suppression.
 *
 * <p>State stays bounded: queries leave the window once older than it; at most {@code --max-nxdomain-queries} are
 * kept per identity and window-aligned slot of query time (so a window, which spans two slots, holds at most twice
 * that; the rest are dropped and counted in {@code nxdomainQueriesOverCap}; the rule fires at 25 distinct domains, so
 * an identity over the cap has alerted long before unless it repeats few domains); an identity
 * idle for the longer of window and suppression keeps nothing, timers included.
 */
public class NxdomainBurstFunction extends KeyedProcessFunction<String, SubdomainQuery, NxdomainBurstAlert> {
    private static final long serialVersionUID = 1L;

    private final NxdomainParams params;
    private transient MapState<Long, NxdomainHits> pending;
    private transient MapState<Long, NxdomainHits> window;
    /** Counted queries kept per window-aligned slot of their time (the cap's count). */
    private transient MapState<Long, Integer> held;
    private transient ValueState<Long> suppressedUntil;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> cleanupAt;
    private transient Counter overCap;

    public NxdomainBurstFunction(NxdomainParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("nxdomain-pending", Types.LONG, TypeInformation.of(NxdomainHits.class)));
        window = getRuntimeContext().getMapState(new MapStateDescriptor<>("nxdomain-window", Types.LONG, TypeInformation.of(NxdomainHits.class)));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>("nxdomain-held", Types.LONG, Types.INT));
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("nxdomain-suppressed-until", Types.LONG));
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("nxdomain-last-seen", Types.LONG));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("nxdomain-cleanup-at", Types.LONG));
        overCap = getRuntimeContext().getMetricGroup().counter("nxdomainQueriesOverCap");
    }

    private long idleHorizon() {
        return Math.max(params.windowMillis(), params.suppressionMillis());
    }

    @Override
    public void processElement(SubdomainQuery q, Context ctx, Collector<NxdomainBurstAlert> out) throws Exception {
        if (!WindowedKeys.admit(held, q.time, params.windowMillis(), params.maxQueries(), overCap)) return;
        NxdomainHits at = pending.get(q.time);
        pending.put(q.time, (at == null ? new NxdomainHits() : at).with(q.domain));
        ctx.timerService().registerEventTimeTimer(q.time);
        WindowedKeys.seen(q.time, lastSeen.value(), lastSeen, cleanupAt, idleHorizon(), ctx.timerService());
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<NxdomainBurstAlert> out) throws Exception {
        NxdomainHits now = pending.get(t);
        if (now != null) {
            pending.remove(t);
            NxdomainHits before = window.get(t);
            if (before != null) for (String d : before.domains) now = now.with(d);
            window.put(t, now);
            judge(t, ctx, out);
        }
        if (WindowedKeys.done(t, lastSeen, cleanupAt, idleHorizon(), pending::isEmpty, ctx.timerService())) {
            pending.clear();
            window.clear();
            held.clear();
            suppressedUntil.clear();
            lastSeen.clear();
            cleanupAt.clear();
        }
    }

    private void judge(long t, OnTimerContext ctx, Collector<NxdomainBurstAlert> out) throws Exception {
        List<NxdomainWindow.Hit> hits = new ArrayList<>();
        WindowedKeys.window(window, t, params.windowMillis(), (time, h) -> {
            for (String d : h.domains) hits.add(new NxdomainWindow.Hit(time, d));
        });
        WindowedKeys.forgetSlots(held, t, params.windowMillis());
        Long until = suppressedUntil.value();
        if (until != null && t < until) return;
        String key = ctx.getCurrentKey();
        NxdomainBurstAlert alert = NxdomainWindow.judge(key.substring(1), key.charAt(0) == 'a', t, hits, params);
        if (alert == null) return;
        out.collect(alert);
        suppressedUntil.update(WindowedKeys.saturatedAdd(t, params.suppressionMillis()));
    }
}
