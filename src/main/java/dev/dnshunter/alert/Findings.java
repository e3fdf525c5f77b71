package dev.dnshunter.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An alert's {@link Finding}: the envelope of its native JSON, then the fields its rule's {@link FindingFields}
 * provide. The native JSON is the one description of an alert (it is what state and the exclusions carry), so every
 * format is derived from the same document. A rule without registered fields still gets a finding: the envelope,
 * and its other fields under unmapped.
 */
public final class Findings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENVELOPE = Set.of("rule", "severity", "alertId", "time", "mitreTechniques");

    /** One line per rule. */
    private static final Map<String, FindingFields> RULES = Map.of(
            RareDnsAlert.RULE, new RareDnsFindingFields(),
            DnsTxtAlert.RULE, new DnsTxtFindingFields(),
            dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert.RULE, new SampleFindingFields(SampleFindingFields.Names.NAMES),
            dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert.RULE, new SampleFindingFields(SampleFindingFields.Names.SUBDOMAINS),
            dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert.RULE, new SampleFindingFields(SampleFindingFields.Names.DOMAINS),
            dev.dnshunter.rules.txtpayload.TxtPayloadAlert.RULE, new SampleFindingFields(SampleFindingFields.Names.TXT_ANSWER));

    private Findings() {}

    public static Finding of(AlertRecord alert) {
        JsonNode doc;
        try {
            doc = JSON.readTree(alert.json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.alertId + " is not JSON: " + e.getOriginalMessage(), e);
        }
        Finding f = new Finding();
        f.ruleId = doc.path("rule").asText(alert.rule);
        f.ruleTitle = f.ruleId;
        f.alertId = doc.path("alertId").asText(alert.alertId);
        f.severity = alert.severity != null ? alert.severity
                : doc.path("severity").isTextual() ? Severity.parse(doc.path("severity").asText()) : null;
        f.time = doc.hasNonNull("time") ? millis(doc.get("time")) : alert.time;
        f.firstSeen = alert.firstEventTime != 0 ? alert.firstEventTime : f.time;
        f.lastSeen = f.time;
        for (JsonNode t : doc.path("mitreTechniques")) f.techniques.add(AttackTechniques.of(t.asText()));
        FindingFields fields = RULES.get(f.ruleId);
        if (fields != null) {
            fields.fill(doc, f);
        } else {
            doc.fields().forEachRemaining(e -> {
                if (!ENVELOPE.contains(e.getKey())) f.unmapped.set(e.getKey(), e.getValue());
            });
        }
        if (f.message == null) f.message = f.ruleTitle + " alert " + f.alertId;
        return f;
    }

    /** An instant of a native alert (ISO-8601, as {@link Times} writes them) in epoch milliseconds. */
    public static long millis(JsonNode iso) {
        return Instant.parse(iso.asText()).toEpochMilli();
    }
}
