package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.model.DnsQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link SentinelWriter} writes what Jackson wrote when the generator's rows were ObjectNodes: strings escaped alike,
 * TimeGenerated in the export's seven-digit form, and a broken time where a bad row has it.
 */
class SentinelWriterTest {
    @Test
    void stringsAreEscapedAsJacksonEscapesThem() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) all.append(c);
        all.append("é€\u2028\uD83D\uDE00 NT AUTHORITY\\NETWORK SERVICE \"quoted\"");
        ObjectMapper json = new ObjectMapper();
        for (String s : new String[] {all.toString(), "", "plain", "\\", "\"", "\n"}) {
            assertEquals(json.writeValueAsString(s), SentinelWriter.quoted(s), s);
        }
    }

    @Test
    void timeGeneratedHasSevenFractionalDigits() {
        long t = Instant.parse("2026-11-02T09:05:07.123Z").toEpochMilli();
        GenDns d = new GenDns("DC01.corp.contoso.com", 256, GenDns.LOOKUP_QUERY, "10.16.0.1", "www.example.com", 1);
        SentinelWriter w = new SentinelWriter();
        String[] want = {"2026-11-02T09:05:07.1234567Z", "2026-11-02T09:05:07.1230001Z", "1970-01-01T00:00:00.0000000Z",
            "2026-11-03T00:00:00.0000000Z"};
        long[] times = {t, t, 0, Instant.parse("2026-11-03T00:00:00Z").toEpochMilli()};
        int[] ticks = {4567, 1, 0, 0};
        for (int i = 0; i < want.length; i++) {
            BadRow.setTime(d, times[i], ticks[i]);
            assertEquals("{\"TimeGenerated\":\"" + want[i] + "\",\"Computer\":\"DC01.corp.contoso.com\",\"EventId\":256,"
                    + "\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.16.0.1\",\"Name\":\"www.example.com\",\"QueryType\":\"A\","
                    + "\"Type\":\"DnsEvents\"}", w.row(d).toString());
        }
    }

    @Test
    void badRowsBreakTheTimeOrCutTheLine() {
        GenDns d = new GenDns("DC01", 256, GenDns.LOOKUP_QUERY, "10.16.0.1", "a.example", 16).addresses("").responseCode(3);
        d.typeForm = GenDns.TypeForm.NUMBER;
        BadRow.setTime(d, 0, 0);
        String tail = ",\"Computer\":\"DC01\",\"EventId\":256,\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.16.0.1\","
                + "\"Name\":\"a.example\",\"QueryType\":16,\"Type\":\"DnsEvents\",\"IPAddresses\":\"\",\"ResultCode\":3}";
        SentinelWriter w = new SentinelWriter();
        String good = "{\"TimeGenerated\":\"1970-01-01T00:00:00.0000000Z\"" + tail;
        assertEquals(good, w.row(d).toString());
        assertEquals(good.substring(0, good.length() / 2), w.bad(new BadRow(BadRow.Kind.CUT, d)).toString());
        assertEquals("{" + tail.substring(1), w.bad(new BadRow(BadRow.Kind.NO_TIME, d)).toString());
        assertEquals("{\"TimeGenerated\":null" + tail, w.bad(new BadRow(BadRow.Kind.NULL_TIME, d)).toString());
        assertEquals("{\"TimeGenerated\":\"2026-11-31T10:00:00.0000000Z\"" + tail,
                w.bad(new BadRow(BadRow.Kind.IMPOSSIBLE_DATE, d)).toString());
        assertEquals("{\"TimeGenerated\":\"11/03/2026 10:00:00 AM\"" + tail,
                w.bad(new BadRow(BadRow.Kind.OTHER_TIME_FORMAT, d)).toString());
    }

    @Test
    void normalizedQueriesGetStandInsAndTheirTypeAsDigits() {
        DnsQuery q = new DnsQuery(0, "10.0.0.5", null, "x.example", 16, 0, null, null, null, null, null);
        assertEquals("{\"TimeGenerated\":\"1970-01-01T00:00:00.0000000Z\",\"Computer\":\"dns01.corp.example\",\"EventId\":256,"
                + "\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.5\",\"Name\":\"x.example\",\"QueryType\":\"16\","
                + "\"Type\":\"DnsEvents\",\"ResultCode\":0}", SentinelWriter.dnsEvents(q));
    }
}
