package dev.dnshunter.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeGeneratedTest {

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-20T10:15:30Z,           2026-11-20T10:15:30.000Z",
            "2026-11-20T10:15:30.1Z,         2026-11-20T10:15:30.100Z",
            "2026-11-20T10:15:30.12Z,        2026-11-20T10:15:30.120Z",
            "2026-11-20T10:15:30.123Z,       2026-11-20T10:15:30.123Z",
            "2026-11-20T10:15:30.1234567Z,   2026-11-20T10:15:30.123Z",
            "2026-11-20T10:15:30.123456789Z, 2026-11-20T10:15:30.123Z",
            "2026-11-20T10:15:30.9999999Z,   2026-11-20T10:15:30.999Z",
            "2026-11-20T10:15:30.0000001Z,   2026-11-20T10:15:30.000Z",
            "2026-11-20T15:45:30.5+05:30,    2026-11-20T10:15:30.500Z",
            "2026-11-20T02:15:30.1234567-08:00, 2026-11-20T10:15:30.123Z",
            "2026-11-20T10:15:30-00:00,      2026-11-20T10:15:30Z",
            "2026-01-01T05:00:00+18:00,      2025-12-31T11:00:00Z",
            "2024-02-29T23:59:59.999Z,       2024-02-29T23:59:59.999Z",
            "2000-02-29T00:00:00Z,           2000-02-29T00:00:00Z",
            "1970-01-01T00:00:00Z,           1970-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999Z",
    })
    void parsesValidForms(String text, String instant) throws Exception {
        assertEquals(millis(instant), TimeGenerated.parseMillis(text));
    }

    @Test
    void fractionIsTruncatedNotRounded() throws Exception {
        assertEquals(millis("2026-11-20T10:15:30.123Z"), TimeGenerated.parseMillis("2026-11-20T10:15:30.1239999Z"));
    }

    @Test
    void negativeEpochTruncatesTowardThePast() throws Exception {
        assertEquals(-1L, TimeGenerated.parseMillis("1969-12-31T23:59:59.9999999Z"));
        assertEquals(-1000L, TimeGenerated.parseMillis("1969-12-31T23:59:59.0009999Z"));
        assertEquals(-999L, TimeGenerated.parseMillis("1969-12-31T23:59:59.0019Z"));
        assertEquals(-1L, TimeGenerated.parseMillis("1970-01-01T00:59:59.9995+01:00"));
        assertEquals(millis("1900-01-01T00:00:00.001Z"), TimeGenerated.parseMillis("1900-01-01T00:00:00.0017Z"));
        assertEquals(millis("0000-01-01T00:00:00Z"), TimeGenerated.parseMillis("0000-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-20t10:15:30Z",            // lowercase t
            "2026-11-20T10:15:30z",            // lowercase z
            "2026-11-20T10:15Z",               // missing seconds
            "2026-11-20 10:15:30Z",            // space separator
            "2026-11-20T10:15:30.1234567890Z", // 10 fraction digits
            "2026-11-20T10:15:30.Z",           // dot without digits
            "2026-02-30T00:00:00Z",            // Feb 30
            "2025-02-29T00:00:00Z",            // not a leap year
            "1900-02-29T00:00:00Z",            // century, not a leap year
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-20T24:00:00Z",            // hour 24
            "2026-11-20T10:60:00Z",
            "2026-11-20T10:15:60Z",            // leap second
            "2026-11-20T10:15:30+0530",        // offset without colon
            "2026-11-20T10:15:30+05",
            "2026-11-20T10:15:30+05:3",
            "2026-11-20T10:15:30+05:60",
            "2026-11-20T10:15:30+18:01",       // beyond java.time's offset range
            "2026-11-20T10:15:30+19:00",
            "2026-11-20T10:15:30",             // no zone
            "2026-11-20T10:15:30.123",
            "2026-11-20T10:15:30ZZ",
            "2026-11-20T10:15:30Z ",
            " 2026-11-20T10:15:30Z",
            "2026-11-20T10:15:30.12 Z",
            "+2026-11-20T10:15:30Z",
            "26-11-20T10:15:30Z",
            "20261-11-20T10:15:30Z",
            "2026/11/20T10:15:30Z",
            "2026-11-20T10-15-30Z",
            "2026-1-20T10:15:30Z",
            "２０２６-11-20T10:15:30Z",          // non-ASCII digits
            "2026-11-20T10:15:30.1234567UTC",
            "2026-11-20",
            "1795169730123",
            "",
    })
    void rejectsMalformed(String text) {
        BadRecordException e = assertThrows(BadRecordException.class, () -> TimeGenerated.parseMillis(text));
        assertEquals("unparsable TimeGenerated \"" + text + "\"", e.getMessage());
    }

    @Test
    void reasonQuotesAtMost64Characters() {
        String text = "2026-11-20T10:15:30." + "1".repeat(100) + "Z";
        BadRecordException e = assertThrows(BadRecordException.class, () -> TimeGenerated.parseMillis(text));
        assertEquals("unparsable TimeGenerated \"" + text.substring(0, 64) + "...\"", e.getMessage());
    }

    @Test
    void nullIsMissing() {
        BadRecordException e = assertThrows(BadRecordException.class, () -> TimeGenerated.parseMillis(null));
        assertEquals("missing TimeGenerated", e.getMessage());
    }

    /** Cross-checks the hand-written arithmetic against java.time over the whole accepted range. */
    @Test
    void agreesWithJavaTimeOnRandomInstants() throws Exception {
        Random random = new Random(7);
        long min = OffsetDateTime.parse("0001-01-02T00:00:00Z").toEpochSecond();
        long max = OffsetDateTime.parse("9999-12-30T00:00:00Z").toEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = min + (long) (random.nextDouble() * (max - min));
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime t = Instant.ofEpochSecond(second, nanos).atOffset(offset);
            int digits = 1 + random.nextInt(9);
            String fraction = String.format("%09d", nanos).substring(0, digits);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d.%s%s", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), fraction,
                    offsetMinutes == 0 && random.nextBoolean() ? "Z" : offsetText(offsetMinutes));
            long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            assertEquals(expected, TimeGenerated.parseMillis(text), text);
        }
    }

    private static String offsetText(int minutes) {
        int abs = Math.abs(minutes);
        return String.format("%s%02d:%02d", minutes < 0 ? "-" : "+", abs / 60, abs % 60);
    }
}
