package dev.dnshunter.exclusions;

import dev.dnshunter.event.Reasons;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.TimeGenerated;
import java.io.IOException;

/**
 * Parses one line of the exclusion change stream:
 *
 * <pre>
 * {"time":"2026-11-20T10:00:00Z","op":"add","domain":"x.example","comment":"...","expires":"...","id":"..."}
 * {"time":"2026-11-20T12:00:00Z","op":"remove","id":"domain:x.example","author":"alice"}
 * </pre>
 *
 * <p>An addition broader than the {@link Guardrails} allow (a public suffix, a wide range) is refused unless it says
 * {@code "force":true}. The author comes from the record's author header when there is one (a field that disagrees
 * with it is refused: the header is what the platform vouches for), otherwise from the {@code author} field.
 *
 * <p>The rules are the exclusion file's: unknown or repeated keys and missing comments are bad records, since a change
 * that is quietly half-applied would leave alerts suppressed or raised without anyone knowing why.
 */
public final class ExclusionChangeParser implements LineParser<ExclusionChange> {
    private static final long serialVersionUID = 1L;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int MAX_MESSAGE = 120;

    private static final String TIME = "time";
    private static final String OP = "op";

    private final Guardrails guard;

    /** Working storage reused across lines; rebuilt empty after deserialization. */
    private transient EntryFields fields;

    /** With the DEFAULT mode's guardrails. */
    public ExclusionChangeParser() {
        this(Guardrails.defaults());
    }

    public ExclusionChangeParser(Guardrails guard) {
        this.guard = java.util.Objects.requireNonNull(guard, "guard");
    }

    /**
     * @return the change, or null for a blank line
     * @throws BadRecordException with a short reason naming the offending field
     */
    @Override
    public ExclusionChange parse(String line) throws BadRecordException {
        return parse(line, null);
    }

    /**
     * @param headerAuthor the author the transport vouches for (a Kafka header), or null if it says nothing
     * @return the change, or null for a blank line
     * @throws BadRecordException with a short reason naming the offending field
     */
    public ExclusionChange parse(String line, String headerAuthor) throws BadRecordException {
        if (line == null || line.isBlank()) return null;
        if (line.charAt(0) == '\uFEFF') line = line.substring(1);
        if (fields == null) fields = new EntryFields();
        fields.reset(0);
        String time = null;
        String op = null;
        boolean timeSeen = false;
        boolean opSeen = false;
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException("not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) throw new BadRecordException("not a JSON object");
                String key = p.currentName();
                boolean isTime = TIME.equals(key);
                boolean isOp = OP.equals(key);
                int field = EntryFields.indexOf(key);
                if (!isTime && !isOp && field < 0) throw new BadRecordException("unknown key " + Reasons.quote(key));
                if (isTime ? timeSeen : isOp ? opSeen : fields.isPresent(field)) {
                    throw new BadRecordException("duplicate key " + Reasons.quote(key));
                }
                t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    throw new BadRecordException(key + " must be a single value, not a list or mapping");
                }
                String value = t == JsonToken.VALUE_NULL ? null : p.getText();
                if (isTime) {
                    timeSeen = true;
                    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL) {
                        throw new BadRecordException("unparsable time " + Reasons.shorten(value, Reasons.MAX_QUOTED));
                    }
                    time = value;
                } else if (isOp) {
                    opSeen = true;
                    op = value;
                } else {
                    fields.set(field, value, 0);
                }
            }
            if (hasTrailingData(p)) throw new BadRecordException("trailing data after JSON object");
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + Reasons.shorten(e.getOriginalMessage(), MAX_MESSAGE));
        } catch (IOException | RuntimeException e) {
            // A String source cannot fail to read; this is for whatever else the library might throw.
            throw new BadRecordException("invalid JSON: " + e.getClass().getSimpleName());
        }
        ExclusionChange change = build(time, op);
        change.author = author(headerAuthor);
        if (change.entry != null) change.entry.author = change.author;
        return change;
    }

    private String author(String headerAuthor) throws BadRecordException {
        try {
            String field = fields.author();
            if (headerAuthor == null) return field;
            String header = EntryFields.checkedAuthor(headerAuthor, 0);
            if (field != null && !field.equals(header)) {
                throw new BadRecordException("author " + Reasons.quote(field) + " differs from the author header "
                        + Reasons.quote(header));
            }
            return header;
        } catch (EntryException e) {
            throw new BadRecordException(e.getMessage());
        }
    }

    private static boolean hasTrailingData(JsonParser p) {
        try {
            return p.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    private ExclusionChange build(String timeText, String op) throws BadRecordException {
        if (timeText == null) throw new BadRecordException("missing time");
        long time;
        try {
            time = TimeGenerated.parseMillis(timeText);
        } catch (BadRecordException e) {
            // Its reason names TimeGenerated, a column this input does not have.
            throw new BadRecordException("unparsable time " + Reasons.quote(timeText));
        }
        if (op == null) throw new BadRecordException("missing op");
        switch (op) {
            case ExclusionChange.ADD:
                try {
                    return ExclusionChange.add(time, fields.build(guard));
                } catch (EntryException e) {
                    throw new BadRecordException(e.getMessage());
                }
            case ExclusionChange.REMOVE:
                for (int f = 0; f < EntryFields.KEYS.length; f++) {
                    if (f != EntryFields.ID && f != EntryFields.AUTHOR && fields.isPresent(f)) {
                        throw new BadRecordException("remove takes only time, op, id and author, not "
                                + Reasons.quote(EntryFields.KEYS[f]));
                    }
                }
                if (!fields.isPresent(EntryFields.ID)) throw new BadRecordException("missing id");
                String id = fields.value(EntryFields.ID);
                if (id == null || id.isBlank()) throw new BadRecordException("id must not be blank");
                return ExclusionChange.remove(time, id.trim());
            default:
                throw new BadRecordException("unknown op " + Reasons.quote(op) + " (expected add or remove)");
        }
    }
}
