package dev.dnshunter.rules;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.operators.SideOutputs;
import dev.dnshunter.rules.BehindWatermark.Upstream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.ConnectedStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;

/**
 * How a rule adds a keyed function to the job, so that no rule can lose a record silently: in STREAMING mode the
 * function runs inside {@link BehindWatermark}, which sends a record at or behind the operator's own watermark
 * (possible behind an idle input, or after a restore) to the dead letters as {@code late} when the input is fed by the
 * event inputs ({@link Upstream#EVENTS}; an input fed by another keyed stage is that stage's output, judged there
 * already); in BATCH mode nothing is
 * late and the function runs as it is. A rule hands its other dead letters (e.g. CEP's late side output) here too; the
 * graph collects them all.
 */
public final class KeyedStages {
    private final boolean batch;
    private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

    public KeyedStages(boolean batch) {
        this.batch = batch;
    }

    public boolean batch() {
        return batch;
    }

    /** A keyed function fed by the event inputs, with its stable uid and readable name. */
    public <K, I, O> SingleOutputStreamOperator<O> keyed(KeyedStream<I, K> in, KeyedProcessFunction<K, I, O> function,
            TypeInformation<O> type, String uid, String name) {
        return keyed(in, Upstream.EVENTS, function, type, uid, name);
    }

    /**
     * A keyed function whose input comes {@code from} the event inputs (judged late or not here) or from another keyed
     * stage (which judged it: see {@link BehindWatermark}).
     */
    public <K, I, O> SingleOutputStreamOperator<O> keyed(KeyedStream<I, K> in, Upstream from, KeyedProcessFunction<K, I, O> function,
            TypeInformation<O> type, String uid, String name) {
        SingleOutputStreamOperator<O> out = batch ? in.process(function, type).name(name)
                : in.transform(name, type, BehindWatermark.guard(function, uid, from));
        out.uid(uid);
        if (!batch) deadLetters.add(out.getSideOutput(SideOutputs.DEAD_LETTERS));
        return out;
    }

    /** A keyed function of two inputs, both fed by the event inputs, with its stable uid and readable name. */
    public <K, I1, I2, O> SingleOutputStreamOperator<O> keyed(ConnectedStreams<I1, I2> in,
            KeyedCoProcessFunction<K, I1, I2, O> function, TypeInformation<O> type, String uid, String name) {
        return keyed(in, Upstream.EVENTS, Upstream.EVENTS, function, type, uid, name);
    }

    /** A keyed function of two inputs, each coming from the event inputs or from another keyed stage. */
    public <K, I1, I2, O> SingleOutputStreamOperator<O> keyed(ConnectedStreams<I1, I2> in, Upstream first, Upstream second,
            KeyedCoProcessFunction<K, I1, I2, O> function, TypeInformation<O> type, String uid, String name) {
        SingleOutputStreamOperator<O> out = batch ? in.process(function, type).name(name)
                : in.transform(name, type, BehindWatermark.guard(function, uid, first, second));
        out.uid(uid);
        if (!batch) deadLetters.add(out.getSideOutput(SideOutputs.DEAD_LETTERS));
        return out;
    }

    /** Dead letters a rule produces itself. */
    public void deadLetters(DataStream<DeadLetter> letters) {
        deadLetters.add(letters);
    }

    /** Every dead-letter stream the rules' stages produced. */
    public List<DataStream<DeadLetter>> allDeadLetters() {
        return deadLetters;
    }
}
