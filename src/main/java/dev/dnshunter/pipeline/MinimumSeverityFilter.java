package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Severity;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The one place {@code --min-severity} applies, after the exclusions and before every alert sink: alerts at or above
 * it pass, the others are dropped, and both are counted per rule and severity, as Flink metrics
 * ({@code alerts} and {@code alertsBelowMinSeverity} in groups {@code rule} and {@code severity}) and as accumulators
 * ({@link SeverityCounts}) for the backfill's summary. An alert without a severity (restored from a job older than
 * severities) passes.
 */
public class MinimumSeverityFilter extends ProcessFunction<AlertRecord, AlertRecord> {
    private static final long serialVersionUID = 1L;

    private final Severity min;
    private transient Map<String, Counter[]> metrics;
    private transient Map<String, LongCounter> accumulators;

    public MinimumSeverityFilter(Severity min) {
        this.min = min;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new HashMap<>();
        accumulators = new HashMap<>();
    }

    @Override
    public void processElement(AlertRecord alert, Context ctx, Collector<AlertRecord> out) {
        boolean keep = alert.severity == null || alert.severity.atLeast(min);
        if (alert.severity != null) count(alert.rule, alert.severity, keep);
        if (keep) out.collect(alert);
    }

    private void count(String rule, Severity severity, boolean written) {
        String key = rule + '|' + severity.name();
        Counter[] c = metrics.computeIfAbsent(key, k -> {
            var group = getRuntimeContext().getMetricGroup().addGroup("rule", rule).addGroup("severity", severity.label());
            return new Counter[] {group.counter("alerts"), group.counter("alertsBelowMinSeverity")};
        });
        c[written ? 0 : 1].inc();
        String name = SeverityCounts.accumulatorName(written, rule, severity);
        accumulators.computeIfAbsent(name, n -> getRuntimeContext().getLongCounter(n)).add(1L);
    }
}
