package dev.dnshunter.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.alert.ExcludedAlert;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Excluded alerts as JSON lines: {"exclusion":id,"comment":…,"author":who wrote the entry or null,"alert":{the alert
 * as it would have been}}.
 */
public final class ExcludedAlertJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ExcludedAlertJson() {}

    public static String toJson(ExcludedAlert e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("exclusion", e.entryId);
            g.writeStringField("comment", e.entryComment);
            g.writeStringField("author", e.entryAuthor);
            g.writeFieldName("alert");
            g.writeRawValue(e.json);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }
}
