package dev.dnshunter.inputs.asim;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.event.Reasons;
import dev.dnshunter.net.IpAddress;

/** What the two ASIM tables share: the event time, optional integers and address columns. */
final class AsimColumns {
    private AsimColumns() {}

    /** A cell that is absent, or blank (a CSV export writes an empty cell for a null). */
    static boolean blank(JsonRow row, int f) {
        String t = row.text(f);
        return !row.isPresent(f) || (t != null && t.isBlank());
    }

    /**
     * The event time: {@code EventStartTime} when the row has it, else {@code TimeGenerated}. TimeGenerated is
     * checked on every row (every Log Analytics row has it), so a row skipped for its type still moves the watermark.
     */
    static long time(JsonRow row, int timeGenerated, int eventStartTime) throws BadRecordException {
        long generated = row.requiredTime(timeGenerated);
        if (blank(row, eventStartTime) || portalCsvTime(row.text(eventStartTime))) return generated;
        return row.requiredTime(eventStartTime);
    }

    /**
     * A datetime in the portal CSV export's form ({@code 11/20/2026, 10:15:30.123 AM}): only the file's
     * TimeGenerated column is read as one (in UTC or in the zone of a local-time export), so such a row's time is its
     * TimeGenerated.
     */
    private static boolean portalCsvTime(String text) {
        if (text == null) return false;
        String t = text.trim();
        return t.indexOf(',') > 0 && t.indexOf('/') > 0 && (t.endsWith("AM") || t.endsWith("PM"));
    }

    /** An optional integer column of 0..65535 (query type, response code, port); -1 when absent or blank. */
    static int optionalSmall(JsonRow row, int f) throws BadRecordException {
        return blank(row, f) ? -1 : row.requiredPort(f);
    }

    /** An address column: null when absent or blank, else it must be an IP address. */
    static String optionalAddress(JsonRow row, int f) throws BadRecordException {
        if (blank(row, f)) return null;
        String a = row.optionalString(f);
        if (IpAddress.parse(a.trim()) == null) throw new BadRecordException("unparsable " + row.name(f) + " " + Reasons.quote(a));
        return a.trim();
    }

    static String requiredAddress(JsonRow row, int f) throws BadRecordException {
        if (blank(row, f)) throw new BadRecordException("missing " + row.name(f));
        return optionalAddress(row, f);
    }

    /** Whether a present, non-blank column differs from {@code expected}, ignoring case. */
    static boolean isOther(JsonRow row, int f, String expected) throws BadRecordException {
        return !blank(row, f) && !expected.equalsIgnoreCase(row.optionalString(f).trim());
    }

    /** Whether a present, non-blank column is {@code value}, ignoring case. */
    static boolean is(JsonRow row, int f, String value) throws BadRecordException {
        return !blank(row, f) && value.equalsIgnoreCase(row.optionalString(f).trim());
    }
}
