package dev.dnshunter.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the first lines of a file show about its format, for {@link LineParser#recognizes}: the top-level keys of its
 * JSON lines, the {@code #path} of a Zeek TSV header.
 */
public final class FirstLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private FirstLines() {}

    /** The top-level keys of a JSON object line (those before any syntax error); empty when it is not one. */
    public static Set<String> jsonKeys(String line) {
        Set<String> keys = new HashSet<>();
        String s = line == null ? "" : line.strip();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') s = s.substring(1);
        if (!s.startsWith("{")) return keys;
        try (JsonParser p = FACTORY.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return keys;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            // A truncated or malformed line still names the keys before the fault.
        }
        return keys;
    }

    /**
     * Whether some line is a JSON object with every key of {@code all} and, when {@code anyOf} is not empty, at least
     * one of {@code anyOf}.
     */
    public static boolean anyJsonWith(List<String> lines, List<String> all, List<String> anyOf) {
        for (String line : lines) {
            Set<String> keys = jsonKeys(line);
            if (keys.containsAll(all) && (anyOf.isEmpty() || anyOf.stream().anyMatch(keys::contains))) return true;
        }
        return false;
    }

    /** The value of a Zeek TSV header's {@code #path} line ({@code dns}, {@code conn}), or null without one. */
    public static String zeekPath(List<String> lines) {
        for (String line : lines) {
            if (!line.startsWith("#path")) continue;
            String rest = line.substring("#path".length());
            if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0))) continue;
            return rest.strip();
        }
        return null;
    }
}
