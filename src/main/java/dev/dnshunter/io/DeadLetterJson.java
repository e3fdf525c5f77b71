package dev.dnshunter.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.event.DeadLetter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Dead letters as JSON lines: {"source":…,"reason":…,"record":…}; the record is kept whole so it can be replayed. When
 * the record's exact bytes are kept (a line that is not valid UTF-8, whose "record" shows U+FFFD where the bytes were
 * invalid), they follow as "recordBase64".
 */
public final class DeadLetterJson {
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterJson() {}

    public static String toJson(DeadLetter d) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("source", d.source);
            g.writeStringField("reason", d.reason);
            g.writeStringField("record", d.record);
            if (d.raw != null) g.writeStringField("recordBase64", Base64.getEncoder().encodeToString(d.raw));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
