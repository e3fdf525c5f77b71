package dev.dnshunter.rules.rarelookup;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Backfills only: keeps the records whose (client, address) {@link PartitionKey} is among the broadcast pairs, so
 * that {@link TransferCorrelator} sorts and buffers only records it can alert on. A record of a pair that the other
 * side of the join does not have can never be part of an alert.
 *
 * <p>BATCH mode processes a broadcast input completely before the other input, so every pair is known before the
 * first record. The pairs are held in a Bloom filter, not in broadcast state: a backfill over months has millions of
 * them, a set would cost every task hundreds of megabytes, and a false positive only lets a record through to the
 * correlator, which finds nothing to join it with, as before. The filter is a plain field because a BATCH job takes
 * no checkpoints; a restarted task reads the broadcast input again. Not for streaming: there a record can come before
 * its pair's first record on the other side.
 */
public class PairFilter<T> extends BroadcastProcessFunction<T, Tuple2<Long, Long>, T> {
    private static final long serialVersionUID = 1L;

    /** Sized for 10 million pairs at about 1 % false positives: 12 MB per task; more pairs only let more records through. */
    static final long EXPECTED_PAIRS = 10_000_000;

    private final KeySelector<T, Tuple2<Long, Long>> key;
    private final String droppedMetric;
    private transient PairBloomFilter pairs;
    private transient Counter dropped;

    /**
     * @param key the record's (client, address) key, the one the correlator is keyed by
     * @param droppedMetric the counter of the records dropped
     */
    public PairFilter(KeySelector<T, Tuple2<Long, Long>> key, String droppedMetric) {
        this.key = key;
        this.droppedMetric = droppedMetric;
    }

    /** The tag of a broadcast of pairs; no state is kept under it (see the class comment). */
    static MapStateDescriptor<Tuple2<Long, Long>, Boolean> broadcastOf(String name) {
        return new MapStateDescriptor<>(name, PartitionKey.TYPE, Types.BOOLEAN);
    }

    @Override
    public void open(OpenContext openContext) {
        pairs = new PairBloomFilter(EXPECTED_PAIRS);
        dropped = getRuntimeContext().getMetricGroup().counter(droppedMetric);
    }

    @Override
    public void processBroadcastElement(Tuple2<Long, Long> pair, Context ctx, Collector<T> out) {
        pairs.put(pair.f0, pair.f1);
    }

    @Override
    public void processElement(T record, ReadOnlyContext ctx, Collector<T> out) throws Exception {
        Tuple2<Long, Long> k = key.getKey(record);
        if (pairs.mightContain(k.f0, k.f1)) {
            out.collect(record);
        } else {
            dropped.inc();
        }
    }
}
