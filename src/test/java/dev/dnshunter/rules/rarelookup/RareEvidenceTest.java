package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.Evidence;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.LookupEvidence;
import dev.dnshunter.rare.RareLookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The evidence of a rare alert through the correlator: at most 10 lookups in time-then-name order whatever the arrival
 * order, the others counted, also when the per-key cap turned the hour into a flood; each lookup's name and answers
 * bounded, so no log line makes a large alert.
 */
class RareEvidenceTest {
    static final long T0 = TransferCorrelatorTest.T0;
    static final long MIN = TransferCorrelatorTest.MIN;
    static final String CLIENT = TransferCorrelatorTest.CLIENT;
    static final String ADDR = TransferCorrelatorTest.ADDR;

    /** 13 lookups of one domain at 10:20, 10:21, ...; the first two and the last two at the same millisecond. */
    static List<RareLookup> thirteen() {
        List<RareLookup> out = new ArrayList<>();
        long[] offsets = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10};
        String[] names = {"Zed.Evil.example.", "a.evil.example", "c.evil.example", "d.evil.example", "e.evil.example",
                "f.evil.example", "g.evil.example", "h.evil.example", "i.evil.example", "j.evil.example", "k.evil.example",
                "m.evil.example", "l.evil.example"};
        for (int i = 0; i < offsets.length; i++) {
            DnsLookup d = new DnsLookup(T0 + offsets[i] * MIN, "evil.example", CLIENT, new String[] {ADDR})
                    .withEvidence(names[i], ADDR + ", 10.1.1." + i);
            out.add(RareLookup.of(d, ADDR));
        }
        return out;
    }

    static RareDnsAlert run(DetectionConfig config, List<RareLookup> lookups) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert>(
                new KeyedCoProcessOperator<>(new TransferCorrelator(config, false)),
                TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE);
        h.open();
        for (RareLookup l : lookups) h.processElement1(new StreamRecord<>(l, l.time));
        // One flow every lookup reaches (10:24, within 5 min after the first and before the last), one at 10:33.
        h.processElement2(new StreamRecord<>(new Flow(T0 + 4 * MIN, CLIENT, ADDR, 443, 100, 10, Flow.PALO_ALTO), T0 + 4 * MIN));
        h.processElement2(new StreamRecord<>(new Flow(T0 + 13 * MIN, CLIENT, ADDR, 443, 100, 10, Flow.PALO_ALTO), T0 + 13 * MIN));
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<RareDnsAlert> alerts = TransferCorrelatorTest.alerts(h);
        assertEquals(0, h.numKeyedStateEntries());
        h.close();
        assertEquals(1, alerts.size(), alerts.toString());
        return alerts.get(0);
    }

    static List<String> names(RareDnsAlert a) {
        List<String> n = new ArrayList<>();
        for (LookupEvidence e : a.lookups) n.add(e.name);
        return n;
    }

    /** Time order, ties by name: at 10:20 "Zed.Evil.example." sorts before "a.evil.example" (upper case first). */
    static final List<String> FIRST_TEN = List.of("Zed.Evil.example.", "a.evil.example", "c.evil.example", "d.evil.example",
            "e.evil.example", "f.evil.example", "g.evil.example", "h.evil.example", "i.evil.example", "j.evil.example");

    @Test
    void exactlyTenLookupsAreListedInTimeThenNameOrderAndTheRestCounted() throws Exception {
        List<RareLookup> lookups = thirteen();
        RareDnsAlert a = run(DetectionConfig.defaults(), lookups);
        assertEquals(13, a.lookupCount);
        assertEquals(FIRST_TEN, names(a));
        assertEquals(3, a.lookupsOmitted);
        assertArrayEquals(new String[] {ADDR, "10.1.1.0"}, a.lookups[0].answers);
        assertEquals(T0 + 4 * MIN, a.firstFlowTime);
        assertEquals(T0 + 13 * MIN, a.lastFlowTime);
        String json = AlertJson.toJson(a);
        assertTrue(json.endsWith(",\"lookupsOmitted\":3}"), json);
        assertTrue(json.contains("\"firstFlowTime\":\"2026-11-20T10:24:00.000Z\",\"lastFlowTime\":\"2026-11-20T10:33:00.000Z\","
                + "\"lookups\":[{\"name\":\"Zed.Evil.example.\",\"time\":\"2026-11-20T10:20:00.000Z\",\"answers\":[\"203.0.114.7\",\"10.1.1.0\"]},"), json);

        for (long seed = 1; seed <= 5; seed++) {
            List<RareLookup> shuffled = new ArrayList<>(lookups);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(json, AlertJson.toJson(run(DetectionConfig.defaults(), shuffled)), "arrival order " + seed);
        }
    }

    @Test
    void aFloodOverTheCapStillListsItsFirstTenLookups() throws Exception {
        DetectionConfig capped = DetectionConfig.defaults().withMaxLookupsPerPair(4);
        List<RareLookup> lookups = thirteen();
        RareDnsAlert a = run(capped, lookups);
        assertTrue(a.truncated);
        assertEquals(13, a.lookupCount);
        assertEquals(FIRST_TEN, names(a));
        assertEquals(3, a.lookupsOmitted);
        String json = AlertJson.toJson(a);
        for (long seed = 1; seed <= 5; seed++) {
            List<RareLookup> shuffled = new ArrayList<>(lookups);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(json, AlertJson.toJson(run(capped, shuffled)), "arrival order " + seed);
        }
    }

    @Test
    void aLookupKeepsTenAnswersAndItsNameAndAnswersAreCut() {
        StringBuilder answers = new StringBuilder();
        for (int i = 0; i < 15; i++) answers.append(i == 0 ? "" : " ,").append("203.0.113.").append(i);
        DnsLookup d = new DnsLookup(T0, "evil.example", CLIENT, new String[] {ADDR})
                .withEvidence("x".repeat(300) + ".Evil.example.", answers + ",,  ," + "y".repeat(1000));
        assertEquals("x".repeat(Evidence.MAX_ITEM_CHARS) + AlertJson.TRUNCATED_MARKER, d.queryName);
        assertEquals(10, d.answers.length);
        assertEquals("203.0.113.0", d.answers[0]);
        assertEquals("203.0.113.9", d.answers[9]);
        assertEquals(6, d.answersOmitted);
        // A surrogate pair is not split: the cut then keeps 255 characters.
        String emoji = "a".repeat(Evidence.MAX_ITEM_CHARS - 1) + "\uD83D\uDE00tail";
        assertEquals("a".repeat(Evidence.MAX_ITEM_CHARS - 1) + AlertJson.TRUNCATED_MARKER, Evidence.item(emoji));
        assertEquals("short.example.", Evidence.item("short.example."));
    }

    /** Ten lookups with 200 KB names and a hundred 100 KB answers each: the alert stays a few tens of kilobytes. */
    @Test
    void hugeNamesAndAnswersCannotMakeALargeAlert() throws Exception {
        List<RareLookup> lookups = new ArrayList<>();
        StringBuilder answers = new StringBuilder(ADDR);
        for (int i = 0; i < 100; i++) answers.append(',').append("z".repeat(100_000));
        String hugeAnswers = answers.toString();
        for (int i = 0; i < 12; i++) {
            DnsLookup d = new DnsLookup(T0 + i, "evil.example", CLIENT, new String[] {ADDR})
                    .withEvidence(i + "x".repeat(200_000) + ".evil.example", hugeAnswers);
            lookups.add(RareLookup.of(d, ADDR));
        }
        RareDnsAlert a = run(DetectionConfig.defaults(), lookups);
        a.severity = dev.dnshunter.alert.Severity.LOW;
        a.lookbackBuckets = 7;
        String json = AlertJson.toJson(a);
        assertEquals(10, a.lookups.length);
        assertEquals(2, a.lookupsOmitted);
        assertEquals(91, a.lookups[0].answersOmitted);
        // 10 lookups x (270 + 10 x 270) characters at most, plus the rest of the alert.
        int bound = Evidence.MAX_ITEMS * (Evidence.MAX_ITEM_CHARS + 40) * (Evidence.MAX_ITEMS + 1) + 2_000;
        assertTrue(json.length() < bound, "size " + json.length() + ", bound " + bound);
        assertTrue(json.length() < 64 * 1024, "size " + json.length());
    }
}
