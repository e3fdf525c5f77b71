package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-key caps of the correlator: a flood of one pair becomes one truncated alert, and state is still cleaned up. */
class TransferCorrelatorCapsTest {
    static final long W10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    static final String CLIENT = "10.0.0.5";
    static final String ADDR = "203.0.114.7";

    static KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> harness(DetectionConfig c,
            boolean sorted) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(c, sorted)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        h.open();
        return h;
    }

    static List<RareDnsAlert> alerts(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, RareDnsAlert> h) {
        List<RareDnsAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((RareDnsAlert) r.getValue());
        return out;
    }

    static void lookup(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h, long t, String d)
            throws Exception {
        h.processElement1(new StreamRecord<>(new RareLookup(t, d, CLIENT, ADDR), t));
    }

    static void flow(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h, long t, long sent)
            throws Exception {
        h.processElement2(new StreamRecord<>(new Flow(t, CLIENT, ADDR, 443, sent, 1, Flow.PALO_ALTO), t));
    }

    @Test
    void lookupsOverTheCapOfAnHourBecomeOneTruncatedAlert() throws Exception {
        var h = harness(DetectionConfig.defaults().withMaxLookupsPerPair(3), false);
        for (int i = 0; i < 10; i++) lookup(h, W10 + (10 - i) * MIN, "r" + i + ".s3.amazonaws.com");
        flow(h, W10 + 20 * MIN, 100);
        h.processBothWatermarks(new Watermark(W10 + 6 * HOUR));
        RareDnsAlert a = alerts(h).get(0);
        assertEquals(1, alerts(h).size());
        assertEquals("r9.s3.amazonaws.com", a.domain); // the earliest lookup's
        assertEquals(10, a.lookupCount);
        assertEquals(W10 + MIN, a.firstLookupTime);
        assertEquals(W10 + 10 * MIN, a.lastLookupTime);
        assertEquals(100, a.sentBytes);
        assertTrue(a.truncated);
        assertTrue(AlertJson.toJson(a).contains(",\"truncated\":true,\"firstFlowTime\""), AlertJson.toJson(a));
        // The flood's evidence: its first 10 lookups by time (all ten here), none left out.
        assertEquals(10, a.lookups.length);
        assertEquals("r9.s3.amazonaws.com", a.lookups[0].name);
        assertEquals("r0.s3.amazonaws.com", a.lookups[9].name);
        assertEquals(0, a.lookupsOmitted);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void atTheCapNothingIsTruncatedAndTheJsonHasNoTruncatedField() throws Exception {
        var h = harness(DetectionConfig.defaults().withMaxLookupsPerPair(3).withMaxFlowsPerWindow(2), false);
        for (int i = 0; i < 3; i++) lookup(h, W10 + i * MIN, "d" + i + ".example");
        flow(h, W10 + 20 * MIN, 100);
        flow(h, W10 + 21 * MIN, 1);
        h.processBothWatermarks(new Watermark(W10 + 6 * HOUR));
        assertEquals(3, alerts(h).size());
        for (RareDnsAlert a : alerts(h)) {
            assertFalse(a.truncated);
            assertFalse(AlertJson.toJson(a).contains("truncated"));
            assertEquals(2, a.connectionCount);
        }
        assertEquals(0, h.numKeyedStateEntries());
    }

    @Test
    void flowsOverTheCapOfAWindowAreSummedAndTheAlertIsTruncated() throws Exception {
        var h = harness(DetectionConfig.defaults().withMaxFlowsPerWindow(2), false);
        lookup(h, W10 + 5 * MIN, "evil.example");
        for (int i = 0; i < 5; i++) flow(h, W10 + (10 + i) * MIN, 1000 + i);
        flow(h, W10 + 2 * HOUR, 7); // another window: its own cap, not truncated, and not reached by the lookup
        h.processBothWatermarks(new Watermark(W10 + 6 * HOUR));
        assertEquals(1, alerts(h).size());
        RareDnsAlert a = alerts(h).get(0);
        assertEquals(5, a.connectionCount);
        assertEquals(5010, a.sentBytes);
        assertEquals(5, a.receivedBytes);
        assertEquals(1, a.lookupCount);
        assertTrue(a.truncated);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void sortedBatchInputFloodsTheSameWay() throws Exception {
        var h = harness(DetectionConfig.defaults().withMaxLookupsPerPair(2), true);
        for (int i = 0; i < 6; i++) lookup(h, W10 + i * MIN, "r" + i + ".s3.amazonaws.com");
        flow(h, W10 + 20 * MIN, 100);
        flow(h, W10 + 5 * HOUR, 1);
        assertEquals(1, alerts(h).size());
        assertEquals(6, alerts(h).get(0).lookupCount);
        assertEquals("r0.s3.amazonaws.com", alerts(h).get(0).domain);
        assertTrue(alerts(h).get(0).truncated);
    }
}
