package dev.dnshunter.rules.txtpayload;

import dev.dnshunter.rules.WindowedKeys;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alerts one (identity, domain) at the time of a payload answer unless an alert of the pair at t0 has t &lt; t0 +
 * suppression. Payloads wait until the watermark reaches their time (in BATCH, the key's end), one per millisecond
 * (the {@link TxtPayloadAlert#first} of that instant), so arrival order never matters. State: the waiting payloads
 * and the suppression end, which is cleared by a timer at that end.
 */
public class TxtPayloadFunction extends KeyedProcessFunction<String, TxtPayloadAlert, TxtPayloadAlert> {
    private static final long serialVersionUID = 1L;

    private final long suppressionMillis;
    private transient MapState<Long, TxtPayloadAlert> pending;
    private transient ValueState<Long> suppressedUntil;

    public TxtPayloadFunction(long suppressionMillis) {
        this.suppressionMillis = suppressionMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("txt-payload-pending", Types.LONG, TypeInformation.of(TxtPayloadAlert.class)));
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("txt-payload-suppressed-until", Types.LONG));
    }

    @Override
    public void processElement(TxtPayloadAlert p, Context ctx, Collector<TxtPayloadAlert> out) throws Exception {
        TxtPayloadAlert at = pending.get(p.time);
        if (at == null) ctx.timerService().registerEventTimeTimer(p.time);
        pending.put(p.time, TxtPayloadAlert.first(at, p));
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<TxtPayloadAlert> out) throws Exception {
        TxtPayloadAlert p = pending.get(t);
        Long until = suppressedUntil.value();
        if (p != null) {
            pending.remove(t);
            if (until == null || t >= until) {
                out.collect(p);
                long end = WindowedKeys.saturatedAdd(t, suppressionMillis);
                if (end > t) {
                    suppressedUntil.update(end);
                    ctx.timerService().registerEventTimeTimer(end);
                } else {
                    suppressedUntil.clear();
                }
                return;
            }
        }
        if (until != null && t >= until) suppressedUntil.clear();
    }
}
