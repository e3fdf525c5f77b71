package dev.dnshunter.rules.exfilvolume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceExfilDetector;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.SubdomainQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

class ExfilVolumeFunctionTest {
    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;
    static final long HOUR = ExfilParams.HOUR;
    static final long DAY = ExfilParams.DAY;
    /** Hourly: 10 characters and 2 subdomains; daily out of reach. */
    static final ExfilParams HOURLY = new ExfilParams(10, 2, Long.MAX_VALUE, Integer.MAX_VALUE, 1000);
    /** Daily: 10 characters and 2 subdomains; hourly out of reach. */
    static final ExfilParams DAILY = new ExfilParams(Long.MAX_VALUE, Integer.MAX_VALUE, 10, 2, 1000);
    static final ExfilParams BOTH = new ExfilParams(10, 2, 10, 2, 1000);

    record Run(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, ExfilVolumeAlert> harness, ExfilVolumeFunction function) {
        void feed(long time, String subdomain) throws Exception {
            SubdomainQuery s = q(time, subdomain);
            harness.processElement(new StreamRecord<>(s, s.time));
        }

        void watermark(long t) throws Exception {
            harness.processWatermark(new Watermark(t));
        }

        List<ExfilVolumeAlert> alerts() {
            List<ExfilVolumeAlert> out = new ArrayList<>();
            for (Object o : harness.getOutput()) if (o instanceof StreamRecord<?> r) out.add((ExfilVolumeAlert) r.getValue());
            return out;
        }

        List<String> summary() {
            return alerts().stream().map(a -> a.tier + "@" + (a.time - T0)).toList();
        }
    }

    static Run run(ExfilParams p) throws Exception {
        ExfilVolumeFunction f = new ExfilVolumeFunction(p);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), SubdomainQuery::key, Types.STRING);
        h.open();
        return new Run(h, f);
    }

    static SubdomainQuery q(long time, String subdomain) {
        String name = subdomain.isEmpty() ? "evil-x.com" : subdomain + ".evil-x.com";
        return new SubdomainQuery(time, "10.0.0.5", true, name, "evil-x.com", subdomain, 16);
    }

    @Test
    void aSubdomainExactlyOneHourBeforeIsOutAndOneMillisecondLaterIsIn() throws Exception {
        Run out = run(HOURLY);
        out.feed(T0, "aaaaa");
        out.feed(T0 + HOUR, "bbbbb");
        out.watermark(T0 + HOUR);
        assertEquals(List.of(), out.alerts());

        Run in = run(HOURLY);
        in.feed(T0 + 1, "aaaaa");
        in.feed(T0 + HOUR, "bbbbb");
        in.watermark(T0 + HOUR);
        assertEquals(List.of("1h@" + HOUR), in.summary());
        ExfilVolumeAlert a = in.alerts().get(0);
        assertEquals(10, a.volumeChars);
        assertEquals(2, a.distinctSubdomains);
        assertEquals(2, a.queryCount);
        assertEquals(T0 + 1, a.firstQueryTime);
        assertEquals(T0 + HOUR, a.lastQueryTime);
        assertArrayEquals(new String[] {"aaaaa", "bbbbb"}, a.sampleSubdomains);
    }

    @Test
    void aSubdomainExactlyOneDayBeforeIsOutAndOneMillisecondLaterIsIn() throws Exception {
        Run out = run(DAILY);
        out.feed(T0, "aaaaa");
        out.feed(T0 + DAY, "bbbbb");
        out.watermark(T0 + DAY);
        assertEquals(List.of(), out.alerts());

        Run in = run(DAILY);
        in.feed(T0 + 1, "aaaaa");
        in.feed(T0 + DAY, "bbbbb");
        in.watermark(T0 + DAY);
        assertEquals(List.of("24h@" + DAY), in.summary());
    }

    @Test
    void aRepeatedSubdomainCountsOnceAtItsLatestTime() throws Exception {
        Run r = run(HOURLY);
        r.feed(T0, "aaaaa");
        r.feed(T0 + 30 * MIN, "aaaaa");
        r.feed(T0 + HOUR + 10 * MIN, "bbbbb"); // the first "aaaaa" is out, the second in
        r.watermark(T0 + 2 * HOUR);
        assertEquals(List.of("1h@" + (HOUR + 10 * MIN)), r.summary());
        ExfilVolumeAlert a = r.alerts().get(0);
        assertEquals(10, a.volumeChars);
        assertEquals(2, a.queryCount);
        assertEquals(T0 + 30 * MIN, a.firstQueryTime);
    }

    @Test
    void queriesOfOneMillisecondAreTakenTogetherWhateverTheirOrder() throws Exception {
        Run forward = run(BOTH);
        Run backward = run(BOTH);
        String[] subs = new String[12];
        for (int i = 0; i < subs.length; i++) subs[i] = String.format("s%02d", i);
        for (String s : subs) forward.feed(T0, s);
        for (int i = subs.length - 1; i >= 0; i--) backward.feed(T0, subs[i]);
        forward.watermark(T0);
        backward.watermark(T0);
        assertEquals(List.of("1h@0", "24h@0"), forward.summary());
        assertEquals(forward.alerts(), backward.alerts());
        ExfilVolumeAlert a = forward.alerts().get(0);
        assertEquals(36, a.volumeChars);
        assertEquals(12, a.distinctSubdomains);
        assertEquals(10, a.sampleSubdomains.length);
        for (int i = 0; i < 10; i++) assertEquals(subs[i], a.sampleSubdomains[i], "by text within one millisecond");
    }

    @Test
    void eachTierIsSuppressedUntilExactlyItsWindowAfterAnEmittedAlertAndNotTheOther() throws Exception {
        Run r = run(BOTH);
        r.feed(T0, "aaaaa");
        r.feed(T0, "bbbbb"); // both tiers at T0
        r.feed(T0 + HOUR - 1, "ccccc"); // hourly suppressed
        r.feed(T0 + HOUR - 1, "ddddd");
        r.feed(T0 + HOUR, "eeeee"); // hourly again, exactly 1 h after
        r.feed(T0 + DAY - 1, "fffff"); // hourly sees only itself: too little; daily suppressed
        r.feed(T0 + DAY - 1, "ggggg"); // now hourly has 2: alerts, daily still suppressed
        r.feed(T0 + DAY, "hhhhh"); // daily again, exactly 24 h after; hourly suppressed
        r.watermark(T0 + 3 * DAY);
        assertEquals(List.of("1h@0", "24h@0", "1h@" + HOUR, "1h@" + (DAY - 1), "24h@" + DAY), r.summary());
        assertEquals(6 * 5, r.alerts().get(4).volumeChars, "c..h: a and b left the day at exactly 24 h");
    }

    @Test
    void aQueryOfTheDomainItselfIsJudgedOnceTheSuppressionIsOver() throws Exception {
        Run r = run(HOURLY);
        r.feed(T0, "aaaaa");
        r.feed(T0, "bbbbb");
        r.feed(T0 + 30 * MIN, "ccccc");
        r.feed(T0 + 50 * MIN, "ddddd");
        r.feed(T0 + HOUR, ""); // the apex: no volume of its own, but the window (c, d) is judged now
        r.watermark(T0 + 3 * DAY);
        assertEquals(List.of("1h@0", "1h@" + HOUR), r.summary());
        assertEquals(10, r.alerts().get(1).volumeChars);
        assertEquals(T0 + 50 * MIN, r.alerts().get(1).lastQueryTime);
    }

    @Test
    void aQueryOfTheDomainItselfArrivingBeforeEarlierSubdomainsIsStillJudged() throws Exception {
        Run r = run(HOURLY);
        r.feed(T0 + HOUR, ""); // first to arrive, last in time
        r.feed(T0, "aaaaa");
        r.feed(T0, "bbbbb");
        r.feed(T0 + 30 * MIN, "ccccc");
        r.feed(T0 + 50 * MIN, "ddddd");
        r.watermark(T0 + 3 * DAY);
        assertEquals(List.of("1h@0", "1h@" + HOUR), r.summary());
    }

    @Test
    void aQueryOfTheDomainItselfMoreThanADayAfterALaterArrivingSubdomainEndsCleanly() throws Exception {
        Run r = run(HOURLY);
        r.feed(T0 + 2 * DAY, ""); // arrives first, on a key that holds nothing
        r.feed(T0, "aaaaa");
        r.watermark(Long.MAX_VALUE); // the cleanup at T0 + 24 h must not spin on the pending apex
        assertEquals(List.of(), r.alerts());
        assertEquals(0, r.harness().numKeyedStateEntries());
        assertEquals(0, r.harness().numEventTimeTimers());
    }

    @Test
    void anIdleKeyKeepsNoStateOrTimersAfter24HoursAndAnApexOnlyKeyNone() throws Exception {
        Run r = run(BOTH);
        for (int i = 0; i < 50; i++) r.feed(T0 + i * MIN, "sub" + i);
        r.feed(T0 + 30 * MIN, "");
        r.watermark(T0 + 49 * MIN + DAY - 1);
        assertTrue(r.harness().numKeyedStateEntries() > 0);
        r.watermark(T0 + 49 * MIN + DAY);
        assertEquals(0, r.harness().numKeyedStateEntries());
        assertEquals(0, r.harness().numEventTimeTimers());

        Run apex = run(BOTH);
        apex.feed(T0, "");
        apex.watermark(T0);
        assertEquals(0, apex.harness().numKeyedStateEntries());
        assertEquals(0, apex.harness().numEventTimeTimers());
    }

    @Test
    void pastTheCapTheOldestAreDroppedAndCounted() throws Exception {
        ExfilParams capped = new ExfilParams(1, 4, Long.MAX_VALUE, Integer.MAX_VALUE, 3);
        Run r = run(capped);
        for (int i = 0; i < 5; i++) r.feed(T0 + i, "s" + i);
        r.watermark(T0 + 10);
        assertEquals(List.of(), r.alerts(), "never more than 3 distinct kept: the documented approximation");
        assertEquals(2, r.function().overCapCount());
        r.watermark(T0 + 4 + DAY);
        assertEquals(0, r.harness().numKeyedStateEntries());
        assertEquals(0, r.harness().numEventTimeTimers());

        Run uncapped = run(new ExfilParams(1, 4, Long.MAX_VALUE, Integer.MAX_VALUE, 5));
        for (int i = 0; i < 5; i++) uncapped.feed(T0 + i, "s" + i);
        uncapped.watermark(T0 + 10);
        assertEquals(List.of("1h@3"), uncapped.summary());
        assertEquals(0, uncapped.function().overCapCount());
    }

    @Test
    void aRestoredSnapshotGoesOnAsIfNothingHappened() throws Exception {
        Run r = run(BOTH);
        r.feed(T0, "aaaaa");
        r.feed(T0 + MIN, "bbbbbbbb"); // pending: not yet judged at the snapshot
        r.watermark(T0);
        OperatorSubtaskState snapshot = r.harness().snapshot(1, T0);
        r.harness().close();
        ExfilVolumeFunction f = new ExfilVolumeFunction(BOTH);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), SubdomainQuery::key, Types.STRING);
        h.initializeState(snapshot);
        h.open();
        Run restored = new Run(h, f);
        restored.watermark(T0 + 3 * DAY);
        assertEquals(List.of("1h@" + MIN, "24h@" + MIN), restored.summary());
        assertEquals(13, restored.alerts().get(0).volumeChars);
        assertEquals(T0, restored.alerts().get(0).firstQueryTime);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void randomTrafficGivesExactlyTheReferenceAlerts() throws Exception {
        randomTraffic(false);
    }

    @Test
    void randomTrafficOutOfOrderBehindAWatermarkGivesExactlyTheReferenceAlerts() throws Exception {
        randomTraffic(true);
    }

    static void randomTraffic(boolean streaming) throws Exception {
        ExfilParams p = new ExfilParams(60, 6, 300, 25, 100_000);
        DomainRules domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
        SplittableRandom rnd = new SplittableRandom(11);
        List<DnsQuery> queries = new ArrayList<>();
        String[] clients = {"10.0.0.1", "10.0.0.2"};
        String[] zones = {"alpha-x.com", "beta-y.org"};
        for (int i = 0; i < 3000; i++) {
            long time = T0 + rnd.nextLong(3 * DAY) / 60_000 * 60_000 + rnd.nextInt(3); // many ties
            String sub = rnd.nextInt(5) == 0 ? "" : "x" + rnd.nextInt(400) + (rnd.nextBoolean() ? ".l" + rnd.nextInt(30) : "");
            String zone = zones[rnd.nextInt(2)];
            queries.add(new DnsQuery(time, clients[rnd.nextInt(2)], null, sub.isEmpty() ? zone : sub + "." + zone, 1, 0, null, null,
                    "dns-events", "DnsEvents", null));
        }
        Run r = run(p);
        if (streaming) {
            // Out of order by up to 10 minutes, with the watermark 10 minutes behind, as a streaming job sees it.
            List<DnsQuery> sorted = new ArrayList<>(queries);
            sorted.sort(Comparator.comparingLong(q -> q.time));
            long bucket = 10 * MIN;
            int i = 0;
            while (i < sorted.size()) {
                long b = (sorted.get(i).time - T0) / bucket;
                List<DnsQuery> chunk = new ArrayList<>();
                while (i < sorted.size() && (sorted.get(i).time - T0) / bucket == b) chunk.add(sorted.get(i++));
                java.util.Collections.shuffle(chunk, new java.util.Random(b));
                for (DnsQuery q : chunk) {
                    SubdomainQuery s = SubdomainQuery.of(q, domains);
                    r.harness().processElement(new StreamRecord<>(s, s.time));
                }
                r.watermark(T0 + b * bucket - 1);
            }
        } else {
            List<DnsQuery> shuffled = new ArrayList<>(queries);
            java.util.Collections.shuffle(shuffled, new java.util.Random(5));
            for (DnsQuery q : shuffled) {
                SubdomainQuery s = SubdomainQuery.of(q, domains);
                r.harness().processElement(new StreamRecord<>(s, s.time));
            }
        }
        r.watermark(Long.MAX_VALUE);
        Comparator<ExfilVolumeAlert> order = Comparator.<ExfilVolumeAlert, String>comparing(ExfilVolumeAlert::alertId);
        List<ExfilVolumeAlert> want = new ArrayList<>(ReferenceExfilDetector.detect(queries, domains, p));
        List<ExfilVolumeAlert> got = new ArrayList<>(r.alerts());
        want.sort(order);
        got.sort(order);
        assertTrue(want.stream().anyMatch(a -> a.tier.equals("1h")) && want.stream().anyMatch(a -> a.tier.equals("24h")), want.toString());
        assertEquals(want.stream().map(ExfilVolumeAlert::toJson).toList(), got.stream().map(ExfilVolumeAlert::toJson).toList());
        assertEquals(0, r.harness().numKeyedStateEntries());
    }

    /**
     * One timer for the milliseconds waiting for the watermark, at the earliest, set again at the earliest still
     * waiting after it fires; none once all are judged: the key keeps only its cleanup timer.
     */
    @Test
    void aJudgedMillisecondKeepsNoTimerOfItsOwn() throws Exception {
        ExfilParams never = new ExfilParams(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, 1000);
        Run r = run(never);
        for (int i = 0; i < 50; i++) r.feed(T0 + i * MIN, "sub" + i);
        assertEquals(2, r.harness().numEventTimeTimers(), "the waiting queries' timer and the cleanup");
        r.watermark(T0 + 9 * MIN);
        assertEquals(2, r.harness().numEventTimeTimers(), "the timer again, at the 11th millisecond, and the cleanup");
        r.watermark(T0 + 49 * MIN);
        assertEquals(1, r.harness().numEventTimeTimers(), "the cleanup only");
        // A day later the key is judged again: the queue's front has left, and the key holds what a new key holds.
        r.feed(T0 + 49 * MIN + DAY - 1, "late");
        r.watermark(T0 + 49 * MIN + DAY - 1);
        Run fresh = run(never);
        fresh.feed(T0 + 49 * MIN, "sub49");
        fresh.feed(T0 + 49 * MIN + DAY - 1, "late");
        fresh.watermark(T0 + 49 * MIN + DAY - 1);
        assertEquals(fresh.harness().numKeyedStateEntries(), r.harness().numKeyedStateEntries());
        assertEquals(fresh.harness().numEventTimeTimers(), r.harness().numEventTimeTimers());
    }

    /**
     * A snapshot of the first layout (written by that layout's code, src/test/resources/exfil/) restores, and the rest
     * of the traffic gives exactly the reference's alerts after the snapshot's watermark.
     */
    @Test
    void stateOfTheFirstLayoutRestoresAndGoesOnExactly() throws Exception {
        restoresAndGoesOnExactly(ExfilEarlierLayouts.SNAPSHOT, 1108);
    }

    /** The same for a snapshot of the queue layout (one timer per waiting millisecond, four small states of its own). */
    @Test
    void stateOfTheQueueLayoutRestoresAndGoesOnExactly() throws Exception {
        restoresAndGoesOnExactly(ExfilEarlierLayouts.QUEUE_SNAPSHOT, 18);
    }

    /** The same for a snapshot of the array layout (a timer per waiting millisecond, the small values in one array). */
    @Test
    void stateOfTheArrayLayoutRestoresAndGoesOnExactly() throws Exception {
        restoresAndGoesOnExactly(ExfilEarlierLayouts.ARRAY_SNAPSHOT, 18);
    }

    private static void restoresAndGoesOnExactly(java.nio.file.Path snapshot, int timers) throws Exception {
        List<DnsQuery> traffic = ExfilEarlierLayouts.traffic();
        var h = ExfilEarlierLayouts.harness(new ExfilVolumeFunction(ExfilEarlierLayouts.PARAMS));
        h.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        h.open();
        assertEquals(timers, h.numEventTimeTimers(), "the layout's timers");
        ExfilEarlierLayouts.feed(h, traffic, ExfilEarlierLayouts.SNAPSHOT_WATERMARK + 20 * ExfilEarlierLayouts.MIN, Long.MAX_VALUE);
        List<String> want = ReferenceExfilDetector.detect(traffic, ExfilEarlierLayouts.domains(), ExfilEarlierLayouts.PARAMS).stream()
                .filter(a -> a.time > ExfilEarlierLayouts.SNAPSHOT_WATERMARK)
                .sorted(Comparator.comparing(ExfilVolumeAlert::alertId)).map(ExfilVolumeAlert::toJson).toList();
        assertTrue(want.size() > 20, "the rest of the traffic alerts: " + want.size());
        assertEquals(want, ExfilEarlierLayouts.alerts(h));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
    }

    /** Under a cap that every key reaches, the alerts are those of the first layout (recorded by its code). */
    @Test
    void underTheCapTheAlertsAreTheFirstLayouts() throws Exception {
        List<DnsQuery> traffic = ExfilEarlierLayouts.traffic();
        ExfilVolumeFunction f = new ExfilVolumeFunction(ExfilEarlierLayouts.CAPPED);
        var h = ExfilEarlierLayouts.harness(f);
        h.open();
        ExfilEarlierLayouts.feed(h, traffic, Long.MIN_VALUE, Long.MAX_VALUE);
        List<String> first = java.nio.file.Files.readAllLines(ExfilEarlierLayouts.CAPPED_ALERTS);
        assertEquals(first, ExfilEarlierLayouts.alerts(h));
        assertTrue(f.overCapCount() > 0, "the cap was reached");
        List<String> uncapped = ReferenceExfilDetector.detect(traffic, ExfilEarlierLayouts.domains(), ExfilEarlierLayouts.PARAMS).stream()
                .sorted(Comparator.comparing(ExfilVolumeAlert::alertId)).map(ExfilVolumeAlert::toJson).toList();
        assertNotEquals(uncapped, first, "the cap changes the alerts, so this compares the cap's handling");
        assertEquals(0, h.numKeyedStateEntries());
    }
}
