package dev.dnshunter.inputs.zeek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Every line of the Zeek fixtures, with what it must become: a record, a skip with its reason, nothing, or a dead letter. */
class ZeekParsersTest {
    static final long T0 = 1_795_169_730_123L; // 2026-11-20T10:15:30.123Z

    static List<String> fixture(String name) throws IOException, URISyntaxException {
        return Files.readAllLines(Path.of(Objects.requireNonNull(ZeekParsersTest.class.getResource("/zeek/" + name)).toURI()));
    }

    /** Each line as "record", "skip: reason", "-" (header or blank) or "dead: reason". */
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

    static DnsQuery dns(long time, String client, String name, int type, int rcode, String addresses, String... others) {
        return new DnsQuery(time, client, null, name, type, rcode, addresses, others.length == 0 ? null : others, "zeek-dns",
                "Zeek dns.log", null);
    }

    static final List<DnsQuery> EXPECTED_DNS = List.of(
            dns(T0, "10.0.0.5", "www.rare-exfil.example", 1, 0, "93.184.216.50", "cdn.rare-exfil.example"),
            dns(T0 + 877, "10.0.0.7", "0.t.bad.example", 16, DnsQuery.ABSENT, null),
            dns(T0 + 2876, "10.0.0.7", "1.t.bad.example", 16, 0, null, "TXT 12 aGVsbG8gd29ybGQ="));

    @Test
    void dnsTsv() throws Exception {
        List<DnsQuery> records = new ArrayList<>();
        List<String> out = outcomes(new ZeekDnsParser().forNewFile(), fixture("dns.log"), records);
        List<String> expected = new ArrayList<>(List.of("-", "-", "-", "-", "-", "-", "-", "-"));
        expected.addAll(List.of("record", "record", "record", "record", "record", "skip: no query",
                "dead: unparsable ts \"yesterday\"", "dead: 3 columns, #fields names 24", "-"));
        assertEquals(expected, out);
        List<DnsQuery> all = new ArrayList<>(EXPECTED_DNS);
        all.add(dns(T0 + 3377, "fe80::1", "nothing.example", 28, 3, null));
        all.add(dns(T0 + 3877, "10.0.0.8", "odd\tname.example", 28, 0, "2001:db8::5"));
        assertEquals(all, records);
    }

    @Test
    void dnsJson() throws Exception {
        List<DnsQuery> records = new ArrayList<>();
        List<String> out = outcomes(new ZeekDnsParser().forRecords(), fixture("dns.json"), records);
        assertEquals(List.of("record", "record", "record", "-", "skip: no query", "dead: unparsable qtype \"one\""),
                out.subList(0, 6));
        assertEquals(7, out.size());
        assertTrue(out.get(6).startsWith("dead: invalid JSON: Unexpected end-of-input"), out.get(6));
        assertEquals(EXPECTED_DNS, records);
    }

    @Test
    void kafkaRecordsRefuseTsv() throws Exception {
        List<String> out = outcomes(new ZeekDnsParser().forRecords(), fixture("dns.log").subList(0, 1), new ArrayList<>());
        assertEquals(List.of("dead: not a JSON object (Zeek TSV needs its file's header; send Zeek JSON)"), out);
    }

    @Test
    void aConnLogIsNotADnsLog() throws Exception {
        List<String> out = outcomes(new ZeekDnsParser().forNewFile(), fixture("conn.log"), new ArrayList<>());
        assertEquals("dead: a Zeek conn log, not dns", out.get(8));
    }

    static final NetworkFlow FLOW_1 = new NetworkFlow(1_795_169_790_654L, "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1000,
            "Zeek", true);
    static final NetworkFlow FLOW_2 = new NetworkFlow(1_795_169_800_000L, "10.0.0.6", "151.101.1.7", 80, 300, 2000, "Zeek", true);

    @Test
    void connTsv() throws Exception {
        List<NetworkFlow> records = new ArrayList<>();
        List<String> out = outcomes(new ZeekConnParser(DetectionMode.DEFAULT).forNewFile(), fixture("conn.log"), records);
        List<String> expected = new ArrayList<>(List.of("-", "-", "-", "-", "-", "-", "-", "-"));
        expected.addAll(List.of("record", "record", "record", "skip: no bytes", "record", "dead: id.resp_p out of range: 99999", "-"));
        assertEquals(expected, out);
        assertEquals(List.of(FLOW_1, FLOW_2,
                new NetworkFlow(1_795_169_801_000L, "151.101.1.9", "10.0.0.5", 22, 4000, 4000, "Zeek", false),
                new NetworkFlow(1_795_169_803_000L, "185.199.108.200", "151.101.1.8", 443, 10, 20, "Zeek", false)), records);
    }

    @Test
    void connJson() throws Exception {
        List<NetworkFlow> records = new ArrayList<>();
        List<String> out = outcomes(new ZeekConnParser(DetectionMode.DEFAULT).forRecords(), fixture("conn.json"), records);
        assertEquals(List.of("record", "record", "skip: no bytes", "dead: unparsable id.orig_h \"not-an-address\""), out);
        assertEquals(List.of(FLOW_1, FLOW_2), records);
    }

    @Test
    void escapes() {
        assertEquals("a\tb,c\\d", ZeekRow.unescape("a\\x09b\\x2cc\\x5cd"));
        assertEquals("caf\u00e9", ZeekRow.unescape("caf\\xc3\\xa9"));
        assertEquals("plain", ZeekRow.unescape("plain"));
    }
}
