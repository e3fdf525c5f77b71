package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class DomainBaselineFunctionTest {
    static final long DAY = DetectionConfig.DAY;
    static final long DAY10 = Instant.parse("2026-11-10T00:00:00Z").toEpochMilli();

    static KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> harness(DetectionConfig config) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DomainBaselineFunction(config, false)), DomainBaselineFunction.KEY, PartitionKey.TYPE);
        h.open();
        return h;
    }

    static DnsLookup lookup(long time, String... addresses) {
        return new DnsLookup(time, "evil.example", "10.0.0.5", addresses);
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> h, DnsLookup l) throws Exception {
        h.processElement(new StreamRecord<>(l, l.time));
    }

    /** {@code perDay} lookups on each of the 7 days before DAY10, then event time moved to DAY10. */
    static void history(KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> h, int total) throws Exception {
        for (int i = 0; i < total; i++) feed(h, lookup(DAY10 - 7 * DAY + (i % 7) * DAY + 3_600_000L, "203.0.114.7"));
        h.processWatermark(DAY10 - 1);
        h.getOutput().clear();
        if (h.getSideOutput(DomainBaselineFunction.BASELINES) != null) h.getSideOutput(DomainBaselineFunction.BASELINES).clear();
    }

    static List<RareLookup> rare(KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> h) {
        List<RareLookup> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) out.add((RareLookup) r.getValue());
        }
        return out;
    }

    @Test
    void aNeverSeenDomainIsRareAndEachPublicAddressIsEmitted() throws Exception {
        var h = harness(DetectionConfig.defaults());
        h.processWatermark(DAY10 - 1);
        feed(h, lookup(DAY10 + 1000, "203.0.114.7", "2606:4700::1"));
        assertEquals(List.of(new RareLookup(DAY10 + 1000, "evil.example", "10.0.0.5", "203.0.114.7"),
                new RareLookup(DAY10 + 1000, "evil.example", "10.0.0.5", "2606:4700::1")), rare(h));
    }

    @Test
    void anAverageOfExactly21IsStillRare() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 147);
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(1, rare(h).size());
    }

    @Test
    void anAverageAbove21IsCommon() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 148);
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(h));
    }

    @Test
    void lookupsOlderThanTheLookbackDoNotCount() throws Exception {
        var h = harness(DetectionConfig.defaults());
        for (int i = 0; i < 500; i++) feed(h, lookup(DAY10 - 8 * DAY + i, "203.0.114.7"));
        h.processWatermark(DAY10 - 1);
        h.getOutput().clear();
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(1, rare(h).size());
    }

    @Test
    void kqlModeIntegerAverageAndNeverSeenIsNotRare() throws Exception {
        var kql = DetectionConfig.defaults().withMode(DetectionMode.KQL_COMPATIBLE);
        var never = harness(kql);
        never.processWatermark(DAY10 - 1);
        feed(never, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(never), "a domain with no lookup in the lookback is not rare in KQL mode");

        var h = harness(kql);
        history(h, 153); // 153 / 7 = 21 in integer division: not above 21, so rare
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(1, rare(h).size());
        var h2 = harness(kql);
        history(h2, 154); // 22
        feed(h2, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(h2));
    }

    @Test
    void aLookupBeforeDetectFromOnlyBuildsTheBaseline() throws Exception {
        var h = harness(DetectionConfig.defaults().withDetectFromMillis(DAY10 + 2000));
        h.processWatermark(DAY10 - 1);
        feed(h, lookup(DAY10 + 1999, "203.0.114.7"));
        feed(h, lookup(DAY10 + 2000, "203.0.114.7"));
        assertEquals(List.of(new RareLookup(DAY10 + 2000, "evil.example", "10.0.0.5", "203.0.114.7")), rare(h));
    }

    @Test
    void aLookupWaitsUntilThePreviousDaysAreComplete() throws Exception {
        var h = harness(DetectionConfig.defaults());
        // The watermark is still in the previous day: later lookups of that day may still come and change the verdict.
        h.processWatermark(DAY10 - 10 * 60_000);
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(h));
        for (int i = 0; i < 148; i++) feed(h, lookup(DAY10 - 60_000, "203.0.114.7"));
        h.getOutput().clear(); // those 148 are rare themselves (nothing before them)
        h.processWatermark(DAY10);
        assertEquals(List.of(), rare(h), "148 lookups the day before make the domain common");
    }

    @Test
    void baselinesOfTheBucketsAnAlertCanFallInGoToTheSideOutput() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 14);
        feed(h, lookup(DAY10 + DAY - 10 * 60_000, "203.0.114.7")); // 23:50: its flows reach into the next day
        ConcurrentLinkedQueue<StreamRecord<BucketBaseline>> side = h.getSideOutput(DomainBaselineFunction.BASELINES);
        long bucket = DAY10 / DAY;
        assertEquals(List.of(new BucketBaseline("evil.example", bucket, 14)), values(side));
        h.processWatermark(DAY10 + DAY - 1);
        assertEquals(List.of(new BucketBaseline("evil.example", bucket, 14), new BucketBaseline("evil.example", bucket + 1, 13)),
                values(side), "the next day's baseline counts the day of the lookup and drops the oldest");
    }

    @Test
    void aWeekOfCountsIsOneStateEntryAndOneTimer() throws Exception {
        var h = harness(DetectionConfig.defaults().withDetectFromMillis(DAY10)); // no verdicts: only counts
        history(h, 70); // ten lookups on each of seven days
        assertEquals(1, h.numKeyedStateEntries(), "one packed array, not an entry per day");
        assertEquals(1, h.numEventTimeTimers(), "one eviction timer, for the oldest day");
        h.processWatermark(DAY10 + 2 * DAY);
        assertEquals(1, h.numEventTimeTimers(), "the next oldest day's timer replaces it");
    }

    /**
     * A lookup in the first minutes of a day can join flows from the hour before midnight, so its alert can report
     * the previous day's baseline; that lookup may come after event time passed midnight (within the bound), and the
     * oldest day of that baseline must still be there.
     */
    @Test
    void aLookupJustAfterMidnightStillGetsTheWholeBaselineOfThePreviousDay() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 70);
        h.processWatermark(DAY10 + DAY + 500);
        feed(h, lookup(DAY10 + DAY + 1000, "203.0.114.7"));
        assertEquals(List.of(new BucketBaseline("evil.example", DAY10 / DAY, 70), new BucketBaseline("evil.example", DAY10 / DAY + 1, 60)),
                values(h.getSideOutput(DomainBaselineFunction.BASELINES)));
    }

    @Test
    void stateAndTimersAreGoneOnceNothingCanNeedThem() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 30);
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        h.processWatermark(DAY10 + 9 * DAY);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void countsSurviveSnapshotAndRestore() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 148);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup>(
                new KeyedProcessOperator<>(new DomainBaselineFunction(DetectionConfig.defaults(), false)), DomainBaselineFunction.KEY, PartitionKey.TYPE);
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(DAY10 - 1);
        feed(restored, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(restored), "the restored baseline still makes the domain common");
    }

    /**
     * A watermark that jumps weeks ahead (a record the event-time guard allowed, a replay) passes every eviction
     * time of a common domain's counts. A lookup that was late before a restore is accepted after it (the watermark
     * starts again from nothing): its domain must still be common, not rare because the jump wiped the baseline.
     */
    @Test
    void aWatermarkJumpDoesNotWipeTheCountsThatMakeADomainCommon() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 148);
        h.processWatermark(DAY10 + 40 * DAY);
        assertEquals(1, h.numKeyedStateEntries(), "the common domain's counts are kept");
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(1, h.numProcessingTimeTimers(), "one expiry, in processing time");
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        var restored = new KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup>(
                new KeyedProcessOperator<>(new DomainBaselineFunction(DetectionConfig.defaults(), false)), DomainBaselineFunction.KEY, PartitionKey.TYPE);
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(DAY10 - 1);
        feed(restored, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(List.of(), rare(restored), "still common after the jump");
    }

    @Test
    void keptCountsGoOnceTheDomainsOwnLookupsMovePastThemOrAfterTheirExpiry() throws Exception {
        var h = harness(DetectionConfig.defaults());
        history(h, 148);
        h.processWatermark(DAY10 + 40 * DAY);
        // A lookup 40 days later: the old week can serve none of its verdicts, and it is rare.
        feed(h, lookup(DAY10 + 40 * DAY + 1000, "203.0.114.7"));
        assertEquals(1, rare(h).size());
        h.getOutput().clear();
        // The newer lookup released the old week: a lookup that late now finds no baseline.
        feed(h, lookup(DAY10 + 1000, "203.0.114.7"));
        assertEquals(1, rare(h).size());
        assertEquals(1, h.numProcessingTimeTimers(), "the old expiry timer is still registered, harmlessly");
        h.setProcessingTime(9 * DAY);
        assertEquals(0, h.numProcessingTimeTimers());

        var quiet = harness(DetectionConfig.defaults());
        history(quiet, 148);
        quiet.processWatermark(DAY10 + 40 * DAY);
        quiet.setProcessingTime(9 * DAY);
        assertEquals(0, quiet.numKeyedStateEntries(), "expired after lookback + 1 days of processing time");
        assertEquals(0, quiet.numProcessingTimeTimers());
    }

    static <T> List<T> values(ConcurrentLinkedQueue<StreamRecord<T>> q) {
        List<T> out = new ArrayList<>();
        if (q != null) q.forEach(r -> out.add(r.getValue()));
        return out;
    }
}
