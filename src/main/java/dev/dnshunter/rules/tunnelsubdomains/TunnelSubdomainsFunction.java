package dev.dnshunter.rules.tunnelsubdomains;

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
 * Judges one (identity, domain) at each time of its tunnel-shaped queries, in event-time order: queries wait in
 * state until the watermark reaches their time (in BATCH, until the key's end, when its timers fire in time order),
 * so queries of the same millisecond are taken together and arrival order never matters. An alert at t0 suppresses
 * the key while t &lt; t0 + suppression.
 *
 * <p>State stays bounded: queries leave the window once older than it; at most {@code --max-tunnel-queries} are kept
 * per key and window-aligned slot of query time (a window spans two slots, so it holds at most twice that; the rest
 * are dropped and counted in {@code tunnelQueriesOverCap}: the rule fires at 15 distinct names, so a pair over the
 * cap has alerted long before unless it repeats a few names thousands of times); a key idle for the longer of window
 * and suppression keeps nothing, timers included. The cap also bounds the window a judgement scans.
 */
public class TunnelSubdomainsFunction extends KeyedProcessFunction<String, SubdomainQuery, TunnelSubdomainsAlert> {
    private static final long serialVersionUID = 1L;

    private final TunnelParams params;
    private transient MapState<Long, TunnelHits> pending;
    private transient MapState<Long, TunnelHits> window;
    /** Tunnel-shaped queries kept per window-aligned slot of their time (the cap's count). */
    private transient MapState<Long, Integer> held;
    private transient ValueState<Long> suppressedUntil;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> cleanupAt;
    private transient Counter overCap;

    public TunnelSubdomainsFunction(TunnelParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("tunnel-pending", Types.LONG, TypeInformation.of(TunnelHits.class)));
        window = getRuntimeContext().getMapState(new MapStateDescriptor<>("tunnel-window", Types.LONG, TypeInformation.of(TunnelHits.class)));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>("tunnel-held", Types.LONG, Types.INT));
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("tunnel-suppressed-until", Types.LONG));
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("tunnel-last-seen", Types.LONG));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("tunnel-cleanup-at", Types.LONG));
        overCap = getRuntimeContext().getMetricGroup().counter("tunnelQueriesOverCap");
    }

    /** Queries dropped by the cap so far (the metric's count). */
    long overCapCount() {
        return overCap.getCount();
    }

    private long idleHorizon() {
        return Math.max(params.windowMillis(), params.suppressionMillis());
    }

    @Override
    public void processElement(SubdomainQuery q, Context ctx, Collector<TunnelSubdomainsAlert> out) throws Exception {
        if (!WindowedKeys.admit(held, q.time, params.windowMillis(), params.maxQueries(), overCap)) return;
        TunnelHits at = pending.get(q.time);
        pending.put(q.time, (at == null ? new TunnelHits() : at).with(q.name, q.queryType));
        ctx.timerService().registerEventTimeTimer(q.time);
        WindowedKeys.seen(q.time, lastSeen.value(), lastSeen, cleanupAt, idleHorizon(), ctx.timerService());
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<TunnelSubdomainsAlert> out) throws Exception {
        TunnelHits now = pending.get(t);
        if (now != null) {
            pending.remove(t);
            TunnelHits before = window.get(t);
            if (before != null) {
                for (int i = 0; i < before.names.length; i++) now = now.with(before.names[i], before.types[i]);
            }
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

    private void judge(long t, OnTimerContext ctx, Collector<TunnelSubdomainsAlert> out) throws Exception {
        List<TunnelWindow.Hit> hits = new ArrayList<>();
        WindowedKeys.window(window, t, params.windowMillis(), (time, h) -> {
            for (int i = 0; i < h.names.length; i++) hits.add(new TunnelWindow.Hit(time, h.names[i], h.types[i]));
        });
        WindowedKeys.forgetSlots(held, t, params.windowMillis());
        Long until = suppressedUntil.value();
        if (until != null && t < until) return;
        SubdomainQuery.Key key = SubdomainQuery.Key.parse(ctx.getCurrentKey());
        TunnelSubdomainsAlert alert = TunnelWindow.judge(key.identity(), key.byAddress(), key.domain(), t, hits, params);
        if (alert == null) return;
        out.collect(alert);
        suppressedUntil.update(WindowedKeys.saturatedAdd(t, params.suppressionMillis()));
    }
}
