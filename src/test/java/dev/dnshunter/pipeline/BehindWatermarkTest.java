package dev.dnshunter.pipeline;

import dev.dnshunter.operators.SideOutputs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rules.rarelookup.PartitionKey;
import dev.dnshunter.rules.BehindWatermark;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rules.rarelookup.TransferCorrelator;
import dev.dnshunter.rules.txtburst.TxtAlertSuppressor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Records behind a keyed operator's watermark: behind an input that was idle (issue 13, silent drops), and after a
 * restore. The correlator is a stage where such a flow did harm: its window was final and its lookup retired, so
 * the flow was dropped without a trace.
 */
class BehindWatermarkTest {
    static final long T0 = Instant.parse("2026-11-20T10:20:00Z").toEpochMilli();
    static final long W10 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    static final String CLIENT = "10.0.0.5";
    static final String ADDR = "203.0.114.7";

    private static KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> harness(
            TwoInputStreamOperator<RareLookup, Flow, RareDnsAlert> operator, OperatorSubtaskState restore) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(operator, TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY,
                PartitionKey.TYPE);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    private static TwoInputStreamOperator<RareLookup, Flow, RareDnsAlert> guarded() {
        return BehindWatermark.guard(new TransferCorrelator(DetectionConfig.defaults(), false), "transfer-correlator");
    }

    private static TwoInputStreamOperator<RareLookup, Flow, RareDnsAlert> unguarded() {
        return new KeyedCoProcessOperator<>(new TransferCorrelator(DetectionConfig.defaults(), false));
    }

    private static Flow flow(long time, long sent) {
        return new Flow(time, CLIENT, ADDR, 443, sent, 10, Flow.PALO_ALTO);
    }

    private static List<Long> sentPerAlert(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, RareDnsAlert> h) {
        List<Long> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add(((RareDnsAlert) r.getValue()).sentBytes);
        return out;
    }

    private static List<DeadLetter> deadLetters(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> h) {
        List<DeadLetter> out = new ArrayList<>();
        var side = h.getSideOutput(SideOutputs.DEAD_LETTERS);
        if (side != null) side.forEach(r -> out.add(r.getValue()));
        return out;
    }

    /** The lookup and first flow, then the lookups' input runs 3 hours ahead while the flows' input is idle. */
    private static void windowClosedWhileFlowsIdle(KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> h)
            throws Exception {
        h.processElement1(new StreamRecord<>(new RareLookup(T0, "evil.example", CLIENT, ADDR), T0));
        h.processElement2(new StreamRecord<>(flow(T0 + MIN, 100), T0 + MIN));
        h.processWatermarkStatus2(WatermarkStatus.IDLE);
        h.processWatermark1(new Watermark(T0 + 3 * HOUR));
    }

    @Test
    void aFlowFromAnInputThatWasIdleBehindTheOperatorsWatermarkIsALateDeadLetterNotASecondWindow() throws Exception {
        var h = harness(guarded(), null);
        windowClosedWhileFlowsIdle(h);
        assertEquals(List.of(100L), sentPerAlert(h));
        // The idle input wakes up with a flow of the window already emitted: behind the operator's watermark.
        h.processWatermarkStatus2(WatermarkStatus.ACTIVE);
        h.processElement2(new StreamRecord<>(flow(T0 + 2 * MIN, 5000), T0 + 2 * MIN));
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of(100L), sentPerAlert(h));
        assertEquals(List.of(new DeadLetter("transfer-correlator", DeadLetter.LATE, flow(T0 + 2 * MIN, 5000).toString())), deadLetters(h));
    }

    private static DnsTxtAlert burst(String host, long last) {
        DnsTxtAlert a = new DnsTxtAlert();
        a.source = "DnsClientEvents";
        a.host = host;
        a.firstQueryTime = last - 50_000;
        a.lastQueryTime = last;
        a.queryCount = 6;
        a.queryNames = new String[] {"c0.payload.evil.example"};
        a.registeredDomains = new String[] {"evil.example"};
        return a;
    }

    /**
     * The TXT suppression after a quiet period (KafkaControlPlaneTest): the CEP instance without matches forwarded the
     * new watermark first, and the matches of its sibling, released by that same watermark, arrive behind it.
     */
    private static List<Object> matchesBehindTheWatermarkAtTxtSuppression(BehindWatermark.Upstream from) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, DnsTxtAlert, DnsTxtAlert>(
                BehindWatermark.guard(new TxtAlertSuppressor(DetectionConfig.defaults()), "txt-suppression", from),
                a -> a.source + '|' + a.host, Types.STRING);
        h.open();
        h.processWatermark(new Watermark(T0 + 3 * HOUR));
        h.processElement(new StreamRecord<>(burst("h2.corp.example", T0 + 2 * HOUR), T0 + 2 * HOUR));
        h.processElement(new StreamRecord<>(burst("h3.corp.example", T0 + 2 * HOUR), T0 + 2 * HOUR));
        List<Object> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add(((DnsTxtAlert) r.getValue()).host);
        out.addAll(deadLetters(h).stream().map(d -> d.source + " " + d.reason).toList());
        h.close();
        return out;
    }

    @Test
    void aStageFedByAnotherKeyedStagePassesWhatThatStageEmittedBehindItsWatermark() throws Exception {
        assertEquals(List.of("h2.corp.example", "h3.corp.example"), matchesBehindTheWatermarkAtTxtSuppression(BehindWatermark.Upstream.KEYED_STAGE));
        // Judged as if it came from the event inputs, both alerts were dead letters.
        assertEquals(List.of("txt-suppression late", "txt-suppression late"), matchesBehindTheWatermarkAtTxtSuppression(BehindWatermark.Upstream.EVENTS));
    }

    @Test
    void withoutTheGuardTheSameFlowVanishesWithoutATrace() throws Exception {
        // What the job did before: the late filter at the flow's source had passed the flow (its own watermark was
        // behind), and the correlator, whose lookup had already been retired, dropped it: no alert, no dead letter.
        var h = harness(unguarded(), null);
        windowClosedWhileFlowsIdle(h);
        h.processWatermarkStatus2(WatermarkStatus.ACTIVE);
        h.processElement2(new StreamRecord<>(flow(T0 + 2 * MIN, 5000), T0 + 2 * MIN));
        h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of(100L), sentPerAlert(h));
        assertEquals(List.of(), deadLetters(h));
    }

    @Test
    void aFlowBehindTheWatermarkOfTheCheckpointIsLateAfterARestoreToo() throws Exception {
        var before = harness(guarded(), null);
        before.processElement1(new StreamRecord<>(new RareLookup(T0, "evil.example", CLIENT, ADDR), T0));
        before.processElement2(new StreamRecord<>(flow(T0 + MIN, 100), T0 + MIN));
        before.processBothWatermarks(new Watermark(T0 + 3 * HOUR));
        assertEquals(List.of(100L), sentPerAlert(before));
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);
        before.close();

        // Restored, the watermark starts from nothing; the late flow placed right after the checkpoint arrives first.
        var after = harness(guarded(), checkpoint);
        after.processElement2(new StreamRecord<>(flow(T0 + 2 * MIN, 5000), T0 + 2 * MIN));
        after.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of(), sentPerAlert(after));
        assertEquals(List.of(new DeadLetter("transfer-correlator", DeadLetter.LATE, flow(T0 + 2 * MIN, 5000).toString())), deadLetters(after));
    }

    @Test
    void theLateFilterJudgesAgainstTheWatermarkItHadReachedBeforeTheRestore() throws Exception {
        TypeInformation<Flow> type = TypeInformation.of(Flow.class);
        var before = new OneInputStreamOperatorTestHarness<Flow, Flow>(new LateEventFilter<>(Input.FIREWALL_EVENTS), type.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
        before.open();
        before.processElement(new StreamRecord<>(flow(T0 + HOUR, 1), T0 + HOUR));
        // A watermark that no record follows before the checkpoint counts as well.
        before.processWatermark(new Watermark(T0 + HOUR - 1));
        OperatorSubtaskState checkpoint = before.snapshot(1, 1);
        before.close();

        var after = new OneInputStreamOperatorTestHarness<Flow, Flow>(new LateEventFilter<>(Input.FIREWALL_EVENTS), type.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
        after.initializeState(checkpoint);
        after.open();
        after.processElement(new StreamRecord<>(flow(T0, 7), T0));
        after.processElement(new StreamRecord<>(flow(T0 + HOUR, 8), T0 + HOUR));
        List<Long> passed = new ArrayList<>();
        for (Object o : after.getOutput()) if (o instanceof StreamRecord<?> r) passed.add(((Flow) r.getValue()).sentBytes);
        assertEquals(List.of(8L), passed);
        assertEquals(List.of(new DeadLetter(Input.FIREWALL_EVENTS.id, DeadLetter.LATE, flow(T0, 7).toString())), deadLetters(after));
    }
}
