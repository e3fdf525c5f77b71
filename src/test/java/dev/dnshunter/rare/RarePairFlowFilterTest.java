package dev.dnshunter.rare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.event.Flow;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RarePairFlowFilterTest {
    static final long T = 1_794_000_000_000L;

    @Test
    void onlyFlowsOfAPairWithARareLookupGoOn() throws Exception {
        BroadcastOperatorTestHarness<Flow, org.apache.flink.api.java.tuple.Tuple2<Long, Long>, Flow> h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new RarePairFlowFilter(), RarePairFlowFilter.RARE_PAIRS);
        h.processBroadcastElement(PartitionKey.ofPair("10.0.0.5", "203.0.114.7"), T);
        h.processBroadcastElement(PartitionKey.ofPair("10.0.0.6", "2606:4700::1"), T);

        Flow ofRarePair = new Flow(T, "10.0.0.5", "203.0.114.7", 443, 1000, 10, Flow.PALO_ALTO);
        Flow ofRareV6Pair = new Flow(T, "10.0.0.6", "2606:4700::1", 443, 1000, 10, Flow.VM_CONNECTION);
        Flow otherClient = new Flow(T, "10.0.0.6", "203.0.114.7", 443, 1000, 10, Flow.PALO_ALTO);
        Flow otherAddress = new Flow(T, "10.0.0.5", "203.0.114.8", 443, 1000, 10, Flow.PALO_ALTO);
        for (Flow f : List.of(ofRarePair, otherClient, ofRareV6Pair, otherAddress)) h.processElement(f, f.time);

        assertEquals(List.of(ofRarePair, ofRareV6Pair), h.extractOutputValues());
    }
}
