package dev.dnshunter.rules.nxdomainburst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.rules.SubdomainQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NxdomainBurstFunctionTest {
    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;

    static KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, NxdomainBurstAlert> harness(NxdomainParams p) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new NxdomainBurstFunction(p)),
                NxdomainQueries::key, Types.STRING);
        h.open();
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, NxdomainBurstAlert> harness() throws Exception {
        return harness(NxdomainParams.DEFAULTS);
    }

    static String domain(int i) {
        return String.format("dga%05d.com", i);
    }

    static SubdomainQuery q(long time, int i) {
        return new SubdomainQuery(time, "10.0.0.5", true, domain(i), domain(i), "", 1);
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, NxdomainBurstAlert> h, SubdomainQuery s) throws Exception {
        h.processElement(new StreamRecord<>(s, s.time));
    }

    static List<NxdomainBurstAlert> alerts(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, NxdomainBurstAlert> h) {
        List<NxdomainBurstAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((NxdomainBurstAlert) r.getValue());
        return out;
    }

    @Test
    void aQueryExactlyOneWindowBeforeIsOutAndOneMillisecondLaterIsIn() throws Exception {
        var h = harness();
        feed(h, q(T0, 0)); // exactly 1 h before the trigger: excluded
        for (int i = 1; i <= 24; i++) feed(h, q(T0 + HOUR - 24 + i, i));
        h.processWatermark(new Watermark(T0 + HOUR));
        assertEquals(List.of(), alerts(h));

        var h2 = harness();
        feed(h2, q(T0 + 1, 0)); // 59:59.999 before: included
        for (int i = 1; i <= 24; i++) feed(h2, q(T0 + HOUR - 24 + i, i));
        h2.processWatermark(new Watermark(T0 + HOUR));
        List<NxdomainBurstAlert> a = alerts(h2);
        assertEquals(1, a.size());
        assertEquals(T0 + HOUR, a.get(0).time);
        assertEquals(25, a.get(0).distinctDomains);
        assertEquals(25, a.get(0).queryCount);
        assertEquals(T0 + 1, a.get(0).firstQueryTime);
        assertEquals(T0 + HOUR, a.get(0).lastQueryTime);
        assertEquals(10, a.get(0).sampleDomains.length);
        assertEquals(domain(0), a.get(0).sampleDomains[0]);
    }

    @Test
    void queriesOfOneMillisecondAreTakenTogetherWhateverTheirOrderAndSamplesAreByText() throws Exception {
        var forward = harness();
        var backward = harness();
        for (int i = 0; i < 30; i++) feed(forward, q(T0, i));
        for (int i = 29; i >= 0; i--) feed(backward, q(T0, i));
        forward.processWatermark(new Watermark(T0));
        backward.processWatermark(new Watermark(T0));
        assertEquals(1, alerts(forward).size());
        assertEquals(alerts(forward), alerts(backward));
        NxdomainBurstAlert a = alerts(forward).get(0);
        assertEquals(30, a.distinctDomains);
        for (int i = 0; i < 10; i++) assertEquals(domain(i), a.sampleDomains[i]);
    }

    @Test
    void repeatedDomainsCountOnceInDAndEveryTimeInQueryCount() throws Exception {
        var h = harness();
        for (int i = 0; i < 24; i++) {
            feed(h, q(T0 + i * 1000L, i));
            feed(h, q(T0 + i * 1000L + 1, i));
        }
        h.processWatermark(new Watermark(T0 + MIN));
        assertEquals(List.of(), alerts(h));
        feed(h, q(T0 + 2 * MIN, 24));
        h.processWatermark(new Watermark(T0 + 2 * MIN));
        assertEquals(1, alerts(h).size());
        assertEquals(25, alerts(h).get(0).distinctDomains);
        assertEquals(49, alerts(h).get(0).queryCount);
    }

    @Test
    void suppressedUntilExactlySixtyMinutesLater() throws Exception {
        var h = harness();
        for (int i = 0; i < 25; i++) feed(h, q(T0, i));
        feed(h, q(T0 + HOUR - 1, 100)); // suppressed
        feed(h, q(T0 + HOUR, 101)); // suppression over; 2 distinct in the window (T0 is out): quiet
        h.processWatermark(new Watermark(T0 + HOUR));
        assertEquals(1, alerts(h).size());

        var h2 = harness();
        for (int i = 0; i < 25; i++) feed(h2, q(T0 + 1, i));
        feed(h2, q(T0 + HOUR, 100)); // 26 distinct, but 1 ms before the suppression ends: quiet
        feed(h2, q(T0 + HOUR + 1, 101)); // suppression over, but T0+1 has left the window: 2 distinct
        h2.processWatermark(new Watermark(T0 + HOUR + 1));
        assertEquals(1, alerts(h2).size(), "the window has moved on: only 2 distinct");

        var h3 = harness();
        for (int i = 0; i < 25; i++) feed(h3, q(T0 + i * MIN, i)); // alert at T0 + 24 min
        for (int i = 25; i < 60; i++) feed(h3, q(T0 + 24 * MIN + HOUR - 1, i)); // 1 ms before the end: quiet
        feed(h3, q(T0 + 24 * MIN + HOUR, 60)); // exactly at the end: alerts
        h3.processWatermark(new Watermark(T0 + 24 * MIN + HOUR));
        List<NxdomainBurstAlert> a = alerts(h3);
        assertEquals(2, a.size());
        assertEquals(T0 + 24 * MIN, a.get(0).time);
        assertEquals(T0 + 24 * MIN + HOUR, a.get(1).time);
    }

    @Test
    void stateAndTimersAreGoneAfterAnIdleWindowAndSuppression() throws Exception {
        var h = harness();
        for (int i = 0; i < 30; i++) feed(h, q(T0 + i, i));
        h.processWatermark(new Watermark(T0 + 30));
        assertEquals(1, alerts(h).size());
        assertTrue(h.numKeyedStateEntries() > 0);
        h.processWatermark(new Watermark(T0 + 29 + HOUR));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void theCapDropsQueriesBeyondItPerIdentity() throws Exception {
        // T0 is aligned to the hour (slot start), so all of these share one slot
        long t0 = Math.floorDiv(T0, HOUR) * HOUR;
        var h = harness(new NxdomainParams(25, HOUR, HOUR, List.of(), 30));
        for (int i = 0; i < 24; i++) feed(h, q(t0, 0));
        for (int i = 0; i < 6; i++) feed(h, q(t0 + 1, i + 1)); // 30 held
        for (int i = 0; i < 10; i++) feed(h, q(t0 + 2, i + 10)); // over the cap: dropped
        // the next slot has its own count, even before any timer fired (as in BATCH)
        for (int i = 0; i < 25; i++) feed(h, q(t0 + 2 * HOUR, i + 100));
        h.processWatermark(new Watermark(t0 + 2 * HOUR));
        assertEquals(1, alerts(h).size());
        assertEquals(t0 + 2 * HOUR, alerts(h).get(0).time);
    }

    @Test
    void countedQueriesByTheDefinition() {
        DomainRules d = ReferenceDetector.domainRules(DetectionConfig.defaults());
        NxdomainParams p = NxdomainParams.DEFAULTS.withInternalSuffixes(List.of(".Corp.Example."));
        assertNotNull(NxdomainQueries.counted(nx("x1.evil.com", 1, 3), d, p));
        assertNotNull(NxdomainQueries.counted(nx("X1.Evil.COM.", 28, 3), d, p));
        assertNotNull(NxdomainQueries.counted(nx("x1.evil.com", DnsQuery.ABSENT, 3), d, p));
        assertNull(NxdomainQueries.counted(nx("x1.evil.com", 16, 3), d, p), "TXT");
        assertNull(NxdomainQueries.counted(nx("x1.evil.com", 1, 0), d, p), "NOERROR");
        assertNull(NxdomainQueries.counted(nx("x1.evil.com", 1, DnsQuery.ABSENT), d, p), "no response code");
        assertNull(NxdomainQueries.counted(nx("wpad", 1, 3), d, p), "single label");
        assertNull(NxdomainQueries.counted(nx("printer.local", 1, 3), d, p));
        assertNull(NxdomainQueries.counted(nx("4.3.2.1.in-addr.arpa", DnsQuery.ABSENT, 3), d, p));
        assertNull(NxdomainQueries.counted(nx("fileserv.corp.example", 1, 3), d, p));
        assertNull(NxdomainQueries.counted(nx("corp.example", 1, 3), d, p));
        assertNotNull(NxdomainQueries.counted(nx("fileserv.notcorp.example", 1, 3), d, p), "a suffix is whole labels");
        assertFalse(NxdomainQueries.counts("local", p));
    }

    static DnsQuery nx(String name, int type, int rcode) {
        return new DnsQuery(T0, "10.0.0.5", null, name, type, rcode, null, null, "zeek-dns", "Zeek dns.log", null);
    }
}
