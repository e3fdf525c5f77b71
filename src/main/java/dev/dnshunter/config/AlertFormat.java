package dev.dnshunter.config;

import java.util.Locale;

/** The document every written alert is: chosen with {@code --alert-format}, the same for files and topics. */
public enum AlertFormat {
    /** Our own JSON (README "Alert format"): the default, unchanged. */
    NATIVE("native"),
    /** An OCSF Detection Finding (class 2004, activity Create). */
    OCSF("ocsf"),
    /** An Elastic Common Schema alert document ({@code event.kind: alert}). */
    ECS("ecs");

    private final String id;

    AlertFormat(String id) {
        this.id = id;
    }

    /** {@code native}, {@code ocsf} or {@code ecs}: the flag's value. */
    public String id() {
        return id;
    }

    /** Any case; IllegalArgumentException naming the choices otherwise. */
    public static AlertFormat parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (AlertFormat f : values()) if (f.id.equals(t)) return f;
        throw new IllegalArgumentException("must be native, ocsf or ecs, got '" + text + "'");
    }
}
