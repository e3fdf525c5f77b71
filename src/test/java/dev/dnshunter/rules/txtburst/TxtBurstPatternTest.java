package dev.dnshunter.rules.txtburst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The CEP operator of the TXT rule, exactly as the job builds it, in Flink's test harness. */
class TxtBurstPatternTest {
    static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long SEC = 1000;
    static final long MIN = 60 * SEC;
    static final DetectionConfig CONFIG = DetectionConfig.defaults();

    static KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert> harness() throws Exception {
        CepOperator<TxtQuery, String, DnsTxtAlert> op = new CepOperator<>(
                TypeInformation.of(TxtQuery.class).createSerializer(new SerializerConfigImpl()), false,
                NFACompiler.compileFactory(TxtBurstPattern.of(CONFIG), false), TxtBurstPattern.tieBreaker(),
                AfterMatchSkipStrategy.skipPastLastEvent(), new TxtBurstToAlert(CONFIG), null);
        var h = new KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert>(op, TxtBurstPattern::key, Types.STRING);
        h.open();
        return h;
    }

    static void query(KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert> h, long time, String name) throws Exception {
        h.processElement(new StreamRecord<>(new TxtQuery(time, "ws01.corp.contoso.com", TxtQuery.DNS_CLIENT_EVENTS, name), time));
    }

    static List<DnsTxtAlert> alerts(KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert> h) {
        List<DnsTxtAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((DnsTxtAlert) r.getValue());
        return out;
    }

    static void burst(KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert> h, long start, int n, long step) throws Exception {
        for (int i = 0; i < n; i++) query(h, start + i * step, "chunk" + i + ".payload.evil.example");
    }

    @Test
    void fiveQueriesAreNotABurst() throws Exception {
        var h = harness();
        burst(h, T0, 5, 10 * SEC);
        h.processWatermark(T0 + 30 * MIN);
        assertEquals(List.of(), alerts(h));
    }

    @Test
    void sixQueriesWithin4Minutes59AreABurst() throws Exception {
        var h = harness();
        burst(h, T0, 5, 10 * SEC);
        query(h, T0 + 4 * MIN + 59 * SEC, "chunk5.payload.evil.example");
        h.processWatermark(T0 + 30 * MIN);
        List<DnsTxtAlert> alerts = alerts(h);
        assertEquals(1, alerts.size());
        DnsTxtAlert a = alerts.get(0);
        assertEquals(T0, a.firstQueryTime);
        assertEquals(T0 + 4 * MIN + 59 * SEC, a.lastQueryTime);
        assertEquals(6, a.queryCount);
        assertEquals("ws01.corp.contoso.com", a.host);
        assertEquals(TxtQuery.DNS_CLIENT_EVENTS, a.source);
        assertEquals(6, a.queryNames.length);
        assertArrayEquals(new String[] {"evil.example"}, a.registeredDomains);
    }

    @Test
    void sixQueriesSpanningExactlyFiveMinutesAreNot() throws Exception {
        var h = harness();
        burst(h, T0, 5, 10 * SEC);
        query(h, T0 + 5 * MIN, "chunk5.payload.evil.example");
        h.processWatermark(T0 + 30 * MIN);
        assertEquals(List.of(), alerts(h));
    }

    @Test
    void outOfOrderArrivalWithinTheWatermarkBoundStillMatches() throws Exception {
        var h = harness();
        long[] offsets = {50, 0, 20, 40, 10, 30};
        for (int i = 0; i < offsets.length; i++) query(h, T0 + offsets[i] * SEC, "c" + i + ".evil.example");
        h.processWatermark(T0 + 10 * MIN);
        List<DnsTxtAlert> alerts = alerts(h);
        assertEquals(1, alerts.size());
        assertEquals(T0, alerts.get(0).firstQueryTime);
        assertEquals(T0 + 50 * SEC, alerts.get(0).lastQueryTime);
        assertArrayEquals(new String[] {"c1.evil.example", "c4.evil.example", "c2.evil.example", "c5.evil.example",
                "c3.evil.example", "c0.evil.example"}, alerts.get(0).queryNames, "names in time order");
    }

    @Test
    void queriesAtTheSameMillisecondGiveTheSameAlertWhateverTheirArrivalOrder() throws Exception {
        List<List<String>> orders = List.of(List.of("a", "b", "c", "d", "e", "f", "g"), List.of("g", "f", "e", "d", "c", "b", "a"));
        List<DnsTxtAlert> seen = new ArrayList<>();
        for (List<String> order : orders) {
            var h = harness();
            for (String n : order) query(h, T0, n + ".evil.example");
            h.processWatermark(T0 + 10 * MIN);
            assertEquals(1, alerts(h).size());
            seen.add(alerts(h).get(0));
        }
        assertEquals(seen.get(0), seen.get(1));
    }

    @Test
    void skipPastLastEventStartsTheNextMatchAfterTheFirst() throws Exception {
        var h = harness();
        burst(h, T0, 12, 5 * SEC);
        h.processWatermark(T0 + 30 * MIN);
        List<DnsTxtAlert> alerts = alerts(h);
        assertEquals(2, alerts.size(), "12 queries make two disjoint bursts of 6 (suppression comes later)");
        assertEquals(T0 + 30 * SEC, alerts.get(1).firstQueryTime);
    }

    @Test
    void aPartialBurstSurvivesSnapshotAndRestore() throws Exception {
        var h = harness();
        burst(h, T0, 4, 10 * SEC);
        h.processWatermark(T0 + 35 * SEC);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        CepOperator<TxtQuery, String, DnsTxtAlert> op = new CepOperator<>(
                TypeInformation.of(TxtQuery.class).createSerializer(new SerializerConfigImpl()), false,
                NFACompiler.compileFactory(TxtBurstPattern.of(CONFIG), false), TxtBurstPattern.tieBreaker(),
                AfterMatchSkipStrategy.skipPastLastEvent(), new TxtBurstToAlert(CONFIG), null);
        var restored = new KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, DnsTxtAlert>(op, TxtBurstPattern::key, Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        query(restored, T0 + 60 * SEC, "x.evil.example");
        query(restored, T0 + 70 * SEC, "y.evil.example");
        restored.processWatermark(T0 + 30 * MIN);
        assertEquals(1, alerts(restored).size());
        assertEquals(T0, alerts(restored).get(0).firstQueryTime);
    }

    @Test
    void aHostWithAFewQueriesKeepsNoStateOnceTheSpanHasPassed() throws Exception {
        var h = harness();
        burst(h, T0, 3, MIN);
        h.processWatermark(T0 + 10 * MIN);
        h.processWatermark(T0 + 11 * MIN);
        assertEquals(List.of(), alerts(h));
        assertEquals(0, h.numEventTimeTimers(), "no timer keeps the key alive");
    }

    @Test
    void aHostSendingThousandsOfQueriesKeepsBoundedState() throws Exception {
        var h = harness();
        for (int i = 0; i < 5000; i++) query(h, T0 + i * 20L, "q" + i + ".evil.example");
        h.processWatermark(T0 + 5000 * 20L + 10 * MIN);
        assertEquals(5000 / 6, alerts(h).size(), "every 6 queries make a match (suppression is a later operator)");
        assertEquals(0, h.numEventTimeTimers());
    }
}
