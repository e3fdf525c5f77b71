package dev.dnshunter.rules;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.pipeline.EventTimeFloor;
import dev.dnshunter.pipeline.LocalProgress;
import dev.dnshunter.pipeline.SideOutputs;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Streaming: the keyed functions run inside these operators, which send every record at or behind the operator's own
 * watermark to the dead letters as {@code late} instead of handing it to the function.
 *
 * <p>The late filter at each source judges a record against that source instance's watermark, which is enough while
 * every input moves event time: a keyed operator's watermark is the lowest of its inputs'. An input marked idle
 * ({@code --idle-timeout}) no longer holds the others back, so a keyed operator's watermark can run ahead of it, and
 * the records it delivers when it wakes up can be behind the operator's watermark although they passed their late
 * filter: a function would then register timers in the past and emit a window again, or count into a bucket
 * already decided. Judged here, such a record is a dead letter like any other late one. The watermark reached is
 * kept in operator state ({@link EventTimeFloor}, union), so the judgement survives a restore.
 *
 * <p>A record that passed the late filters never reaches this check behind the watermark unless an input was idle
 * (or the job was restored): records emitted by an upstream timer carry the timer's time, which is ahead of the
 * watermark the downstream operator had before that timer fired.
 */
public final class BehindWatermark {
    private BehindWatermark() {}

    /** One-input keyed functions: {@code source} names the stage in the dead letter (its uid). */
    public static <K, I, O> KeyedProcessOperator<K, I, O> guard(KeyedProcessFunction<K, I, O> function, String source) {
        return new Keyed<>(function, source);
    }

    /** Two-input keyed functions: both inputs are judged against the operator's combined watermark. */
    public static <K, I1, I2, O> KeyedCoProcessOperator<K, I1, I2, O> guard(KeyedCoProcessFunction<K, I1, I2, O> function, String source) {
        return new KeyedCo<>(function, source);
    }

    static <O> boolean lateToDeadLetters(StreamRecord<?> element, EventTimeFloor floor, Output<StreamRecord<O>> output,
            String source, Counter late) {
        if (!element.hasTimestamp() || !floor.isLate(element.getTimestamp())) return false;
        late.inc();
        LocalProgress.DEAD_LETTERS.incrementAndGet();
        output.collect(SideOutputs.DEAD_LETTERS, new StreamRecord<>(new DeadLetter(source, DeadLetter.LATE,
                String.valueOf(element.getValue())), element.getTimestamp()));
        return true;
    }

    private static final class Keyed<K, I, O> extends KeyedProcessOperator<K, I, O> {
        private static final long serialVersionUID = 1L;
        private final String source;
        private transient EventTimeFloor floor;
        private transient Counter late;

        Keyed(KeyedProcessFunction<K, I, O> function, String source) {
            super(function);
            this.source = source;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            floor = new EventTimeFloor(true);
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
        public void processElement(StreamRecord<I> element) throws Exception {
            if (!lateToDeadLetters(element, floor, output, source, late)) super.processElement(element);
        }
    }

    private static final class KeyedCo<K, I1, I2, O> extends KeyedCoProcessOperator<K, I1, I2, O> {
        private static final long serialVersionUID = 1L;
        private final String source;
        private transient EventTimeFloor floor;
        private transient Counter late;

        KeyedCo(KeyedCoProcessFunction<K, I1, I2, O> function, String source) {
            super(function);
            this.source = source;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            floor = new EventTimeFloor(true);
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

        /** The combined watermark of both inputs (processWatermark1/2 call this when it moves). */
        @Override
        public void processWatermark(Watermark mark) throws Exception {
            floor.advance(mark.getTimestamp());
            super.processWatermark(mark);
        }

        @Override
        public void processElement1(StreamRecord<I1> element) throws Exception {
            if (!lateToDeadLetters(element, floor, output, source, late)) super.processElement1(element);
        }

        @Override
        public void processElement2(StreamRecord<I2> element) throws Exception {
            if (!lateToDeadLetters(element, floor, output, source, late)) super.processElement2(element);
        }
    }
}
