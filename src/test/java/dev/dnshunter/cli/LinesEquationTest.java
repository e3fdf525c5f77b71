package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.inspect.FileReport;
import dev.dnshunter.inspect.Inspector;
import dev.dnshunter.pipeline.Input;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing vanishes: for every format, the committed fixtures through the real backfill (one MiniCluster run with
 * every input) give {@code read = used + skipped (by reason) + blank + dead letters} for that input, with the counts
 * the fixtures document, and {@code inspect} gives the same counts for the same files. A new format is one more
 * entry in {@link #FORMATS}.
 */
class LinesEquationTest {
    /** One format: its input, its fixtures (under src/test/resources) and what their lines must become. */
    record Format(Input input, List<String> fixtures, long read, long used, Map<String, Long> skipped, long blank, long deadLetters) {
        long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The line of the backfill summary for this input. */
        String summaryLine() {
            StringBuilder why = new StringBuilder();
            new TreeMap<>(skipped).forEach((reason, n) -> why.append(why.length() == 0 ? " (" : ", ").append(n).append(' ').append(reason));
            if (why.length() > 0) why.append(')');
            return String.format("  %s: %d lines read = %d used + %d skipped%s + %d blank + %d dead letters", input.id, read, used,
                    skippedTotal(), why, blank, deadLetters);
        }

        @Override
        public String toString() {
            return input.id;
        }
    }

    static final List<Format> FORMATS = List.of(
            // 3 LookupQuery rows, 1 DynamicRegistration, 1 blank, no TimeGenerated, "yesterday", no ClientIP
            new Format(Input.DNS_EVENTS, List.of("sentinel/dns-events.jsonl"), 8, 3, Map.of("another SubType", 1L), 1, 3),
            // 2 Palo Alto TRAFFIC rows, a THREAT row and a Fortinet row, SentBytes -5, a line that is not JSON
            new Format(Input.FIREWALL_EVENTS, List.of("sentinel/firewall-events.jsonl"), 6, 2, Map.of("another vendor or activity", 2L), 0, 2),
            // outbound and Outbound, inbound, outbound without DestinationPort
            new Format(Input.VM_CONNECTIONS, List.of("sentinel/vm-connections.jsonl"), 4, 2, Map.of("another direction", 1L), 0, 1),
            // a TXT query (3006), an A query, a 3008 completion, a System log event, an unparsable description
            new Format(Input.DNS_CLIENT_EVENTS, List.of("sentinel/dns-client-events.jsonl"), 5, 1,
                    Map.of("another event log or id", 2L, "another query type", 1L), 0, 1),
            // dns.log: 9 # lines, 5 queries, 1 without query, 2 bad rows; dns.json: 3 queries, 1 blank, 1 without query, 2 bad
            new Format(Input.ZEEK_DNS, List.of("zeek/dns.log", "zeek/dns.json"), 17 + 7, 5 + 3, Map.of("header line", 9L, "no query", 2L),
                    1, 2 + 2),
            // conn.log: 9 # lines, 4 flows, 1 without bytes, 1 bad port; conn.json: 2 flows, 1 without bytes, 1 bad address
            new Format(Input.ZEEK_CONN, List.of("zeek/conn.log", "zeek/conn.json"), 15 + 4, 4 + 2, Map.of("header line", 9L, "no bytes", 2L),
                    0, 1 + 1),
            // Event, WindowsEvent, raw XML and NXLog 22 rows; a Sysmon 1 and a Security 4624; no QueryName, a bad
            // UtcTime, a line that is neither JSON nor XML
            new Format(Input.SYSMON_EVENTS, List.of("sysmon/events.jsonl"), 9, 4, Map.of("another event source or id", 2L), 0, 3),
            // 4 responses (one without SrcIpAddr), a request, an Update; no DnsQuery, a bad SrcIpAddr, DnsQueryType
            // 70000, no TimeGenerated; 1 blank
            new Format(Input.ASIM_DNS, List.of("asim/dns.jsonl"), 11, 4,
                    Map.of("request (its response row repeats it)", 1L, "another EventType", 1L), 1, 4),
            // End/Outbound, Flow without direction, NA IPv6; a Start, Inbound, Local, IDS, no bytes; SrcBytes -5, no
            // DstIpAddr, DstPortNumber 70000, a truncated line
            new Format(Input.ASIM_NETWORK_SESSIONS, List.of("asim/network-sessions.jsonl"), 12, 3,
                    Map.of("session start (its end row repeats it)", 1L, "another direction", 2L, "another EventType", 1L, "no bytes", 1L), 0, 4),
            // eve.json: 8 dns records, a flow, an ICMP flow, an alert and a stats record, 1 blank, 6 bad lines;
            // eve-answers.json: 11 dns records (responses of every kind, a request)
            new Format(Input.SURICATA_EVE, List.of("suricata/eve.json", "suricata/eve-answers.json"), 19 + 11, 9 + 11,
                    Map.of("another event_type", 2L, "no port", 1L), 1, 6),
            // events.ndjson, 15 lines: used 6 = 4 DNS documents (Packetbeat nested, Zeek dotted, Winlogbeat Sysmon 22,
            // a TXT request) + 2 flows (a Packetbeat flow, a dotted inbound Zeek connection); skipped 3 = an alert (another
            // event.kind), a process event (neither a DNS query nor a flow), a flow start without bytes; 1 blank line;
            // 5 dead letters = no @timestamp, source.ip "host-a", destination.port 70000, dns.question.name an object,
            // a JSON array line
            new Format(Input.ECS, List.of("ecs/events.ndjson"), 15, 6,
                    Map.of("another event.kind", 1L, "neither a DNS query nor a flow", 1L, "no bytes", 1L), 1, 5));

    @TempDir
    static Path dir;
    static MainTest.Result backfill;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(LinesEquationTest.class.getResource("/" + name), name).toURI());
    }

    /** Each input's fixtures in a directory of their own, as backfill reads a directory. */
    static Path inputDir(Format f) throws Exception {
        Path d = Files.createDirectories(dir.resolve("in").resolve(f.input.id));
        for (String name : f.fixtures) {
            Path target = d.resolve(Path.of(name).getFileName());
            if (!Files.exists(target)) Files.copy(fixture(name), target);
        }
        return d;
    }

    @BeforeAll
    static void runBackfill() throws Exception {
        List<String> args = new ArrayList<>(List.of("backfill", "--alerts-out", dir.resolve("alerts").toString(), "--parallelism", "1"));
        for (Format f : FORMATS) {
            args.add("--" + f.input.id);
            args.add(inputDir(f).toString());
        }
        backfill = MainTest.run(args.toArray(String[]::new));
    }

    static Stream<Format> formats() {
        return FORMATS.stream();
    }

    @Test
    void theWholeRunAddsUp() {
        assertEquals(0, backfill.code(), backfill.err());
        long read = 0, used = 0, skipped = 0, blank = 0, dead = 0;
        for (Format f : FORMATS) {
            assertEquals(f.read, f.used + f.skippedTotal() + f.blank + f.deadLetters, f + ": the expected counts themselves");
            read += f.read;
            used += f.used;
            skipped += f.skippedTotal();
            blank += f.blank;
            dead += f.deadLetters;
        }
        String total = String.format("%d lines read = %d used + %d skipped + %d blank + %d dead letters%n", read, used, skipped, blank, dead);
        assertTrue(backfill.out().contains(total), backfill.out());
        assertTrue(!backfill.out().contains("does not add up"), backfill.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void backfillAccountsForEveryLineByReason(Format f) {
        assertTrue(backfill.out().contains(f.summaryLine() + System.lineSeparator()), "expected\n" + f.summaryLine() + "\nin\n" + backfill.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void inspectGivesTheBackfillsCounts(Format f) throws Exception {
        Inspector inspector = new Inspector(DetectionConfig.defaults());
        long read = 0, used = 0, blank = 0, dead = 0;
        Map<String, Long> skipped = new TreeMap<>();
        for (org.apache.flink.core.fs.Path file : Inspector.files(List.of(inputDir(f)))) {
            FileReport r = inspector.inspect(file, null);
            assertEquals(f.input.id, r.format, file + " recognized");
            read += r.rows;
            used += r.used;
            blank += r.blank;
            dead += r.deadLetterTotal();
            r.skipped.forEach((reason, n) -> skipped.merge(reason, n, Long::sum));
        }
        assertEquals(List.of(f.read, f.used, new TreeMap<>(f.skipped), f.blank, f.deadLetters), List.of(read, used, skipped, blank, dead));
    }
}
