package dev.dnshunter.exclusions;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.event.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Streaming only, one instance: refuses control changes stamped more than the out-of-orderness bound behind the
 * watermark. Such a change would rewrite decisions already taken, or taken on some instances and not yet on others
 * (the alerts still waiting), so it becomes a dead letter with reason {@code backdated: …} instead.
 *
 * <p>The first input is the alerts, read only for their watermark (the data's event-time progress, which decides
 * when alerts are judged); the second is the changes. Deciding in one place keeps every instance's broadcast state
 * alike: the instances of the exclusion function each see the watermark at slightly different moments.
 */
public class ExclusionChangeGate extends CoProcessFunction<AlertRecord, ExclusionChange, ExclusionChange> {
    private static final long serialVersionUID = 1L;

    public static final String BACKDATED = "backdated";

    private final String input;
    private final long boundMillis;
    private final OutputTag<DeadLetter> deadLetters;
    private transient Counter backdated;

    /**
     * @param input the input name the dead letters carry
     * @param boundMillis the out-of-orderness bound
     */
    public ExclusionChangeGate(String input, long boundMillis, OutputTag<DeadLetter> deadLetters) {
        this.input = input;
        this.boundMillis = boundMillis;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        backdated = getRuntimeContext().getMetricGroup().counter("backdatedExclusionChanges");
    }

    @Override
    public void processElement1(AlertRecord alert, Context ctx, Collector<ExclusionChange> out) {
        // Only the watermark of this input matters.
    }

    @Override
    public void processElement2(ExclusionChange change, Context ctx, Collector<ExclusionChange> out) {
        long watermark = ctx.timerService().currentWatermark();
        String reason = reason(change.time, watermark, boundMillis);
        if (reason == null) {
            out.collect(change);
            return;
        }
        backdated.inc();
        ctx.output(deadLetters, new DeadLetter(input, reason, change.toString()));
    }

    /** The dead letter's reason for a change at {@code time}, or null if it is recent enough. */
    static String reason(long time, long watermark, long boundMillis) {
        if (watermark == Long.MIN_VALUE || watermark - boundMillis > watermark) return null;
        if (time >= watermark - boundMillis) return null;
        return BACKDATED + ": " + Instant.ofEpochMilli(time) + " is more than " + Duration.ofMillis(boundMillis)
                + " behind the watermark " + Instant.ofEpochMilli(watermark);
    }
}
