package dev.dnshunter.rules.tunnelsubdomains;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.rules.SubdomainQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TunnelSubdomainsFunctionTest {
    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, TunnelSubdomainsAlert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TunnelSubdomainsFunction(TunnelParams.DEFAULTS)), SubdomainQuery::key, Types.STRING);
        h.open();
        return h;
    }

    /** A query of a mixed-hexadecimal 16-character label (tunnel-shaped) under evil-c2.com. */
    static SubdomainQuery q(long time, int i) {
        String name = String.format("abc%013x", i) + ".evil-c2.com";
        return new SubdomainQuery(time, "10.0.0.5", true, name, "evil-c2.com", name.substring(0, 16), 16);
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, TunnelSubdomainsAlert> h, SubdomainQuery s)
            throws Exception {
        h.processElement(new StreamRecord<>(s, s.time));
    }

    static List<TunnelSubdomainsAlert> alerts(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, TunnelSubdomainsAlert> h) {
        List<TunnelSubdomainsAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((TunnelSubdomainsAlert) r.getValue());
        return out;
    }

    @Test
    void theCapDropsQueriesBeyondItPerPairAndSlotAndCountsThem() throws Exception {
        long w = TunnelParams.DEFAULTS.windowMillis();
        long t0 = Math.floorDiv(T0, w) * w; // the start of a window-aligned slot: all of the first queries share it
        var p = TunnelParams.DEFAULTS;
        var fn = new TunnelSubdomainsFunction(new TunnelParams(p.minSubdomain(), p.minLabel(), p.minEntropy(), p.minHexLabel(),
                15, w, p.suppressionMillis(), 20));
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(fn), SubdomainQuery::key, Types.STRING);
        h.open();
        for (int i = 0; i < 14; i++) feed(h, q(t0, i));
        for (int i = 0; i < 6; i++) feed(h, q(t0 + 1, 0)); // 20 held: 14 distinct names
        for (int i = 0; i < 10; i++) feed(h, q(t0 + 2, 100 + i)); // over the cap: dropped, or they would make 24
        // the slot two windows on has its own count, even before any timer fired (as in BATCH)
        for (int i = 0; i < 15; i++) feed(h, q(t0 + 2 * w, 200 + i));
        h.processWatermark(new Watermark(t0 + 2 * w));
        List<TunnelSubdomainsAlert> a = alerts(h);
        assertEquals(1, a.size());
        assertEquals(t0 + 2 * w, a.get(0).time);
        assertEquals(15, a.get(0).distinctNames);
        assertEquals(15, a.get(0).queryCount);
        assertEquals(10, fn.overCapCount());
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(0, h.numKeyedStateEntries(), "the slot counts go with the key's cleanup");
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void aQueryExactlyOneWindowBeforeIsOutAndOneMillisecondLaterIsIn() throws Exception {
        var h = harness();
        feed(h, q(T0, 0)); // exactly 5 min before the trigger: excluded
        for (int i = 1; i <= 14; i++) feed(h, q(T0 + 5 * MIN - 14 + i, i));
        h.processWatermark(new Watermark(T0 + 5 * MIN));
        assertEquals(List.of(), alerts(h));

        var h2 = harness();
        feed(h2, q(T0 + 1, 0)); // 4:59.999 before the trigger: included
        for (int i = 1; i <= 14; i++) feed(h2, q(T0 + 5 * MIN - 14 + i, i));
        h2.processWatermark(new Watermark(T0 + 5 * MIN));
        List<TunnelSubdomainsAlert> a = alerts(h2);
        assertEquals(1, a.size());
        assertEquals(T0 + 5 * MIN, a.get(0).time);
        assertEquals(15, a.get(0).distinctNames);
        assertEquals(T0 + 1, a.get(0).firstQueryTime);
        assertEquals(10, a.get(0).sampleNames.length);
        assertEquals(q(0, 0).name, a.get(0).sampleNames[0]);
        assertArrayEquals(new int[] {16}, a.get(0).queryTypes);
    }

    @Test
    void queriesOfOneMillisecondAreTakenTogetherWhateverTheirOrder() throws Exception {
        var forward = harness();
        var backward = harness();
        for (int i = 0; i < 20; i++) feed(forward, q(T0, i));
        for (int i = 19; i >= 0; i--) feed(backward, q(T0, i));
        forward.processWatermark(new Watermark(T0));
        backward.processWatermark(new Watermark(T0));
        assertEquals(1, alerts(forward).size());
        assertEquals(alerts(forward), alerts(backward));
        TunnelSubdomainsAlert a = alerts(forward).get(0);
        assertEquals(20, a.distinctNames);
        assertEquals(20, a.queryCount);
        for (int i = 0; i < 10; i++) assertEquals(q(T0, i).name, a.sampleNames[i], "by name within one millisecond");
    }

    @Test
    void anAlertSuppressesThePairUntilExactlySixtyMinutesLater() throws Exception {
        var h = harness();
        for (int i = 0; i < 15; i++) feed(h, q(T0, i));
        for (int i = 0; i < 15; i++) feed(h, q(T0 + 60 * MIN - 1, 100 + i)); // suppressed
        for (int i = 0; i < 15; i++) feed(h, q(T0 + 60 * MIN, 200 + i)); // exactly 60 min: emitted
        h.processWatermark(new Watermark(T0 + 60 * MIN));
        List<Long> times = alerts(h).stream().map(a -> a.time).toList();
        assertEquals(List.of(T0, T0 + 60 * MIN), times);
        assertEquals(30, alerts(h).get(1).distinctNames, "the window still holds the suppressed minute's names");
    }

    @Test
    void duplicatesCountOnceAndAnIdleKeyKeepsNoStateOrTimers() throws Exception {
        var h = harness();
        for (int i = 0; i < 14; i++) {
            feed(h, q(T0 + i, i));
            feed(h, q(T0 + 100 + i, i));
        }
        h.processWatermark(new Watermark(T0 + 24 * 60 * MIN));
        assertEquals(List.of(), alerts(h), "14 distinct names, 28 queries");
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void aRestoredSnapshotGoesOnAsIfNothingHappened() throws Exception {
        var h = harness();
        for (int i = 0; i < 10; i++) feed(h, q(T0 + i, i));
        h.processWatermark(new Watermark(T0 + 5));
        OperatorSubtaskState snapshot = h.snapshot(1, T0);
        h.close();
        var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TunnelSubdomainsFunction(TunnelParams.DEFAULTS)), SubdomainQuery::key, Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        for (int i = 10; i < 15; i++) feed(restored, q(T0 + i, i));
        restored.processWatermark(new Watermark(T0 + 24 * 60 * MIN));
        List<TunnelSubdomainsAlert> a = alerts(restored);
        assertEquals(1, a.size());
        assertEquals(T0 + 14, a.get(0).time);
        assertEquals(T0, a.get(0).firstQueryTime);
        assertEquals(0, restored.numKeyedStateEntries());
    }
}
