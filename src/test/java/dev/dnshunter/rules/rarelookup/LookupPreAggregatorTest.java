package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LookupPreAggregatorTest {
    static final long DAY = DetectionConfig.DAY;
    static final long DAY10 = Instant.parse("2026-11-10T00:00:00Z").toEpochMilli();
    static final DetectionConfig DETECT_FROM_DAY10 = DetectionConfig.defaults().withDetectFromMillis(DAY10);
    static final String[] PUBLIC = {"203.0.114.7"};

    static OneInputStreamOperatorTestHarness<DnsLookup, DnsLookup> harness(DetectionConfig config, int maxDomains) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new LookupPreAggregator(config, maxDomains));
        h.open();
        return h;
    }

    static DnsLookup lookup(String domain, long time, String... addresses) {
        return new DnsLookup(time, domain, "10.0.0.5", addresses);
    }

    static void feed(OneInputStreamOperatorTestHarness<DnsLookup, DnsLookup> h, DnsLookup l) throws Exception {
        h.processElement(new StreamRecord<>(l, l.time));
    }

    @SuppressWarnings("unchecked")
    static List<StreamRecord<DnsLookup>> output(OneInputStreamOperatorTestHarness<DnsLookup, DnsLookup> h) {
        List<StreamRecord<DnsLookup>> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((StreamRecord<DnsLookup>) r);
        return out;
    }

    static DnsLookup tally(String domain, long bucketStart, long lookups) {
        return DnsLookup.tally(bucketStart, domain, PartitionKey.ofDomain(domain), lookups);
    }

    @Test
    void lookupsBeforeTheDetectionStartBecomeOneTallyPerDayAtTheEndOfTheInput() throws Exception {
        var h = harness(DETECT_FROM_DAY10, 100);
        for (int i = 0; i < 5; i++) feed(h, lookup("common.example", DAY10 - 2 * DAY + i * 1000, PUBLIC));
        for (int i = 0; i < 3; i++) feed(h, lookup("common.example", DAY10 - DAY + i * 1000, PUBLIC));
        assertEquals(List.of(), output(h), "nothing is sent before the end of the input");

        h.endInput();
        List<StreamRecord<DnsLookup>> out = output(h);
        out.sort(Comparator.comparingLong(StreamRecord::getTimestamp));
        assertEquals(List.of(tally("common.example", DAY10 - 2 * DAY, 5), tally("common.example", DAY10 - DAY, 3)),
                out.stream().map(StreamRecord::getValue).toList());
        assertEquals(List.of(DAY10 - 2 * DAY, DAY10 - DAY), out.stream().map(StreamRecord::getTimestamp).toList(),
                "a tally is timestamped at the start of its day, so the sorted input brings it before the next day's lookups");
    }

    @Test
    void aLookupIsForwardedUntilTheLookbackProvesItsDomainCommon() throws Exception {
        var h = harness(DETECT_FROM_DAY10, 100);
        // 147 lookups over the week before: an average of exactly 21, still rare. The 148th makes it common.
        for (int i = 0; i < 147; i++) feed(h, lookup("d.example", DAY10 - 7 * DAY + (i % 7) * DAY + 1000, PUBLIC));
        DnsLookup first = lookup("d.example", DAY10 + 1000, PUBLIC);
        feed(h, first);
        assertEquals(List.of(first), output(h).stream().map(StreamRecord::getValue).toList());

        h.getOutput().clear();
        feed(h, lookup("d.example", DAY10 - DAY + 2000, PUBLIC));
        feed(h, lookup("d.example", DAY10 + 3000, PUBLIC));
        assertEquals(List.of(), output(h), "148 lookups in the lookback: no later lookup can be rare");
    }

    @Test
    void aLookupWithoutAPublicAddressOnlyCounts() throws Exception {
        var h = harness(DETECT_FROM_DAY10, 100);
        feed(h, lookup("d.example", DAY10 + 1000));
        h.endInput();
        assertEquals(List.of(tally("d.example", DAY10, 1)), output(h).stream().map(StreamRecord::getValue).toList());
    }

    @Test
    void aFullTableSendsItsTalliesOnAndKeepsCounting() throws Exception {
        var h = harness(DETECT_FROM_DAY10, 2);
        feed(h, lookup("a.example", DAY10 - DAY, PUBLIC));
        feed(h, lookup("b.example", DAY10 - DAY, PUBLIC));
        assertEquals(List.of(), output(h));
        feed(h, lookup("c.example", DAY10 - DAY, PUBLIC));
        assertEquals(List.of(tally("a.example", DAY10 - DAY, 1), tally("b.example", DAY10 - DAY, 1)),
                sortedValues(output(h)), "a third domain does not fit: the two before it are sent on");
        feed(h, lookup("a.example", DAY10 - DAY, PUBLIC));
        h.endInput();
        assertEquals(List.of(tally("a.example", DAY10 - DAY, 1), tally("a.example", DAY10 - DAY, 1),
                        tally("b.example", DAY10 - DAY, 1), tally("c.example", DAY10 - DAY, 1)), sortedValues(output(h)));
    }

    /**
     * The point of the operator: what the baseline decides from its output is what it decides from every lookup.
     * Random lookups of domains from very rare to very common and around the threshold, over a baseline week and a
     * detection week, fed in a random order (the files of a backfill are read in any order), then sorted by key and time as
     * BATCH mode sorts a keyed input.
     */
    @Test
    void theBaselineDecidesTheSameFromTalliesAsFromEveryLookup() throws Exception {
        Random random = new Random(7);
        List<DnsLookup> lookups = new ArrayList<>();
        // Lookups per day: 147 over the 7-day lookback (21 a day) is the last rare count.
        int[] perDay = {0, 1, 2, 5, 19, 20, 21, 22, 23, 30, 60, 150};
        for (int d = 0; d < perDay.length * 3; d++) {
            String domain = "d" + d + ".example";
            for (int day = -7; day < 7; day++) {
                int n = perDay[d % perDay.length] + random.nextInt(3) - 1; // around the rate, so some days cross it
                for (int i = 0; i < n; i++) {
                    long time = DAY10 + day * DAY + (long) (random.nextDouble() * DAY);
                    lookups.add(random.nextInt(10) == 0 ? lookup(domain, time) : lookup(domain, time, PUBLIC));
                }
            }
        }
        java.util.Collections.shuffle(lookups, random);

        var direct = decide(sortedByKeyAndTime(records(lookups)));

        assertEquals(true, !direct.f0.isEmpty(), "the data has rare lookups");
        // Room for every domain, and room for a third of them: then the table fills and empties as it goes.
        for (int maxDomains : new int[] {1000, perDay.length}) {
            var folding = harness(DETECT_FROM_DAY10, maxDomains);
            for (DnsLookup l : lookups) feed(folding, l);
            folding.endInput();
            List<StreamRecord<DnsLookup>> folded = output(folding);
            long forwarded = folded.stream().filter(r -> r.getValue().publicAddresses.length > 0).count();
            assertEquals(lookups.size(), folded.stream().mapToLong(r -> r.getValue().lookups).sum(), "every lookup counts once");
            var viaTallies = decide(sortedByKeyAndTime(folded));

            assertSame(direct.f0, viaTallies.f0, "rare lookups, " + maxDomains + " domains at most");
            assertSame(direct.f1, viaTallies.f1, "baselines, " + maxDomains + " domains at most");
            assertEquals(true, forwarded < lookups.size() / 2, "most lookups were folded: " + forwarded + " of " + lookups.size());
        }
    }

    /** Equal lists, or a failure that names the first few missing and extra lines instead of printing both lists. */
    static void assertSame(List<String> expected, List<String> actual, String what) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), what + ": " + missing.size() + " missing");
        assertEquals(List.of(), extra.subList(0, Math.min(5, extra.size())), what + ": " + extra.size() + " extra");
        assertEquals(expected, actual, what);
    }

    static List<StreamRecord<DnsLookup>> records(List<DnsLookup> lookups) {
        return lookups.stream().map(l -> new StreamRecord<>(l, l.time)).collect(java.util.stream.Collectors.toList());
    }

    static List<StreamRecord<DnsLookup>> sortedByKeyAndTime(List<StreamRecord<DnsLookup>> records) {
        List<StreamRecord<DnsLookup>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.<StreamRecord<DnsLookup>, String>comparing(r -> r.getValue().domain).thenComparingLong(StreamRecord::getTimestamp));
        return sorted;
    }

    /** Runs the baseline as a backfill does (input sorted by key and time) and returns its verdicts and baselines, sorted. */
    static Tuple2<List<String>, List<String>> decide(List<StreamRecord<DnsLookup>> sorted) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DomainBaselineFunction(DETECT_FROM_DAY10, true)), DomainBaselineFunction.KEY, PartitionKey.TYPE);
        h.open();
        for (StreamRecord<DnsLookup> r : sorted) h.processElement(r);
        h.processWatermark(Long.MAX_VALUE);
        List<String> rare = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) rare.add(r.getValue().toString());
        List<String> baselines = new ArrayList<>();
        ConcurrentLinkedQueue<StreamRecord<BucketBaseline>> side = h.getSideOutput(DomainBaselineFunction.BASELINES);
        if (side != null) side.forEach(r -> baselines.add(r.getValue().toString()));
        rare.sort(null);
        baselines.sort(null);
        return Tuple2.of(rare, baselines);
    }

    static List<DnsLookup> sortedValues(List<StreamRecord<DnsLookup>> records) {
        List<DnsLookup> values = new ArrayList<>(records.stream().map(StreamRecord::getValue).toList());
        values.sort(Comparator.comparing((DnsLookup l) -> l.domain).thenComparingLong(l -> l.time));
        return values;
    }
}
