package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class TransferCorrelatorTest {
    static final long T0 = Instant.parse("2026-11-20T10:20:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    static final String CLIENT = "10.0.0.5";
    static final String ADDR = "203.0.114.7";

    static KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(DetectionConfig.defaults(), false)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        h.open();
        return h;
    }

    static void lookup(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h, long time, String domain) throws Exception {
        h.processElement1(new StreamRecord<>(new RareLookup(time, domain, CLIENT, ADDR), time));
    }

    static void flow(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h, long time, long sent) throws Exception {
        h.processElement2(new StreamRecord<>(new Flow(time, CLIENT, ADDR, 443, sent, 10, Flow.PALO_ALTO), time));
    }

    static List<RareDnsAlert> alerts(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h) {
        List<RareDnsAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((RareDnsAlert) r.getValue());
        return out;
    }

    static RareDnsAlert alert(long windowStart, String domain, long sent, long received, long connections, long lookups, long first, long last) {
        RareDnsAlert a = new RareDnsAlert();
        a.windowStart = windowStart;
        a.windowEnd = windowStart + HOUR;
        a.clientIp = CLIENT;
        a.domain = domain;
        a.destinationIp = ADDR;
        a.destinationPort = 443;
        a.dataType = Flow.PALO_ALTO;
        a.sentBytes = sent;
        a.receivedBytes = received;
        a.connectionCount = connections;
        a.lookupCount = lookups;
        a.firstLookupTime = first;
        a.lastLookupTime = last;
        a.lookbackBuckets = 7;
        a.baselineCount = -1;
        return a;
    }

    @Test
    void bothBoundsAreInclusiveAndOneMillisecondOutsideIsNot() throws Exception {
        var h = harness();
        lookup(h, T0, "evil.example");
        flow(h, T0 - 5 * MIN - 1, 1);   // too early
        flow(h, T0 - 5 * MIN, 100);     // earliest allowed
        flow(h, T0 + HOUR, 1000);       // latest allowed (next window)
        flow(h, T0 + HOUR + 1, 7);      // too late
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        long w10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        assertEquals(List.of(alert(w10, "evil.example", 100, 10, 1, 1, T0, T0),
                alert(w10 + HOUR, "evil.example", 1000, 10, 1, 1, T0, T0)), alerts(h));
    }

    @Test
    void aFlowMatchingTwoLookupsOfOneDomainCountsOnceAndBothLookupsAreCounted() throws Exception {
        var h = harness();
        lookup(h, T0, "evil.example");
        lookup(h, T0, "evil.example"); // an identical row is a second lookup
        lookup(h, T0 + MIN, "evil.example");
        flow(h, T0 + 2 * MIN, 5000);
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        long w10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        assertEquals(List.of(alert(w10, "evil.example", 5000, 10, 1, 3, T0, T0 + MIN)), alerts(h));
    }

    @Test
    void aFlowMatchingTwoDomainsCountsForEach() throws Exception {
        var h = harness();
        lookup(h, T0, "a.example");
        lookup(h, T0, "b.example");
        flow(h, T0 + MIN, 42);
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        long w10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        assertEquals(List.of(alert(w10, "a.example", 42, 10, 1, 1, T0, T0), alert(w10, "b.example", 42, 10, 1, 1, T0, T0)), alerts(h));
    }

    @Test
    void aWindowIsEmittedOnlyOnceNoLaterLookupCanJoinIt() throws Exception {
        var h = harness();
        long w10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        flow(h, w10 + HOUR - 1, 9); // 10:59:59.999
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(w10 + HOUR + 5 * MIN - 2));
        lookup(h, w10 + HOUR + 5 * MIN - 1, "late.example"); // a lookup 5 min after the flow still joins it
        assertEquals(List.of(), alerts(h));
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(w10 + HOUR + 5 * MIN - 1));
        assertEquals(List.of(alert(w10, "late.example", 9, 10, 1, 1, w10 + HOUR + 5 * MIN - 1, w10 + HOUR + 5 * MIN - 1)), alerts(h));
    }

    @Test
    void flowsWithoutLookupsGiveNothingAndStateIsCleanedUp() throws Exception {
        var h = harness();
        flow(h, T0, 1);
        lookup(h, T0 + 3 * HOUR, "evil.example");
        flow(h, T0 + 3 * HOUR + MIN, 2);
        h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 6 * HOUR));
        assertEquals(1, alerts(h).size());
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void bufferedLookupsAndFlowsSurviveSnapshotAndRestore() throws Exception {
        var h = harness();
        lookup(h, T0, "evil.example");
        flow(h, T0 + MIN, 77);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        var restored = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(DetectionConfig.defaults(), false)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        restored.initializeState(snapshot);
        restored.open();
        flow(restored, T0 + 2 * MIN, 3);
        restored.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
        long w10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        assertEquals(List.of(alert(w10, "evil.example", 80, 20, 2, 1, T0, T0)), alerts(restored));
    }

    @Test
    void sortedBatchInputEmitsAsItGoesWithoutWaitingForTheEnd() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(DetectionConfig.defaults(), true)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        h.open();
        lookup(h, T0, "evil.example");
        flow(h, T0 + MIN, 5);
        flow(h, T0 + 5 * HOUR, 6); // proves every record of the 10:00 window has been seen
        assertEquals(1, alerts(h).size());
    }
}
