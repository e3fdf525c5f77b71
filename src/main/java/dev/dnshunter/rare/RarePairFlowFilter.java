package dev.dnshunter.rare;

import dev.dnshunter.event.Flow;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Backfills only: keeps the flows whose (client, address) pair has a rare lookup, before they are shuffled and
 * sorted for {@link TransferCorrelator}, which can only alert on those. Most flows go to common sites, so most of the
 * correlator's input was flows it would buffer and drop unread.
 *
 * <p>The pairs of the rare lookups are broadcast. BATCH mode processes a broadcast input completely before the other
 * input, so every pair is known before the first flow. Not for streaming: there a flow can come before its rare
 * lookup, and the set would only grow.
 */
public class RarePairFlowFilter extends BroadcastProcessFunction<Flow, Tuple2<Long, Long>, Flow> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<Tuple2<Long, Long>, Boolean> RARE_PAIRS =
            new MapStateDescriptor<>("rare-pairs", PartitionKey.TYPE, Types.BOOLEAN);

    private transient Counter dropped;

    @Override
    public void open(OpenContext openContext) {
        dropped = getRuntimeContext().getMetricGroup().counter("flowsWithoutRareLookup");
    }

    @Override
    public void processBroadcastElement(Tuple2<Long, Long> pair, Context ctx, Collector<Flow> out) throws Exception {
        ctx.getBroadcastState(RARE_PAIRS).put(pair, true);
    }

    @Override
    public void processElement(Flow flow, ReadOnlyContext ctx, Collector<Flow> out) throws Exception {
        if (ctx.getBroadcastState(RARE_PAIRS).contains(TransferCorrelator.FLOW_KEY.getKey(flow))) {
            out.collect(flow);
        } else {
            dropped.inc();
        }
    }
}
