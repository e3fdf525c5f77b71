package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import java.io.Serializable;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits an input's parsed records into its typed events and its dead letters (side output, counted), and adds up in
 * the job's accumulators what became of every line of a file ({@link InputCounts}).
 */
public class RecordRouter<T> extends ProcessFunction<ParsedRecord, T> {
    private static final long serialVersionUID = 1L;

    /** Picks the input's event out of a parsed record. */
    @FunctionalInterface
    public interface Field<T> extends Serializable {
        T of(ParsedRecord r);
    }

    private final Field<T> field;
    /** For an input of two kinds: the second kind, sent to {@link #secondTag}; else null. */
    private final Field<?> second;
    private final OutputTag<Object> secondTag;
    private transient Counter deadLetters;
    private transient Counter events;
    private transient LongCounter read;
    private transient LongCounter used;
    private transient LongCounter skipped;
    private transient LongCounter blank;
    private transient LongCounter rowDeadLetters;
    private transient ListAccumulator<String> damagedFiles;
    private transient Counter future;

    public RecordRouter(Field<T> field) {
        this(field, null, null);
    }

    /** A router of an input that gives two kinds of event: the second kind goes to {@code secondTag}. */
    @SuppressWarnings("unchecked")
    public <S> RecordRouter(Field<T> field, Field<S> second, OutputTag<S> secondTag) {
        this.field = field;
        this.second = second;
        this.secondTag = (OutputTag<Object>) (OutputTag<?>) secondTag;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        events = getRuntimeContext().getMetricGroup().counter("parsedRecords");
        read = getRuntimeContext().getLongCounter(InputCounts.READ);
        used = getRuntimeContext().getLongCounter(InputCounts.USED);
        skipped = getRuntimeContext().getLongCounter(InputCounts.SKIPPED);
        blank = getRuntimeContext().getLongCounter(InputCounts.BLANK);
        rowDeadLetters = getRuntimeContext().getLongCounter(InputCounts.DEAD_LETTERS);
        Object existing = getRuntimeContext().getAccumulator(InputCounts.DAMAGED_FILES);
        if (existing != null) {
            @SuppressWarnings("unchecked")
            ListAccumulator<String> names = (ListAccumulator<String>) existing;
            damagedFiles = names;
        } else {
            damagedFiles = new ListAccumulator<>();
            getRuntimeContext().addAccumulator(InputCounts.DAMAGED_FILES, damagedFiles);
        }
        future = getRuntimeContext().getMetricGroup().counter("futureRecords");
    }

    @Override
    public void processElement(ParsedRecord r, Context ctx, Collector<T> out) {
        if (r.fileTally != null) {
            read.add(r.fileTally.lines);
            blank.add(r.fileTally.blankLines);
            skipped.add(r.fileTally.skippedLines);
            return;
        }
        if (r.deadLetter != null) {
            if (r.deadLetter.reason != null && r.deadLetter.reason.startsWith(DeadLetter.UNREADABLE_FILE)) {
                damagedFiles.add(r.deadLetter.reason);
            } else {
                rowDeadLetters.add(1L);
            }
            deadLetters.inc();
            if (DeadLetter.FUTURE.equals(r.deadLetter.reason)) future.inc();
            LocalProgress.DEAD_LETTERS.incrementAndGet();
            ctx.output(SideOutputs.DEAD_LETTERS, r.deadLetter);
            return;
        }
        T event = field.of(r);
        Object other = event == null && second != null ? second.of(r) : null;
        if (event != null) {
            events.inc();
            used.add(1L);
            out.collect(event);
        } else if (other != null) {
            events.inc();
            used.add(1L);
            ctx.output(secondTag, other);
        } else {
            skipped.add(1L);
        }
    }
}
