package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders Log Analytics JSON rows as the portal's CSV export of their table: a header of quoted column names with the
 * datetime column named {@code TimeGenerated [UTC]} (or {@code [Local Time]}), times as {@code M/d/yyyy, h:mm:ss.SSS
 * AM}, every value as text, no value as an empty field, RFC 4180 quoting (a field with a comma, quote or line break
 * in double quotes, quotes doubled).
 */
public final class SentinelCsvWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss.SSS a", Locale.US);
    private static final String TIME_GENERATED = "TimeGenerated";

    private SentinelCsvWriter() {}

    /** The rows in UTC, with the columns of every row in the order they first appear, {@code TenantId} first. */
    public static List<String> export(List<String> jsonRows) {
        return export(jsonRows, null);
    }

    /** @param zone null for an export in UTC, else the zone of a {@code [Local Time]} export */
    public static List<String> export(List<String> jsonRows, ZoneId zone) {
        List<JsonNode> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        columns.add("TenantId");
        try {
            for (String line : jsonRows) {
                JsonNode row = JSON.readTree(line);
                rows.add(row);
                row.fieldNames().forEachRemaining(columns::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String suffix = zone == null ? " [UTC]" : " [Local Time]";
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (String c : columns) {
            if (header.length() > 0) header.append(',');
            header.append(quoted(TIME_GENERATED.equals(c) ? c + suffix : c));
        }
        lines.add(header.toString());
        for (JsonNode row : rows) {
            StringBuilder b = new StringBuilder();
            boolean first = true;
            for (String c : columns) {
                if (!first) b.append(',');
                first = false;
                JsonNode v = row.get(c);
                if ("TenantId".equals(c) && v == null) {
                    b.append("b1e0c3a2-0000-4000-8000-000000000001");
                } else if (v == null || v.isNull()) {
                    continue;
                } else if (TIME_GENERATED.equals(c)) {
                    b.append(field(time(v.asText(), zone)));
                } else {
                    b.append(field(v.isValueNode() ? v.asText() : v.toString()));
                }
            }
            lines.add(b.toString());
        }
        return lines;
    }

    /** An ISO instant in the export's form; any other text as it is (how a test writes a broken time). */
    private static String time(String text, ZoneId zone) {
        try {
            return TIME.format(Instant.parse(text).atZone(zone == null ? ZoneOffset.UTC : zone));
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    /** A value as a CSV field: quoted only when it must be. */
    static String field(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') return quoted(text);
        }
        return text;
    }

    static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
