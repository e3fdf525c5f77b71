package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.event.Flow;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Backfills only: keeps the flows whose (client, address) pair has a rare lookup, before they are shuffled and
 * sorted for {@link TransferCorrelator}. Most flows go to common sites, so most of the correlator's input was flows
 * it would buffer and drop unread. The pairs of the rare lookups are broadcast to it (see {@link PairFilter}).
 */
public class RarePairFlowFilter extends PairFilter<Flow> {
    private static final long serialVersionUID = 1L;

    /** The broadcast's tag. */
    public static final MapStateDescriptor<Tuple2<Long, Long>, Boolean> RARE_PAIRS = broadcastOf("rare-pairs");

    public RarePairFlowFilter() {
        super(TransferCorrelator.FLOW_KEY, "flowsWithoutRareLookup");
    }
}
