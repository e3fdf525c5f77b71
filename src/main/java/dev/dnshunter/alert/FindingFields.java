package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rule contributes to the alert formats: from its native alert document, the fields of a {@link Finding}
 * beyond the envelope (rule, alertId, severity, time and techniques, which {@link Findings} fills in). A new rule
 * provides one and registers it in {@link Findings}; no writer changes.
 */
public interface FindingFields {
    void fill(JsonNode nativeAlert, Finding finding);

    /** A native evidence item ({@code name}, {@code time}, {@code answers}) as a finding's lookup. */
    static Finding.Lookup lookup(JsonNode item, String type) {
        List<String> answers = new ArrayList<>();
        for (JsonNode answer : item.path("answers")) answers.add(answer.asText());
        return new Finding.Lookup(item.path("name").asText(), type, Findings.millis(item.get("time")), answers);
    }
}
