package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one rule contributes to the alert formats: from its native alert document, the fields of a {@link Finding}
 * beyond the envelope (rule, alertId, severity, time and techniques, which {@link Findings} fills in). A new rule
 * provides one and registers it in {@link Findings}; no writer changes.
 */
public interface FindingFields {
    void fill(JsonNode nativeAlert, Finding finding);
}
