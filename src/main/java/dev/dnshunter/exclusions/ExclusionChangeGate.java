package dev.dnshunter.exclusions;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.operators.EventTimeFloor;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Streaming only, one instance: refuses control changes stamped more than the out-of-orderness bound behind the
 * watermark. Such a change would rewrite decisions already taken, or taken on some instances and not yet on others
 * (the alerts still waiting), so it becomes a dead letter with reason {@code backdated: …} instead.
 *
 * <p>The first input is the alerts, read only for their watermark (the data's event-time progress, which decides
 * when alerts are judged); the second is the changes. Deciding in one place keeps every instance's broadcast state
 * alike: the instances of the exclusion function each see the watermark at slightly different moments.
 *
 * <p>The watermark reached is kept in operator state ({@link EventTimeFloor}): Flink restarts every watermark from
 * nothing, and a change replayed from the control topic after a restore would otherwise be judged before any
 * watermark, so a change refused as backdated before a failure would be taken after it. An operator rather than a
 * function so that it sees every watermark, also one followed by no record before a checkpoint.
 */
public class ExclusionChangeGate extends AbstractStreamOperator<ExclusionChange>
        implements TwoInputStreamOperator<AlertRecord, ExclusionChange, ExclusionChange> {
    private static final long serialVersionUID = 2L;

    public static final String BACKDATED = "backdated";

    private final String input;
    private final long boundMillis;
    private final OutputTag<DeadLetter> deadLetters;
    private transient EventTimeFloor floor;
    private transient Counter backdated;

    /**
     * @param input the input name the dead letters carry
     * @param boundMillis the out-of-orderness bound
     */
    public ExclusionChangeGate(String input, long boundMillis, OutputTag<DeadLetter> deadLetters) {
        this.input = input;
        this.boundMillis = boundMillis;
        this.deadLetters = deadLetters;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        floor = new EventTimeFloor(false);
        floor.initialize(context);
    }

    @Override
    public void open() throws Exception {
        super.open();
        backdated = getMetricGroup().counter("backdatedExclusionChanges");
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        floor.snapshot(context);
    }

    /** The combined watermark of both inputs (the alerts', the changes' own, idle inputs left out). */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        floor.advance(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processElement1(StreamRecord<AlertRecord> alert) {
        // Only the watermark of this input matters.
    }

    @Override
    public void processElement2(StreamRecord<ExclusionChange> element) {
        ExclusionChange change = element.getValue();
        String reason = reason(change.time, floor.value(), boundMillis);
        if (reason == null) {
            output.collect(element);
            return;
        }
        backdated.inc();
        output.collect(deadLetters, new StreamRecord<>(new DeadLetter(input, reason, change.toString()), element.getTimestamp()));
    }

    /** The dead letter's reason for a change at {@code time}, or null if it is recent enough. */
    static String reason(long time, long watermark, long boundMillis) {
        if (watermark == Long.MIN_VALUE || watermark - boundMillis > watermark) return null;
        if (time >= watermark - boundMillis) return null;
        return BACKDATED + ": " + Instant.ofEpochMilli(time) + " is more than " + Duration.ofMillis(boundMillis)
                + " behind the watermark " + Instant.ofEpochMilli(watermark);
    }
}
