package dev.dnshunter.rules.txtburst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TxtAlertSuppressorTest {
    static final long MIN = 60_000;
    static final long T0 = 1_795_000_000_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, DnsTxtAlert, DnsTxtAlert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, DnsTxtAlert, DnsTxtAlert>(
                new KeyedProcessOperator<>(new TxtAlertSuppressor(DetectionConfig.defaults())), a -> a.source + '|' + a.host, Types.STRING);
        h.open();
        return h;
    }

    static DnsTxtAlert match(String host, long first, long last) {
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = host;
        a.source = "DnsClientEvents";
        a.firstQueryTime = first;
        a.lastQueryTime = last;
        a.queryCount = 6;
        a.queryNames = new String[] {"x.evil.example"};
        a.registeredDomains = new String[] {"evil.example"};
        return a;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, DnsTxtAlert, DnsTxtAlert> h, DnsTxtAlert a) throws Exception {
        h.processElement(new StreamRecord<>(a, a.lastQueryTime));
    }

    static List<Long> emittedLastTimes(KeyedOneInputStreamOperatorTestHarness<String, DnsTxtAlert, DnsTxtAlert> h) {
        List<Long> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add(((DnsTxtAlert) r.getValue()).lastQueryTime);
        return out;
    }

    @Test
    void aBurstInsideTheSuppressionPeriodIsDroppedAndOneAfterItIsNot() throws Exception {
        var h = harness();
        feed(h, match("ws1", T0, T0 + MIN));
        feed(h, match("ws1", T0 + 30 * MIN, T0 + 31 * MIN));           // inside: dropped
        feed(h, match("ws1", T0 + 60 * MIN, T0 + 61 * MIN - 1));       // last < T0 + MIN + 60 min: dropped
        feed(h, match("ws1", T0 + 60 * MIN, T0 + 61 * MIN));           // last == previous last + 60 min: emitted
        assertEquals(List.of(T0 + MIN, T0 + 61 * MIN), emittedLastTimes(h));
    }

    @Test
    void suppressionIsMeasuredFromTheLastEmittedAlertNotFromDroppedOnes() throws Exception {
        var h = harness();
        feed(h, match("ws1", T0, T0 + MIN));
        feed(h, match("ws1", T0 + 50 * MIN, T0 + 51 * MIN));   // dropped, does not extend the period
        feed(h, match("ws1", T0 + 100 * MIN, T0 + 101 * MIN)); // 100 min after the emitted one: emitted
        assertEquals(List.of(T0 + MIN, T0 + 101 * MIN), emittedLastTimes(h));
    }

    @Test
    void hostsAreSuppressedIndependently() throws Exception {
        var h = harness();
        feed(h, match("ws1", T0, T0 + MIN));
        feed(h, match("ws2", T0 + 2 * MIN, T0 + 3 * MIN));
        assertEquals(List.of(T0 + MIN, T0 + 3 * MIN), emittedLastTimes(h));
    }

    @Test
    void stateIsDroppedWhenThePeriodEnds() throws Exception {
        var h = harness();
        feed(h, match("ws1", T0, T0 + MIN));
        h.processWatermark(T0 + 61 * MIN);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }
}
