package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.RareLookup;
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

    /** A Bloom filter lets a few flows of other pairs through (the correlator drops them), never loses one of a rare pair. */
    @Test
    void everyFlowOfARarePairPassesAndAlmostNoOther() throws Exception {
        BroadcastOperatorTestHarness<Flow, org.apache.flink.api.java.tuple.Tuple2<Long, Long>, Flow> h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new RarePairFlowFilter(), RarePairFlowFilter.RARE_PAIRS);
        for (int i = 0; i < 100_000; i++) h.processBroadcastElement(PartitionKey.ofPair("10.0.0.5", address(i)), T);
        for (int i = 0; i < 200_000; i++) h.processElement(new Flow(T, "10.0.0.5", address(i), 443, 1, 1, Flow.PALO_ALTO), T);
        java.util.Set<String> passed = new java.util.HashSet<>();
        for (Flow f : h.extractOutputValues()) passed.add(f.destinationIp);
        for (int i = 0; i < 100_000; i++) assertEquals(true, passed.contains(address(i)), address(i));
        long others = passed.size() - 100_000;
        assertEquals(true, others < 100, others + " of 100,000 flows of other pairs passed");
    }

    /** The other direction: the rare lookups go on only when their pair has a flow left. */
    @Test
    void onlyRareLookupsOfAPairWithAFlowGoOn() throws Exception {
        BroadcastOperatorTestHarness<RareLookup, org.apache.flink.api.java.tuple.Tuple2<Long, Long>, RareLookup> h =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new FlowPairLookupFilter(), FlowPairLookupFilter.FLOW_PAIRS);
        for (Flow f : List.of(new Flow(T, "10.0.0.5", "203.0.114.7", 443, 1000, 10, Flow.PALO_ALTO),
                new Flow(T, "10.0.0.6", "2606:4700::1", 443, 1000, 10, Flow.VM_CONNECTION))) {
            h.processBroadcastElement(TransferCorrelator.FLOW_KEY.getKey(f), T);
        }
        RareLookup ofFlowPair = new RareLookup(T, "a.example", "10.0.0.5", "203.0.114.7");
        RareLookup sameOtherDomain = new RareLookup(T + 1, "b.example", "10.0.0.5", "203.0.114.7");
        RareLookup ofV6FlowPair = new RareLookup(T, "c.example", "10.0.0.6", "2606:4700::1");
        RareLookup otherClient = new RareLookup(T, "a.example", "10.0.0.6", "203.0.114.7");
        RareLookup otherAddress = new RareLookup(T, "a.example", "10.0.0.5", "203.0.114.8");
        for (RareLookup l : List.of(ofFlowPair, otherClient, sameOtherDomain, otherAddress, ofV6FlowPair)) h.processElement(l, l.time);

        assertEquals(List.of(ofFlowPair, sameOtherDomain, ofV6FlowPair), h.extractOutputValues());
    }

    static String address(int i) {
        return "203." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }
}
