package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.inspect.FileReport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code inspect} on the committed fixtures, with the counts each fixture's lines document (see LinesEquationTest). */
class InspectCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static JsonNode inspect(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("inspect", "--json"));
        all.addAll(List.of(args));
        MainTest.Result r = MainTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out()).get("files");
    }

    static String fixture(String name) throws Exception {
        return LinesEquationTest.fixture(name).toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // file | format | rows | used | dnsQueries | lookups | txtQueries | flows | outboundPublicFlows | skipped | blank | deadLetters | first | last
            "sentinel/dns-events.jsonl|dns-events|8|3|3|1|1|0|0|{\"another SubType\":1}|1"
                    + "|{\"missing ClientIP\":1,\"missing TimeGenerated\":1,\"unparsable TimeGenerated\":1}|2026-11-20T10:15:30.123Z|2026-11-20T10:15:33Z",
            "sentinel/firewall-events.jsonl|firewall-events|6|2|0|0|0|2|1|{\"another vendor or activity\":2}|0"
                    + "|{\"SentBytes out of range -N\":1,\"invalid JSON\":1}|2026-11-20T10:16:00Z|2026-11-20T10:16:03Z",
            "sentinel/vm-connections.jsonl|vm-connections|4|2|0|0|0|2|1|{\"another direction\":1}|0"
                    + "|{\"missing DestinationPort\":1}|2026-11-20T10:17:00.123Z|2026-11-20T10:17:02Z",
            "sentinel/dns-client-events.jsonl|dns-client-events|5|1|1|0|1|0|0|{\"another event log or id\":2,\"another query type\":1}|0"
                    + "|{\"unparsable RenderedDescription\":1}|2026-11-20T10:18:00Z|2026-11-20T10:18:03Z",
            // answers with an address: CAbc01 (93.184.216.50) and CAbc05 (2001:db8::5); TXT: CAbc02, CAbc03
            "zeek/dns.log|zeek-dns|17|5|5|2|2|0|0|{\"header line\":9,\"no query\":1}|0"
                    + "|{\"N columns, #fields names N\":1,\"unparsable ts\":1}|2026-11-20T10:15:30.123Z|2026-11-20T10:15:35Z",
            "zeek/dns.json|zeek-dns|7|3|3|1|2|0|0|{\"no query\":1}|1"
                    + "|{\"invalid JSON\":1,\"unparsable qtype\":1}|2026-11-20T10:15:30.123Z|2026-11-20T10:15:35Z",
            // outbound to a public address: CConn1 (local_orig T) and CConn2 (local_orig unset, private to public);
            // CConn3 is local_orig F, CConn5 starts at a public address
            "zeek/conn.log|zeek-conn|15|4|0|0|0|4|2|{\"header line\":9,\"no bytes\":1}|0"
                    + "|{\"id.resp_p out of range\":1}|2026-11-20T10:16:30.654Z|2026-11-20T10:16:43Z",
            "zeek/conn.json|zeek-conn|4|2|0|0|0|2|2|{\"no bytes\":1}|0"
                    + "|{\"unparsable id.orig_h\":1}|2026-11-20T10:16:30.654Z|2026-11-20T10:16:42Z",
            // lookups: 93.184.216.50, 2606:4700::50, fe80::1/10.0.0.4 (a lookup for the baseline; no client address)
            "sysmon/events.jsonl|sysmon-events|9|4|4|3|0|0|0|{\"another event source or id\":2}|0"
                    + "|{\"missing QueryName\":1,\"unparsable UtcTime\":1,\"invalid JSON\":1}|2026-11-20T10:15:30.123Z|2026-11-20T10:20:00Z",
            // lookups: rows 1, 3 and 6 (row 6 has no SrcIpAddr: baseline only); TXT: row 2
            "asim/dns.jsonl|asim-dns|11|4|4|3|1|0|0|{\"request (its response row repeats it)\":1,\"another EventType\":1}|1"
                    + "|{\"missing DnsQuery\":1,\"unparsable SrcIpAddr\":1,\"DnsQueryType out of range N\":1,\"missing TimeGenerated\":1}"
                    + "|2026-11-20T10:15:30.123Z|2026-11-20T10:19:00Z",
            // outbound to a public address: the Outbound End row and the Flow row; the NA row starts at a public address
            "asim/network-sessions.jsonl|asim-network-sessions|12|3|0|0|0|3|2|{\"session start (its end row repeats it)\":1,"
                    + "\"another direction\":2,\"another EventType\":1,\"no bytes\":1}|0"
                    + "|{\"SrcBytes out of range -N\":1,\"missing DstIpAddr\":1,\"DstPortNumber out of range N\":1,\"invalid JSON\":1}"
                    + "|2026-11-20T10:15:35Z|2026-11-20T10:19:00Z",
            // 8 dns records (requests and responses), lookups: the 4 responses with an address; TXT: the v3 request
            // (its response repeats it); the flow to 93.184.216.50
            "suricata/eve.json|suricata-eve|19|9|8|4|1|1|1|{\"another event_type\":2,\"no port\":1}|1"
                    + "|{\"unparsable timestamp\":1,\"unparsable dns.type\":1,\"unparsable src_ip\":1,"
                    + "\"missing flow.bytes_toclient\":1,\"missing event_type\":1,\"invalid JSON\":1}"
                    + "|2026-11-20T10:15:30.123Z|2026-11-20T10:21:02Z",
            // every line a response without an address (NXDOMAIN, TXT, MX, CNAME, NULL, SERVFAIL) or a NULL request
            "suricata/eve-answers.json|suricata-eve|11|11|11|0|0|0|0|{}|0|{}|2026-11-20T10:30:00Z|2026-11-20T10:30:09Z",
            // 4 DNS documents (lines 1-4); lookups: lines 1 (93.184.216.50), 2 (2606:4700::50) and 3 (Winlogbeat Sysmon,
            // 93.184.216.60, no client: baseline only); TXT: line 4; 2 flows (lines 5, 6), outbound to a public address:
            // line 5 (10.0.0.5 to 93.184.216.50, no network.direction); line 6 is inbound. Skipped: line 7 (alert),
            // 8 (process event), 9 (flow start without bytes); line 10 blank; dead letters: lines 11-15. First time:
            // line 1; last: line 9 (a skipped row keeps its time, dead letters have none)
            "ecs/events.ndjson|ecs|15|6|4|3|1|2|1|{\"another event.kind\":1,\"neither a DNS query nor a flow\":1,\"no bytes\":1}|1"
                    + "|{\"missing @timestamp\":1,\"unparsable source.ip\":1,\"destination.port out of range N\":1,"
                    + "\"unparsable dns.question.name\":1,\"not a JSON object\":1}"
                    + "|2026-11-20T10:15:30.123Z|2026-11-20T10:21:03Z"})
    void countsOfEachFixture(String file, String format, long rows, long used, long dns, long lookups, long txt, long flows,
            long outPub, String skipped, long blank, String dead, String first, String last) throws Exception {
        JsonNode files = inspect(fixture(file));
        assertEquals(1, files.size());
        JsonNode f = files.get(0);
        assertEquals(LinesEquationTest.fixture(file).toString(), f.get("path").asText());
        assertEquals(format, f.get("format").asText());
        assertEquals(List.of(rows, used, dns, lookups, txt, flows, outPub, blank),
                List.of(f.get("rows").asLong(), f.get("used").asLong(), f.get("dnsQueries").asLong(), f.get("lookups").asLong(),
                        f.get("txtQueries").asLong(), f.get("flows").asLong(), f.get("outboundPublicFlows").asLong(), f.get("blank").asLong()));
        assertEquals(JSON.readTree(skipped), f.get("skipped"));
        assertEquals(JSON.readTree(dead), f.get("deadLetters"));
        assertEquals(first, f.get("firstTime").asText());
        assertEquals(last, f.get("lastTime").asText());
        assertTrue(f.get("damaged").isNull());
    }

    @Test
    void directoriesAreReadAsBackfillReadsThem() throws Exception {
        Path d = Files.createDirectories(dir.resolve("data/sub"));
        Files.copy(LinesEquationTest.fixture("zeek/dns.log"), d.resolve("dns.log"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(Files.readAllBytes(LinesEquationTest.fixture("sentinel/vm-connections.jsonl")));
        }
        Files.write(dir.resolve("data/vm.jsonl.gz"), gz.toByteArray());
        Files.writeString(dir.resolve("data/notes.txt"), "hello\nworld\n");
        Files.writeString(dir.resolve("data/.hidden.jsonl"), "x\n");
        Files.writeString(dir.resolve("data/_tmp.jsonl"), "x\n");
        JsonNode files = inspect(dir.resolve("data").toString());
        assertEquals(3, files.size(), files.toString());
        assertEquals(dir.resolve("data/notes.txt").toString(), files.get(0).get("path").asText());
        assertEquals(FileReport.UNRECOGNIZED, files.get(0).get("format").asText());
        assertEquals("zeek-dns", files.get(1).get("format").asText());
        assertEquals(17, files.get(1).get("rows").asLong());
        assertEquals("vm-connections", files.get(2).get("format").asText());
        assertEquals(4, files.get(2).get("rows").asLong());
        assertEquals(1, files.get(2).get("outboundPublicFlows").asLong());
    }

    @Test
    void asReadsAFileAsTheNamedInput() throws Exception {
        // a conn.log read as dns.log: every row is refused by its #path
        JsonNode f = inspect("--as", "zeek-dns", fixture("zeek/conn.log")).get(0);
        assertEquals("zeek-dns", f.get("format").asText());
        assertEquals(15, f.get("rows").asLong());
        assertEquals(0, f.get("used").asLong());
        assertEquals(JSON.readTree("{\"header line\":9}"), f.get("skipped"));
        assertEquals(JSON.readTree("{\"a Zeek conn log, not dns\":6}"), f.get("deadLetters"));
    }

    @Test
    void ecsIsRecognizedNestedOrDottedAndAsEcsReadsAnyFile() throws Exception {
        Path nested = Files.writeString(dir.resolve("a-nested.ndjson"),
                "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"ecs\":{\"version\":\"8.11.0\"},\"message\":\"x\"}\n");
        Path dotted = Files.writeString(dir.resolve("b-dotted.ndjson"),
                "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"source.ip\":\"10.0.0.5\",\"dns.question.name\":\"a.example\"}\n");
        // @timestamp alone, as any Logstash output has it, is not ECS
        Path plain = Files.writeString(dir.resolve("c-plain.ndjson"), "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"x\"}\n");
        JsonNode files = inspect(nested.toString(), dotted.toString(), plain.toString());
        assertEquals("ecs", files.get(0).get("format").asText());
        assertEquals("ecs", files.get(1).get("format").asText());
        assertEquals(1, files.get(1).get("dnsQueries").asLong());
        assertEquals(FileReport.UNRECOGNIZED, files.get(2).get("format").asText());
        JsonNode as = inspect("--as", "ecs", plain.toString()).get(0);
        assertEquals("ecs", as.get("format").asText());
        assertEquals(JSON.readTree("{\"neither a DNS query nor a flow\":1}"), as.get("skipped"));
    }

    @Test
    void theTableShowsTheEquationAndTheReasons() throws Exception {
        MainTest.Result r = MainTest.run("inspect", fixture("zeek/dns.log"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  17 lines read = 5 used + 10 skipped + 0 blank + 2 dead letters\n"), r.out());
        assertTrue(r.out().contains("  skipped: 9 header line; 1 no query\n"), r.out());
        assertTrue(r.out().contains("  dead letters: 1 N columns, #fields names N; 1 unparsable ts\n"), r.out());
    }

    @Test
    void aDamagedFileIsReadToTheDamageAndExitsWith3() throws Exception {
        Path gz = Files.write(dir.resolve("cut.jsonl.gz"), BackfillFileFaultsTest.truncatedGzip());
        MainTest.Result r = MainTest.run("inspect", "--json", gz.toString());
        assertEquals(BackfillCommand.DAMAGED_FILES, r.code(), r.err());
        JsonNode f = JSON.readTree(r.out()).get("files").get(0);
        assertEquals("dns-events", f.get("format").asText());
        assertEquals(List.of(4L, 4L, 4L), List.of(f.get("rows").asLong(), f.get("used").asLong(), f.get("lookups").asLong()));
        assertTrue(f.get("damaged").asText().startsWith("unreadable file: " + gz), f.toString());
        assertTrue(f.get("damaged").asText().endsWith("(after 4 lines)"), f.toString());
        assertTrue(r.err().contains("1 damaged file"), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inspect|give at least one PATH",
            "inspect --json|give at least one PATH",
            "inspect . --as|--as needs a value",
            "inspect . --as dns|--as: unknown input 'dns'",
            "inspect . --bogus|unknown flag --bogus",
            "inspect /no/such/file|no such file or directory: /no/such/file"})
    void badArgumentsAreUsageErrors(String args, String message) {
        MainTest.Result r = MainTest.run(args.split(" "));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains(InspectCommand.USAGE), r.err());
    }

    @Test
    void deadLetterReasonsGroupWithoutTheirValues() {
        assertEquals("unparsable ts", FileReport.kind("unparsable ts \"yesterday\""));
        assertEquals("invalid UTF-8", FileReport.kind("invalid UTF-8 at byte 3 of line 2 of /x/y.jsonl"));
        assertEquals("too large", FileReport.kind("too large: 2000000 characters, limit 921600 bytes (--max-record-bytes)"));
        assertEquals("unparsable TimeGenerated", FileReport.kind("unparsable TimeGenerated {...}"));
    }
}
