package dev.dnshunter.pipeline;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;

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

    public long value() {
        return highest;
    }
}
