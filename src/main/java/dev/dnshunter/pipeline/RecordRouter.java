package dev.dnshunter.pipeline;

import dev.dnshunter.operators.LocalProgress;
import dev.dnshunter.operators.SideOutputs;
import dev.dnshunter.event.DeadLetter;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits an input's parsed records into its typed events and its dead letters (side output, counted), and adds up in
 * the job's accumulators what became of every line of a file ({@link InputCounts}), in all and for its input, skipped
 * rows by reason.
 *
 * <p>The same counts are metrics of the input (group {@code input=<id>}): {@code rowsRead}, {@code rowsUsed},
 * {@code rowsSkipped}, {@code blankLines}, {@code deadLetters}, {@code damagedFiles}, and {@code rowsSkipped} per
 * reason (group {@code input=<id>,reason=<reason>}). Reasons are the parsers' constants, so the set is small and fixed;
 * should a parser ever give more than {@value #MAX_REASONS} distinct ones, the rest count as {@value #OTHER}.
 */
public class RecordRouter<T> extends ProcessFunction<ParsedRecord, T> {
    private static final long serialVersionUID = 1L;

    /** The most distinct skip reasons an input gets metrics and accumulators for. */
    static final int MAX_REASONS = 16;
    static final String OTHER = "other";

    /** Picks the input's event out of a parsed record. */
    @FunctionalInterface
    public interface Field<T> extends Serializable {
        T of(ParsedRecord r);
    }

    private final Input input;
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
    private transient MetricGroup inputMetrics;
    private transient Counter rowsRead;
    private transient Counter rowsUsed;
    private transient Counter rowsSkipped;
    private transient Counter blankLines;
    private transient Counter lineDeadLetters;
    private transient Counter damaged;
    private transient Map<String, Skips> byReason;
    private transient LongCounter inputRead;
    private transient LongCounter inputUsed;
    private transient LongCounter inputSkipped;
    private transient LongCounter inputBlank;
    private transient LongCounter inputDeadLetters;

    public RecordRouter(Input input, Field<T> field) {
        this(input, field, null, null);
    }

    /** A router of an input that gives two kinds of event: the second kind goes to {@code secondTag}. */
    @SuppressWarnings("unchecked")
    public <S> RecordRouter(Input input, Field<T> field, Field<S> second, OutputTag<S> secondTag) {
        this.input = input;
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
        inputMetrics = getRuntimeContext().getMetricGroup().addGroup("input", input.id);
        rowsRead = inputMetrics.counter("rowsRead");
        rowsUsed = inputMetrics.counter("rowsUsed");
        rowsSkipped = inputMetrics.counter("rowsSkipped");
        blankLines = inputMetrics.counter("blankLines");
        lineDeadLetters = inputMetrics.counter("deadLetters");
        damaged = inputMetrics.counter("damagedFiles");
        byReason = new HashMap<>();
        inputRead = getRuntimeContext().getLongCounter(InputCounts.perInput(InputCounts.READ, input.id));
        inputUsed = getRuntimeContext().getLongCounter(InputCounts.perInput(InputCounts.USED, input.id));
        inputSkipped = getRuntimeContext().getLongCounter(InputCounts.perInput(InputCounts.SKIPPED, input.id));
        inputBlank = getRuntimeContext().getLongCounter(InputCounts.perInput(InputCounts.BLANK, input.id));
        inputDeadLetters = getRuntimeContext().getLongCounter(InputCounts.perInput(InputCounts.DEAD_LETTERS, input.id));
    }

    @Override
    public void processElement(ParsedRecord r, Context ctx, Collector<T> out) {
        if (r.fileTally != null) {
            FileTally t = r.fileTally;
            read.add(t.lines);
            blank.add(t.blankLines);
            skipped.add(t.skippedLines);
            inputRead.add(t.lines);
            inputBlank.add(t.blankLines);
            inputSkipped.add(t.skippedLines);
            // The lines that gave no record at all: blank ones and those skipped without a time (header lines).
            rowsRead.inc(t.blankLines + t.skippedLines);
            blankLines.inc(t.blankLines);
            rowsSkipped.inc(t.skippedLines);
            if (t.skippedReasons != null) t.skippedReasons.forEach((reason, n) -> skips(reason).add(n));
            return;
        }
        if (r.deadLetter != null) {
            if (r.deadLetter.reason != null && r.deadLetter.reason.startsWith(DeadLetter.UNREADABLE_FILE)) {
                damagedFiles.add(r.deadLetter.reason);
                damaged.inc();
            } else {
                rowDeadLetters.add(1L);
                inputDeadLetters.add(1L);
                rowsRead.inc();
                lineDeadLetters.inc();
            }
            deadLetters.inc();
            if (DeadLetter.FUTURE.equals(r.deadLetter.reason)) future.inc();
            LocalProgress.DEAD_LETTERS.incrementAndGet();
            ctx.output(SideOutputs.DEAD_LETTERS, r.deadLetter);
            return;
        }
        rowsRead.inc();
        T event = field.of(r);
        Object other = event == null && second != null ? second.of(r) : null;
        if (event != null) {
            events.inc();
            used.add(1L);
            inputUsed.add(1L);
            rowsUsed.inc();
            out.collect(event);
        } else if (other != null) {
            events.inc();
            used.add(1L);
            inputUsed.add(1L);
            rowsUsed.inc();
            ctx.output(secondTag, other);
        } else {
            skipped.add(1L);
            inputSkipped.add(1L);
            rowsSkipped.inc();
            skips(r.skipReason).add(1);
        }
    }

    private Skips skips(String reason) {
        String key = reason == null ? OTHER : reason;
        Skips s = byReason.get(key);
        if (s != null) return s;
        if (byReason.size() >= MAX_REASONS) key = OTHER;
        return byReason.computeIfAbsent(key, k -> new Skips(
                getRuntimeContext().getLongCounter(InputCounts.skippedName(input.id, k)),
                inputMetrics.addGroup("reason", k).counter("rowsSkipped")));
    }

    /** The accumulator and the metric of one skip reason. */
    private record Skips(LongCounter total, Counter metric) {
        void add(long n) {
            total.add(n);
            metric.inc(n);
        }
    }
}
