package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.Reasons;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The pieces of the Log Analytics portal's CSV export: RFC 4180 fields (a field in double quotes may hold commas,
 * line breaks and doubled quotes) and datetime values written {@code M/d/yyyy, h:mm:ss.SSS AM}.
 */
public final class CsvExport {
    /** The suffix of a datetime column's name in an export in UTC. */
    public static final String UTC = " [UTC]";
    /** The suffix of a datetime column's name in an export in the viewer's local time. */
    public static final String LOCAL_TIME = " [Local Time]";

    private CsvExport() {}

    /** Receives the fields of one record. */
    interface Fields {
        /** Field {@code column} is {@code text}; an empty field is not reported. */
        void field(int column, String text) throws BadRecordException;
    }

    /**
     * Splits one complete record, reporting each non-empty field of a column {@code wanted} marks (every column when
     * {@code wanted} is null) to {@code out}; fields of other columns are not copied.
     *
     * @return the number of fields
     * @throws BadRecordException for a quote in an unquoted field or text after a closing quote
     */
    static int split(String record, boolean[] wanted, Fields out) throws BadRecordException {
        int n = record.length();
        int column = 0;
        int i = 0;
        while (true) {
            boolean want = wanted == null || (column < wanted.length && wanted[column]);
            int end;
            if (i < n && record.charAt(i) == '"') {
                StringBuilder unescaped = null;
                int start = i + 1;
                int j = start;
                while (true) {
                    int q = record.indexOf('"', j);
                    if (q < 0) throw new BadRecordException("unterminated quoted CSV field in column " + (column + 1));
                    if (q + 1 < n && record.charAt(q + 1) == '"') {
                        if (want) {
                            if (unescaped == null) unescaped = new StringBuilder(q - start + 16);
                            unescaped.append(record, j, q + 1);
                        }
                        j = q + 2;
                        continue;
                    }
                    if (want) {
                        String text = unescaped == null ? record.substring(start, q) : unescaped.append(record, j, q).toString();
                        if (!text.isEmpty()) out.field(column, text);
                    }
                    end = q + 1;
                    break;
                }
                if (end < n && record.charAt(end) != ',') {
                    throw new BadRecordException("text after a closing quote in CSV column " + (column + 1));
                }
            } else {
                end = record.indexOf(',', i);
                if (end < 0) end = n;
                int quote = record.indexOf('"', i);
                if (quote >= 0 && quote < end) throw new BadRecordException("quote inside an unquoted CSV field in column " + (column + 1));
                if (want && end > i) out.field(column, record.substring(i, end));
            }
            column++;
            if (end >= n) return column;
            i = end + 1;
        }
    }

    /**
     * Whether {@code text} ends outside a quoted field: a quote opens one only at the start of a field (a stray quote
     * inside an unquoted field is the row's defect, reported by {@link #split}), so an open one means the field goes
     * on in the next line.
     */
    static boolean balanced(CharSequence text) {
        boolean quoted = false;
        boolean fieldStart = true;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') i++;
                    else quoted = false;
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else {
                fieldStart = c == ',';
            }
        }
        return !quoted;
    }

    /**
     * Epoch milliseconds of an export's datetime value, {@code 9/25/2023, 11:40:20.066 AM} (the fraction is optional,
     * up to 9 digits, truncated to the millisecond).
     *
     * @param zone null for a {@value #UTC} column, else the zone a {@value #LOCAL_TIME} column was written in
     * @param column the column's name, for the reason
     */
    public static long millis(String text, ZoneId zone, String column) throws BadRecordException {
        long m = parse(text, zone);
        if (m == Long.MIN_VALUE) throw new BadRecordException("unparsable " + column + " " + Reasons.quote(text));
        return m;
    }

    private static long parse(String s, ZoneId zone) {
        int n = s.length();
        int[] pos = {0};
        int month = number(s, pos, 1, 2);
        if (month < 0 || !expect(s, pos, '/')) return Long.MIN_VALUE;
        int day = number(s, pos, 1, 2);
        if (day < 0 || !expect(s, pos, '/')) return Long.MIN_VALUE;
        int year = number(s, pos, 4, 4);
        if (year < 0 || !expect(s, pos, ',') || !expect(s, pos, ' ')) return Long.MIN_VALUE;
        int hour = number(s, pos, 1, 2);
        if (hour < 0 || !expect(s, pos, ':')) return Long.MIN_VALUE;
        int minute = number(s, pos, 2, 2);
        if (minute < 0 || !expect(s, pos, ':')) return Long.MIN_VALUE;
        int second = number(s, pos, 2, 2);
        if (second < 0) return Long.MIN_VALUE;
        int millis = 0;
        if (pos[0] < n && s.charAt(pos[0]) == '.') {
            int start = ++pos[0];
            while (pos[0] < n && s.charAt(pos[0]) >= '0' && s.charAt(pos[0]) <= '9') {
                if (pos[0] - start < 3) millis = millis * 10 + (s.charAt(pos[0]) - '0');
                pos[0]++;
            }
            int count = pos[0] - start;
            if (count < 1 || count > 9) return Long.MIN_VALUE;
            for (int k = count; k < 3; k++) millis *= 10;
        }
        if (!expect(s, pos, ' ') || pos[0] + 2 != n || (s.charAt(n - 1) != 'M' && s.charAt(n - 1) != 'm')) return Long.MIN_VALUE;
        char half = Character.toUpperCase(s.charAt(n - 2));
        if ((half != 'A' && half != 'P') || hour < 1 || hour > 12 || minute > 59 || second > 59) return Long.MIN_VALUE;
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) return Long.MIN_VALUE;
        int hour24 = hour % 12 + (half == 'P' ? 12 : 0);
        if (zone == null) {
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return ((days * 24 + hour24) * 60 + minute) * 60_000L + second * 1_000L + millis;
        }
        try {
            // An hour that occurs twice at the end of summer time takes its earlier offset, as java.time does.
            return LocalDateTime.of(year, month, day, hour24, minute, second).atZone(zone).toInstant().toEpochMilli() + millis;
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int number(String s, int[] pos, int min, int max) {
        int i = pos[0];
        int v = 0;
        while (i < s.length() && i - pos[0] < max && s.charAt(i) >= '0' && s.charAt(i) <= '9') v = v * 10 + (s.charAt(i++) - '0');
        if (i - pos[0] < min) return -1;
        pos[0] = i;
        return v;
    }

    private static boolean expect(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) return false;
        pos[0]++;
        return true;
    }
}
