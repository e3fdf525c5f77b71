package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file source parses a JSON line that is ASCII and starts with '{' from its bytes ({@link RecordParser#parse(byte[],
 * int, int)}); every such line must give what {@link RecordParser#parse(String)} of its text gives: the same event,
 * skip with its time and reason, or dead letter with its reason and text. Over the generator's files (their planted bad
 * lines included), the ASIM samples, and hand-written edge cases, in both modes.
 */
class ByteLineParsingEquivalenceTest {
    @TempDir
    Path dir;

    static final String T = "\"TimeGenerated\":\"2026-11-20T10:15:30.1234567Z\"";

    /** Lines that start with '{' but are odd in some way: each must fail, or succeed, alike. */
    static final List<String> EDGE_CASES = List.of(
            "{}", "{", "{\"a\":", "{" + T + "}", "{" + T + ",\"SubType\":\"LookupQuery\"}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a.b.example\",\"IPAddresses\":\"8.8.8.8\"} x",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a.b.example\",\"IPAddresses\":\"8.8.8.8\"}{}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":{\"x\":[1,2]},\"IPAddresses\":\"8.8.8.8\"}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":7,\"Name\":\"x\",\"Name\":\"y.example\",\"IPAddresses\":\"8.8.8.8\"}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a\\u0041\\\"b\",\"IPAddresses\":\"8.8.8.8\",\"EventId\":1e3}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"tab\there\",\"IPAddresses\":\"8.8.8.8\"}",
            "{" + T + ",\"Junk\":[[[[[[[[[[{\"a\":[]}]]]]]]]]]],\"SubType\":\"LookupResponse\"}",
            "{\"TimeGenerated\":\"yesterday\",\"SubType\":\"LookupResponse\"}", "{\"TimeGenerated\":null}",
            "{'single':'quotes'}", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":tru}", "{\"a\":1,}", "{  \"a\" : 1 }   ",
            "{" + T + ",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.1\","
                    + "\"DestinationIP\":\"203.0.113.7\",\"DestinationPort\":\"443\",\"SentBytes\":-1,\"ReceivedBytes\":2}",
            "{" + T + ",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.1\","
                    + "\"DestinationIP\":\"203.0.113.7\",\"DestinationPort\":70000,\"SentBytes\":1,\"ReceivedBytes\":99999999999999999999}",
            "{" + T + ",\"Direction\":\"OutBound\",\"SourceIp\":\"10.0.0.1\",\"DestinationIp\":\"1.2.3.4\",\"DestinationPort\":53,"
                    + "\"BytesSent\":5,\"BytesReceived\":6,\"Extra\":{\"deep\":true}}",
            "{\"a\":\"" + "\u0001" + "\"}", "{\"a\":1}" + "\u0000",
            // Read by the byte scanner when well-formed: escapes, numbers, literals and nesting in wanted columns.
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a\\/b\\\\c\\u002e\\\"d\",\"IPAddresses\":\"8.8.8.8\",\"EventId\":-0}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"x.example\",\"IPAddresses\":[\"8.8.8.8\"],\"QueryType\":1E5}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":true,\"Name\":null,\"Name\":\"n.example\",\"IPAddresses\":\"8.8.8.8\",\"ResultCode\":2.0}",
            "{" + T + ",\"Other\":\"\\\"Name\\\":\\\"evil.example\\\"\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"good.example\",\"IPAddresses\":\"8.8.8.8\"}",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"N\\u0061me\":\"escaped-key.example\",\"IPAddresses\":\"8.8.8.8\"}",
            "{ \t" + T + " ,\t\"SubType\" : \"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a.example\",\"IPAddresses\":\"8.8.8.8\" }  \r",
            "{" + T + ",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"a.example\",\"IPAddresses\":\"8.8.8.8\",\"EventId\":0x1}");

    @Test
    void everyAsciiObjectLineParsesTheSameFromItsBytesAsFromItsText() throws Exception {
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(5).withClients(30).withLookupsPerDay(800));
        int compared = 0;
        for (DetectionMode mode : DetectionMode.values()) {
            DetectionConfig config = DetectionConfig.defaults().withMode(mode);
            compared += compare(Input.DNS_EVENTS, Files.readAllLines(data.dnsEventsFile()), config);
            compared += compare(Input.FIREWALL_EVENTS, Files.readAllLines(data.firewallEventsFile()), config);
            compared += compare(Input.VM_CONNECTIONS, Files.readAllLines(data.vmConnectionsFile()), config);
            compared += compare(Input.DNS_CLIENT_EVENTS, Files.readAllLines(data.dnsClientEventsFile()), config);
            compared += compare(Input.ASIM_DNS, resource("asim/dns.jsonl"), config);
            compared += compare(Input.ASIM_NETWORK_SESSIONS, resource("asim/network-sessions.jsonl"), config);
            for (Input input : List.of(Input.DNS_EVENTS, Input.FIREWALL_EVENTS, Input.VM_CONNECTIONS, Input.DNS_CLIENT_EVENTS)) {
                List<String> lines = new ArrayList<>();
                lines.add("{" + T + "}");   // the first line makes the file JSON lines
                lines.addAll(EDGE_CASES);
                compared += compare(input, lines, config);
            }
        }
        assertTrue(compared > 10_000, "compared " + compared + " lines");
    }

    @Test
    void aLineFromTheFutureIsTheSameDeadLetter() {
        DetectionConfig config = DetectionConfig.defaults().withMaxFutureMillis(60_000);
        List<String> lines = new ArrayList<>(List.of("{" + T + "}"));
        lines.addAll(EDGE_CASES);
        assertEquals(EDGE_CASES.size(), compare(Input.DNS_EVENTS, lines, config, () -> 0L));
    }

    @Test
    void aLineOverTheRecordLimitIsTheSameDeadLetter() {
        DetectionConfig config = DetectionConfig.defaults().withMaxRecordBytes(64);
        String line = "{" + T + ",\"SubType\":\"LookupResponse\",\"Name\":\"" + "a".repeat(100) + "\"}";
        assertEquals(1, compare(Input.DNS_EVENTS, List.of("{" + T + "}", line), config));
    }

    /** Feeds the lines to two parsers of one input, as a file source does; returns how many went by bytes. */
    static int compare(Input input, List<String> lines, DetectionConfig config) {
        return compare(input, lines, config, () -> Long.MAX_VALUE / 4);
    }

    static int compare(Input input, List<String> lines, DetectionConfig config, RecordParser.Clock clock) {
        RecordParser text = new RecordParser(input, config, clock).forNewFile();
        RecordParser bytes = new RecordParser(input, config, clock).forNewFile();
        int n = 0;
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            boolean ascii = b.length > 0 && b[0] == '{' && b.length == line.length();
            ParsedRecord want = text.parse(line);
            ParsedRecord got;
            if (bytes.parsesBytes() && ascii) {
                got = bytes.parse(b, 0, b.length);
                n++;
            } else {
                got = bytes.parse(line);
            }
            assertEquals(describe(want), describe(got), input + " " + config.mode() + ": " + line);
            assertEquals(Objects.toString(text.skippedReason()), Objects.toString(bytes.skippedReason()), line);
        }
        return n;
    }

    static String describe(ParsedRecord r) {
        if (r == null) return "null";
        String dead = r.deadLetter == null ? "-" : r.deadLetter.source + "|" + r.deadLetter.reason + "|" + r.deadLetter.record + "|"
                + (r.deadLetter.raw == null) + "|" + r.deadLetter.topic + "|" + r.deadLetter.partition + "|" + r.deadLetter.offset;
        return r.time + " " + r.dnsQuery + " " + r.flow + " " + r.skipReason + " " + dead;
    }

    private List<String> resource(String name) throws Exception {
        return Files.readAllLines(Path.of(getClass().getResource("/" + name).toURI()));
    }
}
