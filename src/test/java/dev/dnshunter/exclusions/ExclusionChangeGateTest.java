package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.event.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class ExclusionChangeGateTest {
    static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead-letters") {};
    static final long T = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    @Test
    void aChangeMoreThanTheBoundBehindTheWatermarkIsADeadLetter() throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<AlertRecord, ExclusionChange, ExclusionChange>(
                new ExclusionChangeGate("exclusion-updates", 5 * MIN, DEAD));
        h.open();
        ExclusionEntry e = ExclusionEntry.create(ExclusionEntry.HOST, "h1", "x", ExclusionEntry.NEVER, null);
        // Before any watermark nothing is behind it.
        h.processElement2(new StreamRecord<>(ExclusionChange.add(T - 600 * MIN, e), T - 600 * MIN));
        h.processWatermark1(new Watermark(T));
        h.processWatermark2(new Watermark(T));
        ExclusionChange anHourBack = ExclusionChange.add(T - 60 * MIN, e);
        h.processElement2(new StreamRecord<>(anHourBack, T - 60 * MIN));
        h.processElement2(new StreamRecord<>(ExclusionChange.remove(T - 5 * MIN, "host:h1"), T - 5 * MIN));
        h.processElement2(new StreamRecord<>(ExclusionChange.remove(T - 5 * MIN - 1, "host:h1"), T - 5 * MIN - 1));

        List<Long> passed = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) passed.add((((ExclusionChange) r.getValue()).time - T) / MIN);
        assertEquals(List.of(-600L, -5L), passed);
        List<String> dead = new ArrayList<>();
        for (StreamRecord<DeadLetter> r : h.getSideOutput(DEAD)) dead.add(r.getValue().source + " | " + r.getValue().reason);
        assertEquals(List.of(
                "exclusion-updates | backdated: 2026-11-20T09:00:00Z is more than PT5M behind the watermark 2026-11-20T10:00:00Z",
                "exclusion-updates | backdated: 2026-11-20T09:54:59.999Z is more than PT5M behind the watermark 2026-11-20T10:00:00Z"),
                dead);
        h.close();
    }

    /**
     * A restart sets every watermark back to nothing, and the control topic replays the changes read since the
     * checkpoint. The restored gate judges them against the watermark it had reached: a change refused before the
     * failure is refused after it, and cannot slip in while the data's watermark is still catching up.
     */
    @Test
    void afterARestoreAReplayedBackdatedChangeIsRefusedAgain() throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<AlertRecord, ExclusionChange, ExclusionChange>(
                new ExclusionChangeGate("exclusion-updates", 5 * MIN, DEAD));
        h.open();
        h.processWatermark1(new Watermark(T));
        h.processWatermark2(new Watermark(T));
        OperatorSubtaskState snapshot = h.snapshot(1, T);
        h.close();

        var restored = new TwoInputStreamOperatorTestHarness<AlertRecord, ExclusionChange, ExclusionChange>(
                new ExclusionChangeGate("exclusion-updates", 5 * MIN, DEAD));
        restored.initializeState(snapshot);
        restored.open();
        ExclusionEntry e = ExclusionEntry.create(ExclusionEntry.HOST, "h2", "quietly", ExclusionEntry.NEVER, null);
        restored.processElement2(new StreamRecord<>(ExclusionChange.add(T - 60 * MIN, e), T - 60 * MIN));
        restored.processElement2(new StreamRecord<>(ExclusionChange.add(T, e), T));

        List<Long> passed = new ArrayList<>();
        for (Object o : restored.getOutput()) if (o instanceof StreamRecord<?> r) passed.add((((ExclusionChange) r.getValue()).time - T) / MIN);
        assertEquals(List.of(0L), passed);
        List<String> dead = new ArrayList<>();
        for (StreamRecord<DeadLetter> r : restored.getSideOutput(DEAD)) dead.add(r.getValue().reason);
        assertEquals(List.of("backdated: 2026-11-20T09:00:00Z is more than PT5M behind the watermark 2026-11-20T10:00:00Z"), dead);
        restored.close();
    }
}
