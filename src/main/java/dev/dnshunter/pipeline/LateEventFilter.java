package dev.dnshunter.pipeline;

import dev.dnshunter.operators.EventTimeFloor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Streaming only: an event at or behind the watermark arrived later than the out-of-orderness bound allows. The
 * keyed functions downstream have already made the decisions it would change, so it goes to the dead letters, visible
 * and counted, instead of silently changing some results and not others.
 *
 * <p>The watermark this operator has reached is kept in its operator state ({@link EventTimeFloor}): after a restore a
 * record is judged against the higher of the current watermark and the restored one, so a record that was late
 * before a failure is late after it too. An operator rather than a function so that it sees every watermark, also one
 * that is followed by no record before a checkpoint.
 */
public class LateEventFilter<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final Input input;
    private transient EventTimeFloor floor;
    private transient Counter late;

    public LateEventFilter(Input input) {
        this.input = input;
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
        late = getMetricGroup().counter("lateEvents");
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        floor.snapshot(context);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        floor.advance(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        if (!floor.divertIfLate(element, output, input.id, late)) output.collect(element);
    }
}
