package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FileScopedParser;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.event.LineParser;
import java.time.ZoneId;

/**
 * The lines of one file of a Sentinel table, in either encoding the table leaves the workspace in: JSON lines (the
 * Log Analytics API, the table parsers as they are) or the portal's CSV export. Which one is decided per file by its
 * first non-blank line: a CSV header names a {@code TimeGenerated [UTC]} or {@code TimeGenerated [Local Time]}
 * column; anything else makes the file JSON lines, read exactly as before.
 *
 * <p>A CSV file's header line is skipped ({@value #CSV_HEADER}); its columns are matched by name (the datetime
 * suffix removed) to the table parser's, extra columns are ignored, an empty field is no value. A record whose
 * quoted field goes on over line breaks is read as one record at its last line, the lines before it skipped
 * ({@value #CONTINUED}). An export in local time needs the zone it was written in ({@code --csv-time-zone}): without
 * it the header line is a dead letter that says so, and every other line of the file is skipped
 * ({@value #REFUSED}). Records that arrive one by one (Kafka) are JSON only.
 */
public final class SentinelFileParser<T> implements FileScopedParser<T>, CsvExport.Fields {
    private static final long serialVersionUID = 1L;

    public static final String CSV_HEADER = "CSV header";
    public static final String BLANK = "blank line";
    public static final String CONTINUED = "CSV record continues on the next line";
    public static final String REFUSED = "file refused: local-time CSV export without --csv-time-zone";
    /** Longest CSV record over several lines, in characters; a longer one is a dead letter. */
    static final int MAX_RECORD_CHARS = 4 << 20;

    private static final byte UNDECIDED = 0;
    private static final byte JSON = 1;
    private static final byte CSV = 2;
    private static final byte REFUSED_FILE = 3;

    private final SentinelTableParser<T> table;
    /** The zone of a local-time export, or null when none was given. */
    private final String zoneId;

    private byte kind = UNDECIDED;
    private transient ZoneId zone;
    /** For each CSV column, the table parser's column it fills, or -1. */
    private int[] target;
    private boolean[] wanted;
    private int headerFields;
    private int timeColumn = -1;
    private String timeColumnName;
    private boolean localTime;
    private StringBuilder pending;
    private String skipped;

    /** @param zoneId the zone local-time exports were written in ({@code --csv-time-zone}), or null */
    public SentinelFileParser(SentinelTableParser<T> table, String zoneId) {
        this.table = table;
        this.zoneId = zoneId;
    }

    @Override
    public T parse(String line) throws BadRecordException {
        if (kind == JSON) return table.parse(line);
        skipped = null;
        if ((line == null || line.isBlank()) && pending == null) {
            skipped = BLANK;
            return null;
        }
        if (kind == UNDECIDED) {
            String first = line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
            if (!header(first)) {
                kind = JSON;
                return table.parse(line);
            }
            skipped = CSV_HEADER;
            return null;
        }
        if (kind == REFUSED_FILE) {
            skipped = REFUSED;
            return null;
        }
        String record = line;
        if (pending != null) {
            pending.append('\n').append(line);
            if (pending.length() > MAX_RECORD_CHARS) {
                pending = null;
                throw new BadRecordException("CSV record over " + MAX_RECORD_CHARS + " characters (unterminated quoted field?)");
            }
            if (!CsvExport.balanced(pending)) {
                skipped = CONTINUED;
                return null;
            }
            record = pending.toString();
            pending = null;
        } else if (!CsvExport.balanced(line)) {
            pending = new StringBuilder(line);
            skipped = CONTINUED;
            return null;
        }
        return row(record);
    }

    /** Once the file's first line made it JSON lines: every later line is the table parser's, as it is. */
    @Override
    public boolean parsesBytes() {
        return kind == JSON;
    }

    @Override
    public T parse(byte[] ascii, int offset, int length) throws BadRecordException {
        if (kind == JSON) return table.parse(ascii, offset, length);
        return parse(new String(ascii, offset, length, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private T row(String record) throws BadRecordException {
        table.row().clear();
        int fields = CsvExport.split(record, wanted, this);
        if (fields != headerFields) {
            throw new BadRecordException("CSV row of " + fields + " fields, its header has " + headerFields);
        }
        return table.fromRow();
    }

    /** One wanted field of the current record, into the table parser's row. */
    @Override
    public void field(int column, String text) throws BadRecordException {
        if (column == timeColumn) {
            table.row().putTime(target[column], text, CsvExport.millis(text, localTime ? zone() : null, timeColumnName));
        } else {
            table.row().putText(target[column], text);
        }
    }

    /** Reads a CSV header, or returns false when the line is not one. */
    /**
     * JSON rows as the table parser recognizes them, or a portal CSV export whose header names the columns the table
     * parser would recognize in a JSON row (the {@code [UTC]} / {@code [Local Time]} suffixes removed).
     */
    @Override
    public boolean recognizes(java.util.List<String> firstLines) {
        if (table.recognizes(firstLines)) return true;
        if (firstLines.isEmpty()) return false;
        String first = firstLines.get(0);
        if (first.isEmpty() || first.charAt(0) == '{' || !first.contains("TimeGenerated [")) return false;
        com.fasterxml.jackson.databind.node.ObjectNode keys = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        try {
            CsvExport.split(first, null, (column, text) -> keys.put(text.replace(CsvExport.UTC, "").replace(CsvExport.LOCAL_TIME, ""), ""));
        } catch (BadRecordException e) {
            return false;
        }
        return table.recognizes(java.util.List.of(keys.toString()));
    }

    private boolean header(String line) throws BadRecordException {
        if (line.charAt(0) == '{' || !line.contains("TimeGenerated [")) return false;
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            CsvExport.split(line, null, (column, text) -> {
                while (names.size() < column) names.add("");
                names.add(text);
            });
        } catch (BadRecordException e) {
            return false;
        }
        int time = -1;
        boolean local = false;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals("TimeGenerated" + CsvExport.UTC)) time = i;
            if (names.get(i).equals("TimeGenerated" + CsvExport.LOCAL_TIME)) {
                time = i;
                local = true;
            }
        }
        if (time < 0) return false;
        headerFields = names.size();
        target = new int[headerFields];
        wanted = new boolean[headerFields];
        JsonRow row = table.row();
        for (int i = 0; i < headerFields; i++) {
            target[i] = row.column(bare(names.get(i)));
            wanted[i] = target[i] >= 0;
        }
        timeColumn = time;
        timeColumnName = names.get(time);
        localTime = local;
        if (local && zoneId == null) {
            kind = REFUSED_FILE;
            throw new BadRecordException("CSV export in local time (" + timeColumnName + "): give the zone it was "
                    + "exported in with --csv-time-zone ZONE (e.g. Europe/Berlin); the file's rows are skipped");
        }
        kind = CSV;
        return true;
    }

    /** A column's name without the export's datetime suffix. */
    private static String bare(String name) {
        if (name.endsWith(CsvExport.UTC)) return name.substring(0, name.length() - CsvExport.UTC.length());
        if (name.endsWith(CsvExport.LOCAL_TIME)) return name.substring(0, name.length() - CsvExport.LOCAL_TIME.length());
        return name;
    }

    private ZoneId zone() {
        if (zone == null) zone = ZoneId.of(zoneId);
        return zone;
    }

    @Override
    public long skippedRowTime() {
        return skipped == null ? table.skippedRowTime() : Long.MIN_VALUE;
    }

    @Override
    public String skippedReason() {
        return skipped == null ? table.skippedReason() : skipped;
    }

    @Override
    public SentinelFileParser<T> forNewFile() {
        return new SentinelFileParser<>(table.copy(), zoneId);
    }

    @Override
    public LineParser<T> forRecords() {
        return table.copy();
    }
}
