package dev.dnshunter.rules;

import dev.dnshunter.operators.EventTimeFloor;
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
 * <p>Only an input fed by the event inputs is judged ({@link Upstream#EVENTS}): that is where inputs that move event
 * time independently (topics, partitions) meet. An input fed by another keyed stage ({@link Upstream#KEYED_STAGE})
 * is passed through: every instance of that stage reads the same channels, so they all move event time alike, and
 * the stage has judged the data against its own watermark already. A record behind this operator's watermark there is
 * an artefact of idleness, not late data: after the whole job was idle, one upstream instance (say a CEP instance
 * without matches) forwards the new watermark while the channel of its sibling, idle when its data left the source,
 * has not yet delivered the matches that same watermark released. Judged, those matches (alerts) would be dead
 * letters although they are on time. The keyed stages still keep the floor of every input in their state.
 */
public final class BehindWatermark {
    private BehindWatermark() {}

    /** Where a keyed stage's input comes from, which decides whether its records are judged. */
    public enum Upstream {
        /** The event inputs (their late filters, and stateless steps after them): judged. */
        EVENTS,
        /** Another keyed stage (or CEP), which judged the data already: passed through. */
        KEYED_STAGE;

        boolean judged() {
            return this == EVENTS;
        }
    }

    /** One-input keyed functions fed by the event inputs: {@code source} names the stage in the dead letter (its uid). */
    public static <K, I, O> KeyedProcessOperator<K, I, O> guard(KeyedProcessFunction<K, I, O> function, String source) {
        return guard(function, source, Upstream.EVENTS);
    }

    /** One-input keyed functions, judged when {@code from} is the event inputs. */
    public static <K, I, O> KeyedProcessOperator<K, I, O> guard(KeyedProcessFunction<K, I, O> function, String source,
            Upstream from) {
        return new Keyed<>(function, source, from.judged());
    }

    /** Two-input keyed functions fed by the event inputs: both are judged against the operator's combined watermark. */
    public static <K, I1, I2, O> KeyedCoProcessOperator<K, I1, I2, O> guard(KeyedCoProcessFunction<K, I1, I2, O> function, String source) {
        return guard(function, source, Upstream.EVENTS, Upstream.EVENTS);
    }

    /** Two-input keyed functions: an input is judged against the operator's combined watermark when it is fed by the event inputs. */
    public static <K, I1, I2, O> KeyedCoProcessOperator<K, I1, I2, O> guard(KeyedCoProcessFunction<K, I1, I2, O> function, String source,
            Upstream first, Upstream second) {
        return new KeyedCo<>(function, source, first.judged(), second.judged());
    }

    private static final class Keyed<K, I, O> extends KeyedProcessOperator<K, I, O> {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final boolean judged;
        private transient EventTimeFloor floor;
        private transient Counter late;

        Keyed(KeyedProcessFunction<K, I, O> function, String source, boolean judged) {
            super(function);
            this.source = source;
            this.judged = judged;
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
            if (!judged || !floor.divertIfLate(element, output, source, late)) super.processElement(element);
        }
    }

    private static final class KeyedCo<K, I1, I2, O> extends KeyedCoProcessOperator<K, I1, I2, O> {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final boolean judged1;
        private final boolean judged2;
        private transient EventTimeFloor floor;
        private transient Counter late;

        KeyedCo(KeyedCoProcessFunction<K, I1, I2, O> function, String source, boolean judged1, boolean judged2) {
            super(function);
            this.source = source;
            this.judged1 = judged1;
            this.judged2 = judged2;
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
            if (!judged1 || !floor.divertIfLate(element, output, source, late)) super.processElement1(element);
        }

        @Override
        public void processElement2(StreamRecord<I2> element) throws Exception {
            if (!judged2 || !floor.divertIfLate(element, output, source, late)) super.processElement2(element);
        }
    }
}
