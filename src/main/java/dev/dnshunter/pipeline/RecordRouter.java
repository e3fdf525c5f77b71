package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits an input's parsed records into its typed events and its dead letters (side output, counted). */
public class RecordRouter<T> extends ProcessFunction<ParsedRecord, T> {
    private static final long serialVersionUID = 1L;

    /** Picks the input's event out of a parsed record. */
    @FunctionalInterface
    public interface Field<T> extends Serializable {
        T of(ParsedRecord r);
    }

    private final Field<T> field;
    private transient Counter deadLetters;
    private transient Counter events;
    private transient Counter future;

    public RecordRouter(Field<T> field) {
        this.field = field;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        events = getRuntimeContext().getMetricGroup().counter("parsedRecords");
        future = getRuntimeContext().getMetricGroup().counter("futureRecords");
    }

    @Override
    public void processElement(ParsedRecord r, Context ctx, Collector<T> out) {
        if (r.deadLetter != null) {
            deadLetters.inc();
            if (DeadLetter.FUTURE.equals(r.deadLetter.reason)) future.inc();
            LocalProgress.DEAD_LETTERS.incrementAndGet();
            ctx.output(SideOutputs.DEAD_LETTERS, r.deadLetter);
            return;
        }
        T event = field.of(r);
        if (event != null) {
            events.inc();
            out.collect(event);
        }
    }
}
