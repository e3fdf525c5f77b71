package dev.dnshunter.jmh;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rules.rarelookup.DomainBaselineFunction;
import dev.dnshunter.rules.rarelookup.PartitionKey;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rules.rarelookup.TransferCorrelator;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Drives the keyed operators the way the job does, through Flink's operator test harnesses (heap state, real timer
 * service). Shared by the benchmarks and by {@link BenchData}, which needs the baseline operator's real output as the
 * correlator's input.
 *
 * <p>Watermarks follow the job's bounded-out-of-orderness strategy: they trail the newest record by the configured
 * bound, and one is sent each time event time has moved on by that bound. The job's periodic watermarks (every 200 ms
 * of processing time) come far less often per record on a dense stream, so this errs towards charging the operators
 * more timer work per record, not less.
 */
final class Replay {
    private Replay() {}

    /** A record of either correlator input with its event time. */
    record Timed(long time, Object value) {}

    static KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> baselineHarness(DetectionConfig config)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup>(
                new KeyedProcessOperator<>(new DomainBaselineFunction(config, false)), DomainBaselineFunction.KEY, PartitionKey.TYPE);
        h.open();
        return h;
    }

    static KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> correlatorHarness(
            DetectionConfig config) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(config, false)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        h.open();
        return h;
    }

    static Tuple2<Long, Long> correlationKey(Object value) throws Exception {
        if (value instanceof RareLookup l) return TransferCorrelator.LOOKUP_KEY.getKey(l);
        return TransferCorrelator.FLOW_KEY.getKey((Flow) value);
    }

    /**
     * Feeds every lookup, then a final watermark that fires every timer left; returns how many records and side-output
     * records came out. Output is taken off the harness as it goes, as a downstream operator would.
     */
    static long replayLookups(KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> h,
                              DetectionConfig config, List<DnsLookup> lookups, List<RareLookup> keep) throws Exception {
        long bound = config.maxOutOfOrdernessMillis();
        long maxTime = Long.MIN_VALUE;
        long lastWatermark = Long.MIN_VALUE;
        long emitted = 0;
        for (DnsLookup l : lookups) {
            h.processElement(new StreamRecord<>(l, l.time));
            maxTime = Math.max(maxTime, l.time);
            if (maxTime - bound - 1 >= lastWatermark + bound) {
                lastWatermark = maxTime - bound - 1;
                h.processWatermark(lastWatermark);
                emitted += drain(h.getOutput(), keep) + drain(h.getSideOutput(DomainBaselineFunction.BASELINES), null);
            }
        }
        h.processWatermark(Long.MAX_VALUE);
        return emitted + drain(h.getOutput(), keep) + drain(h.getSideOutput(DomainBaselineFunction.BASELINES), null);
    }

    /** As {@link #replayLookups} for the correlator; returns how many alerts came out. */
    static long replayCorrelation(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h,
                                  DetectionConfig config, List<Timed> input) throws Exception {
        long bound = config.maxOutOfOrdernessMillis();
        long maxTime = Long.MIN_VALUE;
        long lastWatermark = Long.MIN_VALUE;
        long emitted = 0;
        for (Timed t : input) {
            if (t.value() instanceof RareLookup l) {
                h.processElement1(new StreamRecord<>(l, t.time()));
            } else {
                h.processElement2(new StreamRecord<>((Flow) t.value(), t.time()));
            }
            maxTime = Math.max(maxTime, t.time());
            if (maxTime - bound - 1 >= lastWatermark + bound) {
                lastWatermark = maxTime - bound - 1;
                h.processBothWatermarks(new Watermark(lastWatermark));
                emitted += drain(h.getOutput(), null);
            }
        }
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        return emitted + drain(h.getOutput(), null);
    }

    /** Every rare lookup the baseline operator emits for {@code lookups}. */
    static List<RareLookup> rareLookups(DetectionConfig config, List<DnsLookup> lookups) throws Exception {
        var h = baselineHarness(config);
        try {
            List<RareLookup> out = new ArrayList<>();
            replayLookups(h, config, lookups, out);
            return out;
        } finally {
            h.close();
        }
    }

    /** Empties a harness queue (records and watermarks alike); null when nothing was ever sent to it. */
    @SuppressWarnings("unchecked")
    private static <T> long drain(Queue<?> queue, List<T> keep) {
        if (queue == null) return 0;
        long records = 0;
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof StreamRecord<?> r) {
                records++;
                if (keep != null) keep.add((T) r.getValue());
            }
        }
        return records;
    }
}
