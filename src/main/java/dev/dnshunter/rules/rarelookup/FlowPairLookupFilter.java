package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Backfills only: keeps the rare lookups whose (client, address) pair has a flow left by {@link RarePairFlowFilter},
 * before they are shuffled and sorted for {@link TransferCorrelator}. An alert needs a flow of the lookup's own pair,
 * so a rare lookup of a pair without one can never be part of an alert, and nearly all are such: at 10 M events
 * about 22,000 of 1.27 million rare pairs have a flow. The pairs of the kept flows are broadcast to it (see
 * {@link PairFilter}); a pair that has a flow keeps every one of its rare lookups, so the correlator's alerts and its
 * caps per pair are those of the whole input.
 */
public class FlowPairLookupFilter extends PairFilter<RareLookup> {
    private static final long serialVersionUID = 1L;

    /** The broadcast's tag. */
    public static final MapStateDescriptor<Tuple2<Long, Long>, Boolean> FLOW_PAIRS = broadcastOf("flow-pairs");

    public FlowPairLookupFilter() {
        super(TransferCorrelator.LOOKUP_KEY, "rareLookupsWithoutFlow");
    }
}
