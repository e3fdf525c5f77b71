package dev.dnshunter.pipeline;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.LineParser;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses raw lines of one input; a line that cannot be used goes to the dead letters with its reason. */
public class ParseFunction<T> extends ProcessFunction<String, T> {
    private static final long serialVersionUID = 1L;

    private final Input input;
    private final LineParser<T> parser;
    private transient Counter deadLetters;
    private transient Counter parsed;

    public ParseFunction(Input input, LineParser<T> parser) {
        this.input = input;
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        parsed = getRuntimeContext().getMetricGroup().counter("parsedRecords");
    }

    @Override
    public void processElement(String line, Context ctx, Collector<T> out) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(line == null ? 0 : line.length() + 1);
        T record;
        try {
            record = parser.parse(line);
        } catch (BadRecordException e) {
            reject(e.getMessage(), line, ctx);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not take the job down with it: the line is kept and the reason says what happened.
            reject("parser error: " + e, line, ctx);
            return;
        }
        if (record != null) {
            parsed.inc();
            out.collect(record);
        }
    }

    private void reject(String reason, String line, Context ctx) {
        deadLetters.inc();
        LocalProgress.DEAD_LETTERS.incrementAndGet();
        ctx.output(SideOutputs.DEAD_LETTERS, new DeadLetter(input.id, reason, line));
    }
}
