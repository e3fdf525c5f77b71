package dev.dnshunter.rules.txtburst;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by (source, host): after an alert, later bursts of the host are dropped while their last query is earlier
 * than the emitted alert's last query plus the suppression period (60 minutes), as the reference rule does. Matches
 * of one key arrive in event-time order (CEP emits them as event time advances), so the decision never depends on
 * arrival. The state is dropped when the period ends.
 */
public class TxtAlertSuppressor extends KeyedProcessFunction<String, DnsTxtAlert, DnsTxtAlert> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private transient ValueState<Long> suppressedUntil;
    private transient Counter suppressed;

    public TxtAlertSuppressor(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("suppressed-until", Types.LONG));
        suppressed = getRuntimeContext().getMetricGroup().counter("suppressedMatches");
    }

    @Override
    public void processElement(DnsTxtAlert alert, Context ctx, Collector<DnsTxtAlert> out) throws Exception {
        Long until = suppressedUntil.value();
        if (until != null && alert.lastQueryTime < until) {
            suppressed.inc();
            return;
        }
        long end = alert.lastQueryTime + config.txtSuppressionMillis();
        suppressedUntil.update(end);
        ctx.timerService().registerEventTimeTimer(end);
        out.collect(alert);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DnsTxtAlert> out) throws Exception {
        Long until = suppressedUntil.value();
        if (until != null && until <= Math.max(timestamp, ctx.timerService().currentWatermark())) suppressedUntil.clear();
    }
}
