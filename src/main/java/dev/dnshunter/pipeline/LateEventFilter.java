package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Streaming only: an event at or behind the watermark arrived later than the out-of-orderness bound allows. The
 * keyed functions downstream have already made the decisions it would change, so it goes to the dead letters, visible
 * and counted, instead of silently changing some results and not others.
 */
public class LateEventFilter<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final Input input;
    private transient Counter late;

    public LateEventFilter(Input input) {
        this.input = input;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(T event, Context ctx, Collector<T> out) {
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp <= ctx.timerService().currentWatermark()) {
            late.inc();
            LocalProgress.DEAD_LETTERS.incrementAndGet();
            ctx.output(SideOutputs.DEAD_LETTERS, new DeadLetter(input.id, DeadLetter.LATE, event.toString()));
        } else {
            out.collect(event);
        }
    }
}
