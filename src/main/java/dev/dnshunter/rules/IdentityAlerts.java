package dev.dnshunter.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What the alerts of one identity (a client address or a host name) share: the identity's field name, the alert
 * record and the JSON object, envelope and identity first. Static, so the alert classes keep their own fields.
 */
public final class IdentityAlerts {
    private static final JsonFactory JSON = new JsonFactory();

    private IdentityAlerts() {}

    /** The alert's fields after the identity, in JSON order. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code clientIp} for an address, {@code host} for a host name: the JSON field and the alert id's part. */
    public static String identityField(boolean byAddress) {
        return byAddress ? "clientIp" : "host";
    }

    /** The record of an alert of {@code identity}: its JSON, severity, first event time and names. */
    public static AlertRecord record(String rule, Severity severity, String alertId, long time, String json, boolean byAddress,
            String identity, long firstEventTime, String[] names) {
        AlertRecord r = new AlertRecord(rule, alertId, time, json);
        if (byAddress) r.address = identity; else r.host = identity;
        r.names = names;
        r.firstEventTime = firstEventTime;
        r.severity = severity;
        return r;
    }

    /** The alert's JSON object: the envelope, the identity (cut), then {@code fields}. */
    public static String json(String rule, Severity severity, String alertId, long time, String[] mitreTechniques,
            boolean byAddress, String identity, Fields fields) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            AlertJson.envelope(g, rule, severity, alertId, time, mitreTechniques);
            g.writeStringField(identityField(byAddress), AlertJson.cut(identity));
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** An array field of names, each cut. */
    public static void names(JsonGenerator g, String field, String[] names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String n : names) g.writeString(AlertJson.cut(n));
        g.writeEndArray();
    }
}
