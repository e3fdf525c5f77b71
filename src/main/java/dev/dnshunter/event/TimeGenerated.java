package dev.dnshunter.event;

/**
 * The TimeGenerated column as exported by Log Analytics, e.g. {@code 2026-11-20T10:15:30.1234567Z}.
 *
 * <p>Parsed by hand because every row carries one and {@code java.time} parsing costs several allocations and a
 * formatter walk per call; the accepted form is deliberately narrower than ISO-8601 so that a malformed export is
 * reported rather than silently reinterpreted.
 */
public final class TimeGenerated {
    private static final String FIELD = "TimeGenerated";
    // java.time.ZoneOffset rejects anything beyond ±18:00; keep the same limit so results match OffsetDateTime.
    private static final int MAX_OFFSET_MINUTES = 18 * 60;
    // "YYYY-MM-DDTHH:MM:SS" + "Z" is the shortest, ".fffffffff" + "+HH:MM" the longest.
    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 19 + 10 + 6;

    private TimeGenerated() {}

    /**
     * Epoch milliseconds of {@code text}, truncated toward the past.
     *
     * @throws BadRecordException naming TimeGenerated when {@code text} is null or not in the accepted form
     */
    public static long parseMillis(String text) throws BadRecordException {
        if (text == null) throw new BadRecordException("missing " + FIELD);
        long millis = parseOrMin(text);
        if (millis == Long.MIN_VALUE) throw new BadRecordException("unparsable " + FIELD + " " + JsonRow.quote(text));
        return millis;
    }

    /** Long.MIN_VALUE on any defect: no valid input can map there, and it spares an exception per check. */
    private static long parseOrMin(String s) {
        int n = s.length();
        if (n < MIN_LENGTH || n > MAX_LENGTH) return Long.MIN_VALUE;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }

        int i = 19;
        int fractionMillis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < 3) fractionMillis = fractionMillis * 10 + (s.charAt(i) - '0');
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) return Long.MIN_VALUE;
            for (int k = count; k < 3; k++) fractionMillis *= 10;
        }
        if (i >= n) return Long.MIN_VALUE;

        int offsetSeconds;
        char c = s.charAt(i);
        if (c == 'Z') {
            offsetSeconds = 0;
            i++;
        } else if (c == '+' || c == '-') {
            if (n - i != 6 || s.charAt(i + 3) != ':') return Long.MIN_VALUE;
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) return Long.MIN_VALUE;
            int total = offsetHours * 60 + offsetMinutes;
            if (total > MAX_OFFSET_MINUTES) return Long.MIN_VALUE;
            offsetSeconds = (c == '-' ? -total : total) * 60;
            i += 6;
        } else {
            return Long.MIN_VALUE;
        }
        if (i != n) return Long.MIN_VALUE;

        long epochSecond = daysFromCivil(year, month, day) * 86_400L
                + hour * 3_600L + minute * 60L + second - offsetSeconds;
        // The fraction is non-negative and added to whole seconds, so dropping sub-millisecond digits floors the
        // instant even before 1970.
        return epochSecond * 1_000L + fractionMillis;
    }

    /** Value of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
