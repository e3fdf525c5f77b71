package dev.dnshunter.alert;

import java.util.Locale;
import java.util.Map;

/**
 * An alert's severity, the one value every alert format carries: the native JSON's {@code severity} field is
 * {@link #label()}, an OCSF Detection Finding's {@code severity_id} is {@link #ocsfSeverityId()}, an ECS document's
 * numeric {@code event.severity} is {@link #ecsSeverity()}. Writers read it from {@link AlertRecord#severity} (or the
 * rule's alert) and never derive it again, so the formats cannot disagree.
 */
public enum Severity {
    LOW("Low", 2, 21),
    MEDIUM("Medium", 3, 47),
    HIGH("High", 4, 73);

    private final String label;
    private final int ocsfSeverityId;
    private final int ecsSeverity;

    Severity(String label, int ocsfSeverityId, int ecsSeverity) {
        this.label = label;
        this.ocsfSeverityId = ocsfSeverityId;
        this.ecsSeverity = ecsSeverity;
    }

    /** "Low", "Medium", "High": the native alert's {@code severity} field. */
    public String label() {
        return label;
    }

    /** OCSF {@code severity_id}: 2 Low, 3 Medium, 4 High (1 Informational and 5 Critical are not used). */
    public int ocsfSeverityId() {
        return ocsfSeverityId;
    }

    /** ECS {@code event.severity}: Elastic's default risk score of the level (21 low, 47 medium, 73 high). */
    public int ecsSeverity() {
        return ecsSeverity;
    }

    public boolean atLeast(Severity min) {
        return compareTo(min) >= 0;
    }

    /** {@code low}, {@code medium} or {@code high}, any case; IllegalArgumentException naming the choices otherwise. */
    public static Severity parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Severity s : values()) if (s.name().equals(t)) return s;
        throw new IllegalArgumentException("must be low, medium or high, got '" + text + "'");
    }

    /** "3 High, 1 Medium, 863 Low": every level, highest first, absent ones as 0. */
    public static String summary(Map<Severity, Long> counts) {
        StringBuilder sb = new StringBuilder();
        for (int i = values().length - 1; i >= 0; i--) {
            Severity s = values()[i];
            if (sb.length() > 0) sb.append(", ");
            sb.append(String.format(Locale.ROOT, "%,d %s", counts.getOrDefault(s, 0L), s.label));
        }
        return sb.toString();
    }
}
