package dev.dnshunter.rules.txtpayload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TxtPayloadFunctionTest {
    static final long T0 = 1_700_000_000_000L;
    static final long HOUR = 3_600_000L;

    static KeyedOneInputStreamOperatorTestHarness<String, TxtPayloadAlert, TxtPayloadAlert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TxtPayloadFunction(TxtPayloadRule.SUPPRESSION_MILLIS)),
                TxtPayloadAlert::key, Types.STRING);
        h.open();
        return h;
    }

    static TxtPayloadAlert p(long time, String name, String indicator) {
        return new TxtPayloadAlert(time, "10.0.0.5", true, "evil.com", name, indicator, "excerpt of " + name);
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, TxtPayloadAlert, TxtPayloadAlert> h, TxtPayloadAlert a) throws Exception {
        h.processElement(new StreamRecord<>(a, a.time));
    }

    static List<TxtPayloadAlert> alerts(KeyedOneInputStreamOperatorTestHarness<String, TxtPayloadAlert, TxtPayloadAlert> h) {
        List<TxtPayloadAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((TxtPayloadAlert) r.getValue());
        return out;
    }

    @Test
    void suppressedForSixtyMinutesAndAlertsAgainAtExactlyTheEnd() throws Exception {
        var h = harness();
        feed(h, p(T0, "a.evil.com", "iex"));
        feed(h, p(T0 + HOUR - 1, "b.evil.com", "iex"));
        feed(h, p(T0 + HOUR, "c.evil.com", "base64-run"));
        h.processWatermark(new Watermark(T0 + HOUR));
        List<TxtPayloadAlert> a = alerts(h);
        assertEquals(2, a.size());
        assertEquals("a.evil.com", a.get(0).queryName);
        assertEquals(T0 + HOUR, a.get(1).time);
        assertEquals("c.evil.com", a.get(1).queryName);
    }

    @Test
    void oneAlertPerInstantWhateverTheArrivalOrder() throws Exception {
        var forward = harness();
        var backward = harness();
        List<TxtPayloadAlert> same = List.of(p(T0, "b.evil.com", "iex"), p(T0, "a.evil.com", "powershell"), p(T0, "a.evil.com", "iex"));
        for (TxtPayloadAlert x : same) feed(forward, x);
        for (int i = same.size() - 1; i >= 0; i--) feed(backward, same.get(i));
        forward.processWatermark(new Watermark(T0));
        backward.processWatermark(new Watermark(T0));
        assertEquals(1, alerts(forward).size());
        assertEquals(alerts(forward), alerts(backward));
        assertEquals("a.evil.com", alerts(forward).get(0).queryName);
        assertEquals("iex", alerts(forward).get(0).indicator);
    }

    @Test
    void pairsAreIndependent() throws Exception {
        var h = harness();
        feed(h, p(T0, "a.evil.com", "iex"));
        TxtPayloadAlert other = new TxtPayloadAlert(T0 + 1, "10.0.0.5", true, "other.com", "x.other.com", "iex", "e");
        feed(h, other);
        TxtPayloadAlert host = new TxtPayloadAlert(T0 + 2, "10.0.0.5", false, "evil.com", "a.evil.com", "iex", "e");
        feed(h, host);
        h.processWatermark(new Watermark(T0 + 2));
        assertEquals(3, alerts(h).size());
    }

    @Test
    void stateAndTimersAreGoneOnceTheSuppressionEnds() throws Exception {
        var h = harness();
        feed(h, p(T0, "a.evil.com", "iex"));
        feed(h, p(T0 + 10, "a.evil.com", "iex"));
        h.processWatermark(new Watermark(T0 + 10));
        assertEquals(1, alerts(h).size());
        assertTrue(h.numKeyedStateEntries() > 0);
        h.processWatermark(new Watermark(T0 + HOUR));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void indicatorsInOrderCaseInsensitiveAndTheRun() {
        assertEquals("iex", TxtPayloads.indicator("PowerShell -c IEX(x)").indicator(), "iex comes first in the list");
        assertEquals("powershell", TxtPayloads.indicator("POWERSHELL -nop").indicator());
        assertEquals("-encodedcommand", TxtPayloads.indicator("x -EncodedCommand AAAA").indicator());
        assertEquals("cmd.exe", TxtPayloads.indicator("CMD.EXE /c").indicator());
        String run99 = "A".repeat(99);
        assertNull(TxtPayloads.indicator(run99 + " " + run99));
        TxtPayloads.Match m = TxtPayloads.indicator("chunk: " + "Qm9v/+=".repeat(20));
        assertEquals("base64-run", m.indicator());
        assertEquals(7, m.start());
        assertNull(TxtPayloads.indicator("hello world"));
    }

    @Test
    void benignRecordsAndDkimNames() {
        assertTrue(TxtPayloads.benign("v=spf1 include:x ~all", "a.com"));
        assertTrue(TxtPayloads.benign("V=DKIM1; p=" + "A".repeat(300), "a.com"));
        assertTrue(TxtPayloads.benign("v=DMARC1; p=none", "_dmarc.a.com"));
        assertTrue(TxtPayloads.benign("google-site-verification=abc", "a.com"));
        assertTrue(TxtPayloads.benign("MS=ms123", "a.com"));
        assertTrue(TxtPayloads.benign("k=rsa; p=" + "A".repeat(300), "s1._domainkey.a.com"));
        assertFalse(TxtPayloads.benign("k=rsa; p=" + "A".repeat(300), "s1.x_domainkey.a.com"));
        assertFalse(TxtPayloads.benign("iex", "a.com"));
    }

    @Test
    void excerptIsAtMost200AroundTheIndicator() {
        String text = "x".repeat(500) + "iex" + "y".repeat(500);
        TxtPayloads.Match m = TxtPayloads.indicator(text);
        String e = TxtPayloads.excerpt(text, m);
        assertEquals(200, e.length());
        assertEquals(50, e.indexOf("iex"));
        assertEquals("iex", TxtPayloads.excerpt("iex", TxtPayloads.indicator("iex")));
    }

    @Test
    void zeekTxtAnswersAreJoinedAndOtherSourcesReadForTxtQueries() {
        DnsQuery zeek = new DnsQuery(T0, "10.0.0.5", null, "a.evil.com", 16, 0, null,
                new String[] {"TXT 5 hello TXT 6 world!", "TXT 3 a b", "evil-target.com"}, "zeek-dns", "Zeek dns.log", null);
        assertEquals(List.of("helloworld!", "a b"), TxtPayloads.texts(zeek));
        zeek.queryType = DnsQuery.ABSENT;
        assertEquals(List.of("helloworld!", "a b"), TxtPayloads.texts(zeek), "Zeek's form says TXT whatever the query type");
        DnsQuery ecs = new DnsQuery(T0, "10.0.0.5", null, "a.evil.com", 16, 0, null, new String[] {"iex x"}, "ecs", "ECS", null);
        assertEquals(List.of("iex x"), TxtPayloads.texts(ecs));
        ecs.queryType = 5;
        assertEquals(List.of(), TxtPayloads.texts(ecs), "a CNAME target is no TXT text");
    }
}
