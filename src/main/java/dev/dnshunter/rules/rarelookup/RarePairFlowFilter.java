package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.event.Flow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Backfills only: keeps the flows whose (client, address) pair has a rare lookup, before they are shuffled and
 * sorted for {@link TransferCorrelator}, which can only alert on those. Most flows go to common sites, so most of the
 * correlator's input was flows it would buffer and drop unread.
 *
 * <p>The pairs of the rare lookups are broadcast. BATCH mode processes a broadcast input completely before the other
 * input, so every pair is known before the first flow. They are held in a Bloom filter, not in broadcast state: a
 * backfill over months has millions of rare pairs, a set of them would cost every task hundreds of megabytes, and a
 * false positive only lets a flow through to the correlator, which drops it as before. The filter is a plain field
 * because a BATCH job takes no checkpoints; a restarted task reads the broadcast input again. Not for streaming:
 * there a flow can come before its rare lookup.
 */
public class RarePairFlowFilter extends BroadcastProcessFunction<Flow, Tuple2<Long, Long>, Flow> {
    private static final long serialVersionUID = 1L;

    /** The broadcast's tag; no state is kept under it (see the class comment). */
    public static final MapStateDescriptor<Tuple2<Long, Long>, Boolean> RARE_PAIRS =
            new MapStateDescriptor<>("rare-pairs", PartitionKey.TYPE, Types.BOOLEAN);

    /** Sized for 10 million pairs at about 1 % false positives: 12 MB per task; more pairs only let more flows through. */
    static final long EXPECTED_PAIRS = 10_000_000;

    private transient PairBloomFilter pairs;
    private transient Counter dropped;

    @Override
    public void open(OpenContext openContext) {
        pairs = new PairBloomFilter(EXPECTED_PAIRS);
        dropped = getRuntimeContext().getMetricGroup().counter("flowsWithoutRareLookup");
    }

    @Override
    public void processBroadcastElement(Tuple2<Long, Long> pair, Context ctx, Collector<Flow> out) {
        pairs.put(pair.f0, pair.f1);
    }

    @Override
    public void processElement(Flow flow, ReadOnlyContext ctx, Collector<Flow> out) throws Exception {
        Tuple2<Long, Long> key = TransferCorrelator.FLOW_KEY.getKey(flow);
        if (pairs.mightContain(key.f0, key.f1)) {
            out.collect(flow);
        } else {
            dropped.inc();
        }
    }
}
