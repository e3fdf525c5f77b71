package dev.dnshunter.inputs.sysmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.model.DnsQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Every line of the Sysmon fixture (Event, WindowsEvent, raw XML, NXLog JSON carriers) with what it must become. */
class SysmonDnsParserTest {
    static DnsQuery q(String time, String host, String name, int rcode, String addresses, String image, String... others) {
        return new DnsQuery(Instant.parse(time).toEpochMilli(), null, host, name, DnsQuery.ABSENT, rcode, addresses,
                others.length == 0 ? null : others, "sysmon-events", "Sysmon", image);
    }

    @Test
    void fixtureLines() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(Objects.requireNonNull(getClass().getResource("/sysmon/events.jsonl")).toURI()));
        SysmonDnsParser parser = new SysmonDnsParser();
        List<String> out = new ArrayList<>();
        List<DnsQuery> records = new ArrayList<>();
        for (String line : lines) {
            try {
                DnsQuery r = parser.parse(line);
                if (r != null) {
                    records.add(r);
                    out.add("record");
                } else {
                    out.add(parser.skippedRowTime() == Long.MIN_VALUE ? "-" : "skip: " + parser.skippedReason());
                }
            } catch (BadRecordException e) {
                out.add("dead: " + e.getMessage());
            }
        }
        assertEquals(List.of("record", "record", "record", "record", "skip: another event source or id",
                "skip: another event source or id", "dead: missing QueryName", "dead: unparsable UtcTime \"20/11/2026 10:21\"",
                "dead: invalid JSON: Unrecognized token 'EventID': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                out);
        assertEquals(List.of(
                q("2026-11-20T10:15:30.123Z", "ws01.corp.example", "www.rare-exfil.example", 0, "93.184.216.50",
                        "C:\\Windows\\System32\\curl.exe", "cdn.rare-exfil.example"),
                q("2026-11-20T10:16:00.456Z", "ws02.corp.example", "missing.example", 3, null, "C:\\Program Files\\App\\app.exe"),
                q("2026-11-20T10:17:00.099Z", "ws03.corp.example", "api.rare-exfil.example", 0, "2606:4700::50", "C:\\Tools\\a&b.exe",
                        "edge.cdn.example"),
                q("2026-11-20T10:18:00Z", "ws04.corp.example", "wpad.corp.example", 0, "fe80::1,10.0.0.4",
                        "C:\\Windows\\System32\\svchost.exe")), records);
    }

    @Test
    void queryStatus() throws Exception {
        assertEquals(0, SysmonDnsParser.responseCode("0"));
        assertEquals(3, SysmonDnsParser.responseCode("9003"));
        assertEquals(0, SysmonDnsParser.responseCode("9501"));
        assertEquals(DnsQuery.ABSENT, SysmonDnsParser.responseCode("1460"));
        assertEquals(DnsQuery.ABSENT, SysmonDnsParser.responseCode(null));
    }
}
