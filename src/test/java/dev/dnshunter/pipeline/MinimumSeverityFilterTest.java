package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Severity;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MinimumSeverityFilterTest {
    static AlertRecord alert(String rule, String id, Severity severity) {
        AlertRecord r = new AlertRecord(rule, id, 1000, "{\"alertId\":\"" + id + "\"}");
        r.severity = severity;
        return r;
    }

    @Test
    void passesAtOrAboveTheMinimumAndCountsTheRest() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new MinimumSeverityFilter(Severity.MEDIUM)))) {
            h.open();
            h.processElement(alert("Rare", "a", Severity.LOW), 1);
            h.processElement(alert("Rare", "b", Severity.MEDIUM), 2);
            h.processElement(alert("Rare", "c", Severity.HIGH), 3);
            h.processElement(alert("Rare", "d", Severity.LOW), 4);
            h.processElement(alert("Txt", "e", Severity.HIGH), 5);
            h.processElement(alert("Rare", "f", null), 6);
            assertEquals(List.of("b", "c", "e", "f"), h.extractOutputValues().stream().map(a -> a.alertId).toList());

            Map<String, Object> accumulators = h.getEnvironment().getAccumulatorRegistry().getUserMap().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getLocalValue()));
            SeverityCounts counts = SeverityCounts.of(accumulators);
            assertEquals(Map.of("Rare", Map.of(Severity.LOW, 2L)), counts.belowMin);
            assertEquals(Map.of("Rare", Map.of(Severity.MEDIUM, 1L, Severity.HIGH, 1L), "Txt", Map.of(Severity.HIGH, 1L)), counts.written);
        }
    }

    @Test
    void lowLetsEverythingThrough() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new MinimumSeverityFilter(Severity.LOW)))) {
            h.open();
            for (Severity s : Severity.values()) h.processElement(alert("Rare", s.name(), s), 1);
            assertEquals(3, h.extractOutputValues().size());
        }
    }
}
