package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.SubdomainQuery;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstFunction;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import dev.dnshunter.rules.nxdomainburst.NxdomainQueries;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadFunction;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The references by hand-counted cases, and the Flink functions against them on random traffic full of ties. */
class ReferenceNxdomainTxtTest {
    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;
    static final DomainRules DOMAINS = ReferenceDetector.domainRules(DetectionConfig.defaults());

    static DnsQuery nx(long time, String client, String name) {
        return new DnsQuery(time, client, null, name, 1, 3, null, null, "zeek-dns", "Zeek dns.log", null);
    }

    static DnsQuery txt(long time, String client, String name, String answer) {
        return new DnsQuery(time, client, null, name, 16, 0, null, new String[] {answer}, "ecs", "ECS", null);
    }

    @Test
    void nxdomainByHand() {
        List<DnsQuery> q = new ArrayList<>();
        // 25 distinct registrable domains (two names under each of the first five): the 30th query is the 25th domain
        for (int i = 0; i < 25; i++) q.add(nx(T0 + i * MIN, "10.0.0.1", "www.d" + i + ".com"));
        for (int i = 0; i < 5; i++) q.add(nx(T0 + i * MIN + 1, "10.0.0.1", "mail.d" + i + ".com"));
        q.add(nx(T0, "10.0.0.1", "x.d99.local"));
        List<NxdomainBurstAlert> a = ReferenceNxdomainDetector.detect(q, DOMAINS, NxdomainParams.DEFAULTS);
        assertEquals(1, a.size());
        assertEquals(T0 + 24 * MIN, a.get(0).time);
        assertEquals(25, a.get(0).distinctDomains);
        assertEquals(30, a.get(0).queryCount);
        assertEquals("d0.com", a.get(0).sampleDomains[0]);
        assertEquals(10, a.get(0).sampleDomains.length);
    }

    @Test
    void txtPayloadByHand() {
        String b64 = "QUJD".repeat(30);
        List<DnsQuery> q = List.of(
                txt(T0, "10.0.0.1", "1.evil.com", b64),
                txt(T0 + 1, "10.0.0.1", "2.evil.com", b64),
                txt(T0 + 60 * MIN, "10.0.0.1", "3.evil.com", "x powershell -EncodedCommand " + b64),
                txt(T0, "10.0.0.2", "s._domainkey.evil.com", b64),
                txt(T0, "10.0.0.2", "evil.com", "v=spf1 " + b64));
        List<TxtPayloadAlert> a = ReferenceTxtPayloadDetector.detect(q, DOMAINS, TxtPayloadRule.SUPPRESSION_MILLIS);
        assertEquals(2, a.size());
        assertEquals("base64-run", a.get(0).indicator);
        assertEquals(b64, a.get(0).answerExcerpt);
        assertEquals("powershell", a.get(1).indicator);
        assertEquals("x powershell -EncodedCommand " + b64, a.get(1).answerExcerpt, "shorter than 200: all of it");
    }

    @Test
    void theFunctionsEqualTheReferencesOnRandomTrafficWithTies() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            List<DnsQuery> q = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                long time = T0 + r.nextInt(240) * 30_000L + r.nextInt(2); // many queries per millisecond
                String client = "10.0.0." + r.nextInt(3);
                if (r.nextInt(4) == 0) {
                    String[] answers = {"iex x", "hello", "v=spf1 -all", "QUJD".repeat(26), "cmd.exe /c", "POWERSHELL"};
                    q.add(txt(time, client, "n" + r.nextInt(3) + ".c2-" + r.nextInt(2) + ".com", answers[r.nextInt(answers.length)]));
                } else {
                    q.add(nx(time, client, "h.d" + r.nextInt(60) + ".net"));
                }
            }
            NxdomainParams p = new NxdomainParams(20, 30 * MIN, 45 * MIN, List.of(), 10_000);
            var nh = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new NxdomainBurstFunction(p)),
                    NxdomainQueries::key, Types.STRING);
            var th = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new TxtPayloadFunction(TxtPayloadRule.SUPPRESSION_MILLIS)), TxtPayloadAlert::key, Types.STRING);
            nh.open();
            th.open();
            List<TxtPayloadAlert> candidates = new ArrayList<>();
            Collector<TxtPayloadAlert> collect = new Collector<>() {
                public void collect(TxtPayloadAlert a) { candidates.add(a); }
                public void close() {}
            };
            // BATCH-like: every record first, in random order, then the watermark
            List<DnsQuery> shuffled = new ArrayList<>(q);
            java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
            for (DnsQuery d : shuffled) {
                SubdomainQuery s = NxdomainQueries.counted(d, DOMAINS, p);
                if (s != null) nh.processElement(new StreamRecord<>(s, s.time));
                TxtPayloadRule.payloads(d, DOMAINS, collect);
            }
            for (TxtPayloadAlert c : candidates) th.processElement(new StreamRecord<>(c, c.time));
            nh.processWatermark(new Watermark(Long.MAX_VALUE));
            th.processWatermark(new Watermark(Long.MAX_VALUE));
            org.junit.jupiter.api.Assertions.assertTrue(!ReferenceNxdomainDetector.detect(q, DOMAINS, p).isEmpty() && !ReferenceTxtPayloadDetector.detect(q, DOMAINS, TxtPayloadRule.SUPPRESSION_MILLIS).isEmpty(), "not vacuous");
            assertEquals(sorted(ReferenceNxdomainDetector.detect(q, DOMAINS, p).stream().map(Object::toString).toList()),
                    sorted(values(nh.getOutput())), "seed " + seed);
            assertEquals(sorted(ReferenceTxtPayloadDetector.detect(q, DOMAINS, TxtPayloadRule.SUPPRESSION_MILLIS).stream().map(Object::toString).toList()),
                    sorted(values(th.getOutput())), "seed " + seed);
        }
    }

    static List<String> values(Iterable<Object> output) {
        List<String> out = new ArrayList<>();
        for (Object o : output) if (o instanceof StreamRecord<?> r) out.add(r.getValue().toString());
        return out;
    }

    static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }
}
