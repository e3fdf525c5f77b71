package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by domain: completes each transfer alert with the domain's baseline for the bucket of the alert's window
 * start, which the {@link DomainBaselineFunction} emits for every bucket a rare lookup's windows can fall in. Either
 * side may arrive first; an alert waits for its baseline, a baseline is kept until no alert of its bucket can come.
 */
public class AlertBaselineEnricher extends KeyedCoProcessFunction<String, RareDnsAlert, BucketBaseline, RareDnsAlert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AlertBaselineEnricher.class);

    private final DetectionConfig config;

    private transient MapState<Long, Long> baselineByBucket;
    private transient ListState<RareDnsAlert> waiting;

    public AlertBaselineEnricher(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        baselineByBucket = getRuntimeContext().getMapState(new MapStateDescriptor<>("baseline-by-bucket", Types.LONG, Types.LONG));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("alerts-awaiting-baseline", RareDnsAlert.class));
    }

    @Override
    public void processElement1(RareDnsAlert alert, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        Long baseline = baselineByBucket.get(config.bucketOf(alert.windowStart));
        if (baseline != null) {
            alert.baselineCount = baseline;
            out.collect(alert);
        } else {
            waiting.add(alert);
        }
    }

    @Override
    public void processElement2(BucketBaseline baseline, Context ctx, Collector<RareDnsAlert> out) throws Exception {
        baselineByBucket.put(baseline.bucket, baseline.baselineCount);
        ctx.timerService().registerEventTimeTimer(retireTime(baseline.bucket));
        List<RareDnsAlert> stillWaiting = new ArrayList<>();
        boolean released = false;
        for (RareDnsAlert a : waiting.get()) {
            if (config.bucketOf(a.windowStart) == baseline.bucket) {
                a.baselineCount = baseline.baselineCount;
                out.collect(a);
                released = true;
            } else {
                stillWaiting.add(a);
            }
        }
        if (released) {
            if (stillWaiting.isEmpty()) waiting.clear(); else waiting.update(stillWaiting);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RareDnsAlert> out) throws Exception {
        long due = Math.max(timestamp, ctx.timerService().currentWatermark());
        for (Iterator<Long> it = baselineByBucket.keys().iterator(); it.hasNext(); ) {
            if (retireTime(it.next()) <= due) it.remove();
        }
        if (baselineByBucket.isEmpty()) baselineByBucket.clear();
        // Unreachable by construction (the baseline function asks for every bucket an alert can fall in); if it ever
        // happens, an alert without its average is still better than a lost one.
        List<RareDnsAlert> stillWaiting = new ArrayList<>();
        for (RareDnsAlert a : waiting.get()) {
            if (retireTime(config.bucketOf(a.windowStart)) <= due) {
                LOG.error("No baseline arrived for bucket {} of alert {}; emitting it without one", config.bucketOf(a.windowStart), a);
                out.collect(a);
            } else {
                stillWaiting.add(a);
            }
        }
        if (stillWaiting.isEmpty()) waiting.clear(); else waiting.update(stillWaiting);
    }

    /** The last window starting in the bucket is final (and its alerts emitted upstream) by then. */
    private long retireTime(long bucket) {
        return config.bucketStart(bucket + 1) + config.alertWindowMillis() + config.flowBeforeLookupMillis();
    }
}
