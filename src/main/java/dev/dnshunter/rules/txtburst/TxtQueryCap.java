package dev.dnshunter.rules.txtburst;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed like the TXT pattern (source and host), in front of it: passes at most {@code --max-txt-per-span} TXT queries
 * of a host per {@code --txt-span}-aligned window and drops (and counts, {@code txtQueriesOverCap}) the rest. A burst
 * completes after {@code --txt-count} queries, so a host over the cap has long since alerted; the cap only bounds what
 * the CEP operator buffers per host while event time catches up (its queue of events not yet passed by the
 * watermark grows with the query rate). State: one counter per window of the host, dropped by a timer once the
 * window is past the out-of-orderness bound (in a backfill, at the end of the host's input).
 */
public class TxtQueryCap extends KeyedProcessFunction<String, TxtQuery, TxtQuery> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private transient MapState<Long, Integer> perWindow;
    private transient Counter overCap;

    public TxtQueryCap(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        perWindow = getRuntimeContext().getMapState(new MapStateDescriptor<>("txt-queries-per-span", Types.LONG, Types.INT));
        overCap = getRuntimeContext().getMetricGroup().counter("txtQueriesOverCap");
    }

    @Override
    public void processElement(TxtQuery q, Context ctx, Collector<TxtQuery> out) throws Exception {
        long window = Math.floorDiv(q.time, config.txtSpanMillis());
        Integer seen = perWindow.get(window);
        int n = seen == null ? 0 : seen;
        if (n >= config.maxTxtPerSpan()) {
            overCap.inc();
            return;
        }
        perWindow.put(window, n + 1);
        if (n == 0) ctx.timerService().registerEventTimeTimer(windowEnd(window) + config.maxOutOfOrdernessMillis());
        out.collect(q);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TxtQuery> out) throws Exception {
        long window = Math.floorDiv(timestamp - config.maxOutOfOrdernessMillis() - 1, config.txtSpanMillis());
        perWindow.remove(window);
        if (perWindow.isEmpty()) perWindow.clear();
    }

    private long windowEnd(long window) {
        return (window + 1) * config.txtSpanMillis();
    }
}
