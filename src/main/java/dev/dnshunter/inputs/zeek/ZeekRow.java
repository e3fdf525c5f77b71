package dev.dnshunter.inputs.zeek;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.Reasons;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of a Zeek log, in either of Zeek's encodings: the ASCII writer's TSV (whose {@code #} header lines name
 * the columns, so a row means something only after its file's header) or JSON (flat keys, both {@code id.orig_h} and
 * the {@code id_orig_h} spelling some pipelines write). Holds the values of the fields it was asked for; an unset
 * field is null.
 */
final class ZeekRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = new JsonFactory();

    private final String path;
    private final String[] names;
    private final boolean tsvAllowed;

    // The current file's header (TSV); the defaults are the ASCII writer's.
    private String separator = "\t";
    private String setSeparator = ",";
    private String emptyField = "(empty)";
    private String unsetField = "-";
    private String filePath;
    /** For each TSV column, the index of the wanted field it holds, or -1; null until #fields is read. */
    private int[] columns;

    private final String[] values;
    private final List<String>[] lists;

    /**
     * @param path the log's {@code #path} ({@code dns}, {@code conn}): a TSV file of another log is refused
     * @param tsvAllowed whether TSV rows may come (false for records that arrive one by one, without their file)
     * @param names the fields wanted, by their dotted names
     */
    @SuppressWarnings("unchecked")
    ZeekRow(String path, boolean tsvAllowed, String... names) {
        this.path = path;
        this.tsvAllowed = tsvAllowed;
        this.names = names.clone();
        this.values = new String[names.length];
        this.lists = new List[names.length];
    }

    /** A row reader of the same fields with no header read. */
    ZeekRow fresh(boolean tsv) {
        return new ZeekRow(path, tsv, names);
    }

    /**
     * Reads a line, replacing the previous row's values.
     *
     * @return false for a blank line or a header line (which only changes how the following rows are read)
     */
    boolean read(String line) throws BadRecordException {
        Arrays.fill(values, null);
        Arrays.fill(lists, null);
        if (line == null || line.isBlank()) return false;
        if (line.charAt(0) == '\uFEFF') line = line.substring(1);
        char first = line.charAt(0);
        if (first == '{') {
            readJson(line);
            return true;
        }
        if (!tsvAllowed) throw new BadRecordException("not a JSON object (Zeek TSV needs its file's header; send Zeek JSON)");
        if (first == '#') {
            readHeader(line);
            return false;
        }
        readTsv(line);
        return true;
    }

    String value(int f) {
        return values[f];
    }

    /** A list field's items (empty for an empty list); null when unset. */
    List<String> list(int f) {
        return lists[f];
    }

    String name(int f) {
        return names[f];
    }

    private void readHeader(String line) throws BadRecordException {
        if (line.startsWith("#separator ")) {
            separator = unescape(line.substring("#separator ".length()));
            if (separator.isEmpty()) throw new BadRecordException("empty #separator");
            return;
        }
        String[] parts = split(line, separator);
        String key = parts[0];
        String first = parts.length > 1 ? parts[1] : "";
        switch (key) {
            case "#set_separator" -> setSeparator = unescape(first);
            case "#empty_field" -> emptyField = unescape(first);
            case "#unset_field" -> unsetField = unescape(first);
            case "#path" -> filePath = first;
            case "#fields" -> {
                columns = new int[parts.length - 1];
                for (int c = 1; c < parts.length; c++) columns[c - 1] = indexOf(parts[c]);
            }
            default -> { } // #open, #close, #types and comments say nothing about the values
        }
    }

    private void readTsv(String line) throws BadRecordException {
        if (filePath != null && !filePath.equals(path)) {
            throw new BadRecordException("a Zeek " + filePath + " log, not " + path);
        }
        if (columns == null) throw new BadRecordException("TSV row before its #fields header");
        String[] cells = split(line, separator);
        if (cells.length != columns.length) {
            throw new BadRecordException(cells.length + " columns, #fields names " + columns.length);
        }
        for (int c = 0; c < cells.length; c++) {
            int f = columns[c];
            if (f < 0) continue;
            String cell = cells[c];
            if (cell.equals(unsetField)) continue;
            if (cell.equals(emptyField)) {
                values[f] = "";
                lists[f] = List.of();
                continue;
            }
            values[f] = unescape(cell);
            String[] items = split(cell, setSeparator);
            List<String> list = new ArrayList<>(items.length);
            for (String item : items) list.add(unescape(item));
            lists[f] = list;
        }
    }

    private void readJson(String line) throws BadRecordException {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException("not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) throw new BadRecordException("invalid JSON");
                int f = indexOf(p.currentName());
                t = p.nextToken();
                if (f < 0) {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
                    continue;
                }
                switch (t) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values[f] = p.getText();
                    case VALUE_TRUE -> values[f] = "T";
                    case VALUE_FALSE -> values[f] = "F";
                    case VALUE_NULL -> { }
                    case START_ARRAY -> {
                        List<String> list = new ArrayList<>();
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                                throw new BadRecordException("unparsable " + names[f] + ": not a list of values");
                            }
                            list.add(p.getText());
                        }
                        lists[f] = list;
                        values[f] = String.join(",", list);
                    }
                    default -> throw new BadRecordException("unparsable " + names[f] + ": an object");
                }
            }
            if (p.nextToken() != null) throw new BadRecordException("trailing data after JSON object");
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + Reasons.shorten(e.getOriginalMessage(), 80));
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException("invalid JSON: " + e.getClass().getSimpleName());
        }
    }

    /** The wanted field a key names ({@code id_orig_h} is {@code id.orig_h}), or -1. */
    private int indexOf(String key) {
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n.equals(key)) return i;
            if (n.length() == key.length() && n.startsWith("id.") && key.startsWith("id_") && n.regionMatches(3, key, 3, n.length() - 3)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] split(String s, String sep) {
        if (s.indexOf(sep) < 0) return new String[] {s};
        List<String> parts = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = s.indexOf(sep, start)) >= 0) {
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts.toArray(new String[0]);
    }

    /** Zeek's escapes: {@code \xHH} for a byte (separators, unprintable bytes), {@code \\} for a backslash. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\\' && i + 3 < bytes.length && (bytes[i + 1] == 'x' || bytes[i + 1] == 'X')
                    && hex(bytes[i + 2]) >= 0 && hex(bytes[i + 3]) >= 0) {
                out.write(hex(bytes[i + 2]) * 16 + hex(bytes[i + 3]));
                i += 3;
            } else if (b == '\\' && i + 1 < bytes.length && bytes[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }
}
