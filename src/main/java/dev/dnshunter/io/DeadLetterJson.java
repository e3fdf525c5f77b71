package dev.dnshunter.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.event.DeadLetter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Dead letters as JSON lines: {"source":…,"reason":…,"record":…}; the record is kept whole so it can be replayed,
 * unless it was over the output limit: then "record" is a prefix and "truncated", "recordLength" (bytes) and
 * "recordSha256" follow. When the record's exact bytes are kept (a line that is not valid UTF-8, whose "record" shows
 * U+FFFD where the bytes were invalid), they follow as "recordBase64".
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
            if (d.originalLength >= 0) {
                g.writeBooleanField("truncated", true);
                g.writeNumberField("recordLength", d.originalLength);
                g.writeStringField("recordSha256", d.originalSha256);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
