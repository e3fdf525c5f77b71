package dev.dnshunter.exclusions;

import dev.dnshunter.event.Reasons;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an analysts' exclusion list, YAML or JSON:
 *
 * <pre>
 * exclusions:
 *   - domain: backup.example.com
 *     comment: nightly backup resolves through 8.8.8.8
 *     expires: 2027-01-31T00:00:00Z
 *   - address: 10.20.0.0/16
 *     comment: Zabbix proxies
 *   - host: mail01.corp.contoso.com
 *     comment: SPF/DKIM/DMARC checks
 *     id: mail01-txt
 * </pre>
 *
 * <p>Strict on purpose: an unknown key, a missing comment or a duplicate id rejects the whole list with the line to fix,
 * because a typo that silently excludes nothing, or something else, is worse than a job that refuses to start.
 */
public final class ExclusionFile {
    static final String ROOT_KEY = "exclusions";

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final int MAX_MESSAGE = 120;

    private ExclusionFile() {}

    /** {@link #load(Path, Guardrails)} with the DEFAULT mode's guardrails. */
    public static List<ExclusionEntry> load(Path file) throws ExclusionFormatException {
        return load(file, Guardrails.defaults());
    }

    /**
     * The entries of {@code file}, read as JSON when its name ends in {@code .json} and as YAML otherwise.
     *
     * @param guard refuses entries broader than it allows unless they say {@code force: true}
     */
    public static List<ExclusionEntry> load(Path file, Guardrails guard) throws ExclusionFormatException {
        String source = file.toString();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ExclusionFormatException(source, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ExclusionFormatException(source, 0, "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Reasons.shorten(e.getMessage(), MAX_MESSAGE)));
        }
        return parse(text, source, guard);
    }

    /**
     * The entries in {@code text}, in file order.
     *
     * @param sourceName names the input in error messages; a name ending in {@code .json} selects the JSON parser,
     *     whose syntax errors are clearer for JSON than YAML's (which would accept most of it too)
     */
    public static List<ExclusionEntry> parse(String text, String sourceName) throws ExclusionFormatException {
        return parse(text, sourceName, Guardrails.defaults());
    }

    /** {@link #parse(String, String)} with the breadth limits of {@code guard}. */
    public static List<ExclusionEntry> parse(String text, String sourceName, Guardrails guard)
            throws ExclusionFormatException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        boolean json = sourceName != null && sourceName.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonFactory factory = json ? JSON : YAML;
        Reader reader = new Reader(sourceName, guard);
        try {
            // Syntax first: a broken indent ends a mapping early, and the entry it cut short would otherwise be
            // reported as missing its comment instead of as the indentation error it is.
            try (JsonParser p = factory.createParser(text)) {
                while (p.nextToken() != null) {
                    reader.noteLine(p);
                }
            }
            reader.lastLine = 1;
            try (JsonParser p = factory.createParser(text)) {
                return reader.read(p);
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(sourceName, e);
        } catch (IOException | RuntimeException e) {
            // Reading a String cannot fail; this is whatever else the YAML library throws (limits, odd constructs).
            throw new ExclusionFormatException(sourceName, reader.lastLine,
                    "cannot parse: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage())));
        }
    }

    private static ExclusionFormatException syntaxError(String source, JsonProcessingException e) {
        // SnakeYAML knows where the problem is; Jackson's own location for it is the last good token.
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
            int line = m.getProblemMark() != null ? m.getProblemMark().getLine() + 1 : lineOf(e.getLocation());
            String problem = m.getProblem() != null ? m.getProblem() : m.getMessage();
            return new ExclusionFormatException(source, line, "YAML syntax error: " + firstLine(problem));
        }
        return new ExclusionFormatException(source, lineOf(e.getLocation()),
                "syntax error: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int newline = message.indexOf('\n');
        return Reasons.shorten((newline < 0 ? message : message.substring(0, newline)).trim(), MAX_MESSAGE);
    }

    private static int lineOf(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    /** One pass over the token stream; remembers the last line seen so that any failure can point somewhere. */
    private static final class Reader {
        private final String source;
        private final EntryFields fields = new EntryFields();
        private final Set<String> ids = new HashSet<>();
        private final Guardrails guard;
        int lastLine = 1;

        Reader(String source, Guardrails guard) {
            this.source = source;
            this.guard = java.util.Objects.requireNonNull(guard, "guard");
        }

        List<ExclusionEntry> read(JsonParser p) throws IOException, ExclusionFormatException {
            JsonToken t = next(p);
            // A file of nothing but comments has no document at all; it excludes nothing, which is safe.
            if (t == null) return Collections.emptyList();
            if (t != JsonToken.START_OBJECT) {
                throw error("expected a mapping with the key \"" + ROOT_KEY + "\"");
            }
            int rootLine = lastLine;
            List<ExclusionEntry> entries = null;
            while ((t = next(p)) != JsonToken.END_OBJECT) {
                String key = p.currentName();
                if (!ROOT_KEY.equals(key)) throw error("unknown key " + Reasons.quote(key));
                if (entries != null) throw error("duplicate key " + Reasons.quote(key));
                int keyLine = lastLine;
                entries = new ArrayList<>();
                t = next(p);
                if (t == JsonToken.VALUE_NULL) continue;
                if (t != JsonToken.START_ARRAY) {
                    throw new ExclusionFormatException(source, keyLine, ROOT_KEY + " must be a list");
                }
                while ((t = next(p)) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) throw error("each exclusion must be a mapping");
                    entries.add(readEntry(p));
                }
            }
            if (entries == null) {
                throw new ExclusionFormatException(source, rootLine, "missing key \"" + ROOT_KEY + "\"");
            }
            if (next(p) != null) throw error("unexpected content after the exclusion list (a second document?)");
            return entries;
        }

        private ExclusionEntry readEntry(JsonParser p) throws IOException, ExclusionFormatException {
            fields.reset(lastLine);
            JsonToken t;
            while ((t = next(p)) != JsonToken.END_OBJECT) {
                String key = p.currentName();
                int field = EntryFields.indexOf(key);
                if (field < 0) throw error("unknown key " + Reasons.quote(key));
                if (fields.isPresent(field)) throw error("duplicate key " + Reasons.quote(key));
                int keyLine = lastLine;
                t = next(p);
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    throw new ExclusionFormatException(source, keyLine,
                            key + " must be a single value, not a list or mapping");
                }
                fields.set(field, t == JsonToken.VALUE_NULL ? null : p.getText(), keyLine);
            }
            ExclusionEntry entry;
            try {
                entry = fields.build(guard);
            } catch (EntryException e) {
                throw new ExclusionFormatException(source, e.line, e.getMessage());
            }
            int idLine = fields.line(EntryFields.ID);
            // Two entries for one domain collide here too, through their default ids; one of them is a leftover.
            if (!ids.add(entry.id)) {
                throw new ExclusionFormatException(source, idLine, "duplicate id " + Reasons.quote(entry.id));
            }
            return entry;
        }

        private JsonToken next(JsonParser p) throws IOException, ExclusionFormatException {
            JsonToken t = p.nextToken();
            noteLine(p);
            // Jackson's streaming YAML reader hands over an alias as its name, not the value it stands for.
            if (p instanceof YAMLParser y && y.isCurrentAlias()) throw error("YAML aliases (*name) are not supported");
            return t;
        }

        void noteLine(JsonParser p) {
            int line = lineOf(p.currentTokenLocation());
            if (line > 0) lastLine = line;
        }

        private ExclusionFormatException error(String reason) {
            return new ExclusionFormatException(source, lastLine, reason);
        }
    }
}
