package dev.dnshunter.operators;

import dev.dnshunter.event.DeadLetter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The event-time progress an operator has seen, kept in operator state so that lateness is judged after a restore as
 * it was before the failure: Flink restarts every watermark from nothing, and a record that was behind the watermark
 * before a failure would otherwise be taken after it (a window emitted twice under one alertId).
 *
 * <p>The floor is the highest watermark the operator processed; after a restore, the lowest of the values handed to
 * this instance (one, its own, when the parallelism did not change; several or none after a rescale, none meaning no
 * floor). A record is late when its timestamp is at or below {@code max(current watermark, restored floor)}.
 */
public final class EventTimeFloor {
    /** Split: each instance gets its own value back at the same parallelism. */
    public static final ListStateDescriptor<Long> OWN = new ListStateDescriptor<>("highest-watermark", Types.LONG);
    /** Union: every instance gets every value (keyed operators, whose instances see the same event time). */
    public static final ListStateDescriptor<Long> SHARED = new ListStateDescriptor<>("highest-watermark-all", Types.LONG);

    private final boolean union;
    private ListState<Long> state;
    private long highest = Long.MIN_VALUE;

    public EventTimeFloor(boolean union) {
        this.union = union;
    }

    public void initialize(StateInitializationContext context) throws Exception {
        state = union ? context.getOperatorStateStore().getUnionListState(SHARED)
                : context.getOperatorStateStore().getListState(OWN);
        if (!context.isRestored()) return;
        long lowest = Long.MAX_VALUE;
        boolean any = false;
        for (Long w : state.get()) {
            if (w == null) continue;
            lowest = Math.min(lowest, w);
            any = true;
        }
        if (any) highest = lowest;
    }

    public void snapshot(StateSnapshotContext context) throws Exception {
        state.update(java.util.List.of(highest));
    }

    public void advance(long watermark) {
        if (watermark > highest) highest = watermark;
    }

    /** Whether a record at {@code timestamp} is behind the event time this operator has reached (or had reached). */
    public boolean isLate(long timestamp) {
        return timestamp <= highest;
    }

    /**
     * A record behind the floor goes to the dead letters as {@code late} (named after {@code source}, counted in
     * {@code late} and in the local progress); the answer says whether it did, so that the caller passes on only the
     * others. The one place where late records are judged and diverted, for the sources' late filters and the keyed
     * stages alike.
     */
    public <O> boolean divertIfLate(StreamRecord<?> element, Output<StreamRecord<O>> output, String source, Counter late) {
        if (!element.hasTimestamp() || !isLate(element.getTimestamp())) return false;
        late.inc();
        LocalProgress.DEAD_LETTERS.incrementAndGet();
        output.collect(SideOutputs.DEAD_LETTERS, new StreamRecord<>(new DeadLetter(source, DeadLetter.LATE,
                String.valueOf(element.getValue())), element.getTimestamp()));
        return true;
    }

    public long value() {
        return highest;
    }
}
