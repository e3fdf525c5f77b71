package dev.dnshunter.inputs.sentinel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Every line of the Sentinel fixtures (portal CSV exports of the four tables, and the CommonSecurityLog layouts of
 * PAN-OS CEF and Cortex Data Lake), with what it must become: a record, a skip with its reason, nothing (a header, a
 * blank line, a line of a record that goes on) or a dead letter with its reason.
 */
class SentinelFormatsTest {
    static List<String> fixture(String name) throws Exception {
        return Files.readAllLines(Path.of(Objects.requireNonNull(SentinelFormatsTest.class.getResource("/sentinel/" + name)).toURI()));
    }

    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Each line as "record", "skip: reason", "-" (nothing) or "dead: reason". */
    static <T> List<String> outcomes(LineParser<T> parser, List<String> lines, List<T> records) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            try {
                T r = parser.parse(line);
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
        return out;
    }

    static <T> SentinelFileParser<T> file(SentinelTableParser<T> table, String zone) {
        return new SentinelFileParser<>(table, zone).forNewFile();
    }

    static DnsQuery dnsEvent(String time, String client, String name, int type, String addresses) {
        return dnsEvent(time, client, name, type, DnsQuery.ABSENT, addresses);
    }

    /** With the row's ResultCode as the response code. */
    static DnsQuery dnsEvent(String time, String client, String name, int type, int resultCode, String addresses) {
        return new DnsQuery(t(time), client, null, name, type, resultCode, addresses, null, "dns-events", "DnsEvents", null);
    }

    static NetworkFlow paloAlto(String time, String source, String destination, long sent, long received) {
        return new NetworkFlow(t(time), source, destination, 443, sent, received, NetworkFlow.PALO_ALTO, true);
    }

    @Test
    void dnsEventsCsv() throws Exception {
        List<DnsQuery> records = new ArrayList<>();
        List<String> out = outcomes(file(new DnsEventParser(), null), fixture("dnsevents.csv"), records);
        assertEquals(List.of("-", "record", "record", "record", "-", "skip: another SubType",
                "dead: unparsable TimeGenerated [UTC] \"2026-11-20T10:15:30Z\"",
                "dead: unparsable TimeGenerated [UTC] \"11/20/2026, 13:15:30.000 PM\"",
                "dead: CSV row of 8 fields, its header has 13",
                "dead: quote inside an unquoted CSV field in column 8",
                "dead: missing ClientIP"), out);
        assertEquals(List.of(
                dnsEvent("2026-11-20T10:15:30.123Z", "10.0.0.5", "www.rare-exfil.example", 1, 0, "93.184.216.50,93.184.216.51"),
                dnsEvent("2026-11-20T12:05:00Z", "10.0.0.6", "noon.example", 16, 0, null),
                dnsEvent("2026-11-21T00:00:01.500Z", "2001:db8::6", "midnight.example", 28, 0, "2606:2800:220:1::50")), records);
    }

    @Test
    void commonSecurityLogCsv() throws Exception {
        List<NetworkFlow> records = new ArrayList<>();
        List<String> out = outcomes(file(new FirewallEventParser(DetectionMode.DEFAULT), null), fixture("commonsecuritylog.csv"), records);
        assertEquals(List.of("-", "record", "record", "-", "record", "skip: another vendor or activity"), out);
        assertEquals(List.of(
                paloAlto("2026-11-20T10:05:00.999Z", "10.0.0.5", "93.184.216.50", 5_000_000, 1_000),
                paloAlto("2026-11-20T10:06:00Z", "2001:4860::5", "2606:4700::50", 70_000, 900),
                paloAlto("2026-11-20T10:07:00Z", "10.0.0.9", "93.184.216.60", 10, 10)), records);

        // The query's own filter (Activity == "TRAFFIC") does not see the Cortex Data Lake row.
        records.clear();
        out = outcomes(file(new FirewallEventParser(DetectionMode.KQL_COMPATIBLE), null), fixture("commonsecuritylog.csv"), records);
        assertEquals(List.of("-", "record", "skip: another vendor or activity", "-", "record", "skip: another vendor or activity"), out);
    }

    @Test
    void vmConnectionCsv() throws Exception {
        List<NetworkFlow> records = new ArrayList<>();
        List<String> out = outcomes(file(new VmConnectionParser(), null), fixture("vmconnection.csv"), records);
        assertEquals(List.of("-", "record", "skip: another direction", "dead: DestinationPort out of range \"70000\""), out);
        assertEquals(List.of(new NetworkFlow(t("2026-11-20T10:15:30.123Z"), "10.0.0.4", "198.51.100.7", 53, 100, 200,
                NetworkFlow.VM_CONNECTION, true)), records);
    }

    @Test
    void eventCsv() throws Exception {
        List<DnsQuery> records = new ArrayList<>();
        List<String> out = outcomes(file(new DnsClientEventParser(), null), fixture("event.csv"), records);
        assertEquals(List.of("-", "record", "skip: another event log or id", "skip: another event log or id"), out);
        assertEquals(List.of(new DnsQuery(t("2026-11-20T10:15:30.123Z"), null, "ws01.corp.example", "chunk7.payload.evil.example",
                16, DnsQuery.ABSENT, null, null, "dns-client-events", "DnsClientEvents", null)), records);
    }

    @Test
    void localTimeExportNeedsItsZone() throws Exception {
        SentinelFileParser<DnsQuery> refused = file(new DnsEventParser(), null);
        List<DnsQuery> records = new ArrayList<>();
        List<String> lines = fixture("dnsevents-local-time.csv");
        assertEquals(List.of("dead: CSV export in local time (TimeGenerated [Local Time]): give the zone it was exported in with "
                + "--csv-time-zone ZONE (e.g. Europe/Berlin); the file's rows are skipped", "-", "-"), outcomes(refused, lines, records));
        assertEquals(SentinelFileParser.REFUSED, refused.skippedReason());
        assertEquals(List.of(), records);

        assertEquals(List.of("-", "record", "record"), outcomes(file(new DnsEventParser(), "Europe/Berlin"), lines, records));
        assertEquals(List.of(
                dnsEvent("2026-11-20T10:15:30.123Z", "10.0.0.5", "www.rare-exfil.example", 1, "93.184.216.50"),
                dnsEvent("2026-03-29T01:30:00Z", "10.0.0.5", "dst.example", 1, "93.184.216.51")), records);
    }

    @Test
    void commonSecurityLogLayouts() throws Exception {
        List<String> lines = fixture("commonsecuritylog-variants.json");
        List<NetworkFlow> records = new ArrayList<>();
        List<String> out = outcomes(file(new FirewallEventParser(DetectionMode.DEFAULT), null), lines, records);
        assertEquals(List.of("record", "skip: " + FirewallEventParser.SESSION_START, "record", "record",
                "skip: " + FirewallEventParser.SESSION_START, "skip: another vendor or activity", "dead: missing SentBytes",
                "dead: missing SourceIP", "skip: another vendor or activity"), out);
        assertEquals(List.of(
                paloAlto("2026-11-20T10:15:30.123Z", "10.0.0.5", "93.184.216.50", 120_000, 4_300),
                paloAlto("2026-11-20T10:15:31Z", "10.0.0.7", "93.184.216.51", 400_448, 969_846),
                paloAlto("2026-11-20T10:15:32Z", "2001:db8:10::7", "2606:2800:220:1::50", 51_200, 2_048)), records);

        records.clear();
        out = outcomes(file(new FirewallEventParser(DetectionMode.KQL_COMPATIBLE), null), lines, records);
        String other = "skip: another vendor or activity";
        assertEquals(List.of("record", "record", other, other, other, other, other, other, other), out);
        assertEquals(List.of(paloAlto("2026-11-20T10:15:30.123Z", "10.0.0.5", "93.184.216.50", 120_000, 4_300),
                paloAlto("2026-11-20T10:15:29Z", "10.0.0.5", "93.184.216.50", 74, 0)), records);
    }

    @Test
    void recordsOneByOneAreJsonOnly() throws Exception {
        LineParser<DnsQuery> records = new SentinelFileParser<>(new DnsEventParser(), null).forRecords();
        List<String> lines = fixture("dnsevents.csv");
        assertEquals(List.of("dead: not a JSON object"), outcomes(records, lines.subList(0, 1), new ArrayList<>()));
    }

    @Test
    void csvFieldsFollowRfc4180() throws Exception {
        List<String> fields = new ArrayList<>();
        int n = CsvExport.split("a,\"b,c\",,\"d \"\"e\"\"\",\"\",\"f\ng\"", null, (column, text) -> fields.add(column + "=" + text));
        assertEquals(6, n);
        assertEquals(List.of("0=a", "1=b,c", "3=d \"e\"", "5=f\ng"), fields);
        assertEquals("text after a closing quote in CSV column 1",
                org.junit.jupiter.api.Assertions.assertThrows(BadRecordException.class,
                        () -> CsvExport.split("\"a\"b,c", null, (c, x) -> {})).getMessage());
    }
}
