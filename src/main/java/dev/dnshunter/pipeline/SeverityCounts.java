package dev.dnshunter.pipeline;

import dev.dnshunter.alert.Severity;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alerts per rule and severity, written and below {@code --min-severity}, as the {@link MinimumSeverityFilter}'s
 * accumulators report them when a job finishes (or, for a running job, its JobClient's current accumulators).
 */
public final class SeverityCounts {
    private static final String WRITTEN = "alerts|";
    private static final String BELOW = "alerts-below-min-severity|";

    /** rule → severity → count */
    public final Map<String, Map<Severity, Long>> written = new TreeMap<>();
    public final Map<String, Map<Severity, Long>> belowMin = new TreeMap<>();

    static String accumulatorName(boolean written, String rule, Severity severity) {
        return (written ? WRITTEN : BELOW) + rule + '|' + severity.name();
    }

    public static SeverityCounts of(Map<String, Object> accumulators) {
        SeverityCounts c = new SeverityCounts();
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            String name = e.getKey();
            Map<String, Map<Severity, Long>> into = name.startsWith(WRITTEN) ? c.written : name.startsWith(BELOW) ? c.belowMin : null;
            if (into == null || !(e.getValue() instanceof Number n)) continue;
            String[] parts = name.split("\\|");
            if (parts.length != 3) continue;
            into.computeIfAbsent(parts[1], r -> new EnumMap<>(Severity.class)).merge(Severity.valueOf(parts[2]), n.longValue(), Long::sum);
        }
        return c;
    }

    public static long total(Map<String, Map<Severity, Long>> counts) {
        long n = 0;
        for (Map<Severity, Long> bySeverity : counts.values()) for (long v : bySeverity.values()) n += v;
        return n;
    }
}
