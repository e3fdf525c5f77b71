package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.rules.txtburst.TxtQueries;
import dev.dnshunter.generate.BenchDataWriter.Result;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDataWriterTest {
    private static final long RECORDS = 50_000;
    private static final long MINUTE = 60_000L;
    private static final Map<Input, String> DIRS = new EnumMap<>(Map.of(
            Input.DNS_EVENTS, DataSetGenerator.DNS_EVENTS_DIR,
            Input.FIREWALL_EVENTS, DataSetGenerator.FIREWALL_EVENTS_DIR,
            Input.VM_CONNECTIONS, DataSetGenerator.VM_CONNECTIONS_DIR,
            Input.DNS_CLIENT_EVENTS, DataSetGenerator.DNS_CLIENT_EVENTS_DIR));

    @TempDir
    static Path tmp;
    private static Result first;
    private static Result again;
    private static Result otherSeed;
    private static String progress;
    /** Every line of the first data set that parses, by input, in file order. */
    private static final Map<Input, List<ParsedRecord>> parsed = new EnumMap<>(Input.class);
    private static final Map<Input, Integer> deadLetters = new EnumMap<>(Input.class);

    @BeforeAll
    static void write() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        first = BenchDataWriter.write(tmp.resolve("first"), RECORDS, 1, new PrintStream(out, true, StandardCharsets.UTF_8));
        progress = out.toString(StandardCharsets.UTF_8);
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        again = BenchDataWriter.write(tmp.resolve("again"), RECORDS, 1, quiet);
        otherSeed = BenchDataWriter.write(tmp.resolve("other"), RECORDS, 2, quiet);
        for (Input input : DIRS.keySet()) {
            RecordParser parser = new RecordParser(input, DetectionConfig.defaults());
            List<ParsedRecord> records = new ArrayList<>();
            int dead = 0;
            for (Path file : parts(first, input)) {
                for (String line : Files.readAllLines(file)) {
                    ParsedRecord r = parser.parse(line);
                    if (r == null || r.carriesOnlyTime()) continue;
                    if (r.deadLetter != null) dead++;
                    else records.add(r);
                }
            }
            parsed.put(input, records);
            deadLetters.put(input, dead);
        }
    }

    @Test
    void writesEightTimeOrderedFilesPerInputAndNothingElse() throws IOException {
        for (Input input : DIRS.keySet()) {
            try (Stream<Path> files = Files.list(first.input(DIRS.get(input)))) {
                assertEquals(BenchDataWriter.PARTS, files.count(), input.id);
            }
            String previous = "";
            for (Path file : parts(first, input)) {
                List<String> lines = Files.readAllLines(file);
                assertFalse(lines.isEmpty(), file.toString());
                for (String line : lines) {
                    int at = line.indexOf("\"TimeGenerated\":\"");
                    // A line cut short may have lost its time, and an impossible date has no place in the order.
                    if (at < 0 || line.length() < at + 17 + 28 || line.contains("2026-11-31")) continue;
                    String time = line.substring(at + 17, at + 17 + 28);
                    assertTrue(time.compareTo(previous) >= 0, file + ": " + time + " after " + previous);
                    previous = time;
                }
            }
        }
        try (Stream<Path> top = Files.list(tmp)) {
            // The partial directory is gone once the data set is in place.
            assertEquals(Set.of("first", "again", "other"),
                    top.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void writesAboutTheRequestedRecordsAndCountsThemRight() throws IOException {
        long total = 0;
        Map<Input, Long> lines = new EnumMap<>(Input.class);
        for (Input input : DIRS.keySet()) {
            long n = 0;
            for (Path file : parts(first, input)) n += Files.readAllLines(file).size();
            lines.put(input, n);
            total += n;
        }
        assertEquals(total, first.records());
        assertTrue(Math.abs(total - RECORDS) < RECORDS / 100, "records " + total);
        assertEquals(lines.get(Input.DNS_EVENTS), first.dnsEventLines());
        assertEquals(lines.get(Input.FIREWALL_EVENTS), first.firewallEventLines());
        assertEquals(lines.get(Input.VM_CONNECTIONS), first.vmConnectionLines());
        assertEquals(lines.get(Input.DNS_CLIENT_EVENTS), first.dnsClientEventLines());
        // Flows at about half a flow per lookup, mostly through the firewall; client events a small share.
        double flows = first.firewallEventLines() + first.vmConnectionLines();
        assertTrue(flows / first.dnsEventLines() > 0.35 && flows / first.dnsEventLines() < 0.8, "flows " + flows);
        assertTrue(first.firewallEventLines() > 1.5 * first.vmConnectionLines(), "firewall share");
        assertTrue(first.dnsClientEventLines() < 0.25 * total, "client events");
        assertTrue(progress.contains("bench data: 50%"), progress);
        assertTrue(progress.contains("bench data: 100%"), progress);
    }

    @Test
    void everyLineParsesExceptTheDeliberateBadOnes() {
        for (Input input : DIRS.keySet()) {
            assertEquals(first.badLinesPerInput(), deadLetters.get(input), input.id);
            assertFalse(parsed.get(input).isEmpty(), input.id);
        }
        assertEquals(2 * BenchDataWriter.PARTS, first.badLinesPerInput());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData() throws IOException {
        for (Input input : DIRS.keySet()) {
            List<Path> a = parts(first, input);
            List<Path> b = parts(again, input);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
            }
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.get(0)),
                    Files.readAllBytes(parts(otherSeed, input).get(0))), input.id);
        }
    }

    @Test
    void reportsTheDistinctDomainsAndClientsOfTheLookups() {
        DomainRules rules = ReferenceDetector.domainRules(DetectionConfig.defaults());
        Set<String> domains = new HashSet<>();
        Set<String> clients = new HashSet<>();
        for (ParsedRecord r : parsed.get(Input.DNS_EVENTS)) {
            domains.add(rules.domainOf(withoutServiceLabels(r.dnsQuery.name)));
            clients.add(r.dnsQuery.clientAddress);
        }
        assertEquals(domains.size(), first.domains());
        assertEquals(clients.size(), first.clients());
        for (String c : clients) assertTrue(c.startsWith("10."), c);
        // Synthetic names under real public suffixes, one and two labels deep.
        assertTrue(domains.stream().anyMatch(d -> d.endsWith(".co.uk") && d.split("\\.").length == 3), "co.uk");
        assertTrue(domains.stream().anyMatch(d -> d.endsWith(".de")), "de");
        // Most of the small universe appears, and most clients.
        assertTrue(first.domains() > first.domainUniverse() / 2, first.domains() + " of " + first.domainUniverse());
        assertTrue(first.clients() > first.clientUniverse() * 9 / 10, first.clients() + " of " + first.clientUniverse());
    }

    /**
     * _dmarc.example.com is not a host name, so the job takes it for a domain of its own; what is counted is the
     * registrable domain it belongs to.
     */
    private static String withoutServiceLabels(String name) {
        int underscore = name.lastIndexOf("._");
        int from = underscore < 0 ? (name.startsWith("_") ? name.indexOf('.') + 1 : 0) : name.indexOf('.', underscore + 1) + 1;
        return name.substring(from);
    }

    @Test
    void readsTheSummaryBackAndRefusesToOverwrite() throws IOException {
        Result read = BenchDataWriter.read(first.dir());
        assertNotNull(read);
        assertEquals(first.records(), read.records());
        assertEquals(first.domains(), read.domains());
        assertEquals(first.clients(), read.clients());
        assertEquals(first.detectFromMillis(), read.detectFromMillis());
        assertEquals(DataSetGenerator.detectFromMillis(GeneratorOptions.defaults(tmp).withDays(14)), read.detectFromMillis());
        assertNull(BenchDataWriter.read(tmp.resolve("missing")));
        assertThrows(IOException.class, () -> BenchDataWriter.write(first.dir(), RECORDS, 1, System.err));
    }

    @Test
    void theDetectionWeekHasTxtBurstsInBothSources() {
        long from = first.detectFromMillis();
        Map<String, List<Long>> dnsTxt = new HashMap<>();
        for (ParsedRecord r : parsed.get(Input.DNS_EVENTS)) {
            DnsQuery e = r.dnsQuery;
            if (e.queryType == DnsQuery.TYPE_TXT && e.time >= from) dnsTxt.computeIfAbsent(e.clientAddress, k -> new ArrayList<>()).add(e.time);
        }
        assertTrue(hasBurst(dnsTxt), "no DnsEvents TXT burst");
        Map<String, List<Long>> clientTxt = new HashMap<>();
        for (ParsedRecord r : parsed.get(Input.DNS_CLIENT_EVENTS)) {
            TxtQuery q = TxtQueries.fromDnsQuery(r.dnsQuery);
            if (q.time >= from) clientTxt.computeIfAbsent(q.host, k -> new ArrayList<>()).add(q.time);
        }
        assertTrue(hasBurst(clientTxt), "no DNS client TXT burst");
        assertEquals(7, first.dnsTxtBursts());
        assertEquals(7, first.clientTxtBursts());
    }

    /** More than five queries of one host within five minutes. */
    private static boolean hasBurst(Map<String, List<Long>> timesByHost) {
        for (List<Long> times : timesByHost.values()) {
            times.sort(null);
            for (int i = 0; i + 5 < times.size(); i++) if (times.get(i + 5) - times.get(i) < 5 * MINUTE) return true;
        }
        return false;
    }

    @Test
    void theDetectionWeekHasRareLookupsFollowedByTransfersToTheirAddress() {
        DomainRules rules = ReferenceDetector.domainRules(DetectionConfig.defaults());
        Map<String, Integer> lookupsPerDomain = new HashMap<>();
        for (ParsedRecord r : parsed.get(Input.DNS_EVENTS)) lookupsPerDomain.merge(rules.domainOf(r.dnsQuery.name), 1, Integer::sum);
        List<NetworkFlow> flows = new ArrayList<>();
        for (ParsedRecord r : parsed.get(Input.FIREWALL_EVENTS)) flows.add(r.flow);
        for (ParsedRecord r : parsed.get(Input.VM_CONNECTIONS)) flows.add(r.flow);
        int exfiltrations = 0;
        for (ParsedRecord r : parsed.get(Input.DNS_EVENTS)) {
            DnsQuery e = r.dnsQuery;
            if (e.time < first.detectFromMillis() || !e.hasAddresses()) continue;
            if (lookupsPerDomain.get(rules.domainOf(e.name)) != 1) continue;
            Set<String> answers = new HashSet<>(List.of(e.addresses.replace(" ", "").split(",")));
            long sent = 0;
            for (NetworkFlow f : flows) {
                if (f.sourceAddress.equals(e.clientAddress) && answers.contains(f.destinationAddress) && f.time > e.time
                        && f.time <= e.time + 60 * MINUTE) {
                    sent += f.bytesFromClient;
                }
            }
            if (sent > 1_000_000) exfiltrations++;
        }
        assertTrue(exfiltrations >= 7, "exfiltrations found: " + exfiltrations);
        assertEquals(21, first.exfiltrations());
    }

    @Test
    void clientEventDescriptionsAreTheGeneratorsTemplates() {
        StringBuilder b = new StringBuilder();
        new BenchSampling.Template(DnsClientTraffic.CALLED_TEXT).append(b, "x.example.com", 16, 140737488355328L, "");
        assertEquals(String.format(Locale.ROOT, DnsClientTraffic.CALLED_TEXT, "x.example.com", 16, 140737488355328L, ""),
                b.toString());
    }

    @Test
    void zipfHeadIsCommonAndTailIsReached() {
        BenchSampling.Zipf zipf = new BenchSampling.Zipf(1_000_000);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int first = 0;
        int tail = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            int k = zipf.sample(r);
            assertTrue(k >= 1 && k <= 1_000_000);
            if (k == 1) first++;
            if (k > 100_000) tail++;
        }
        // 1 / H(10^6) = 0.0695 of draws are rank 1; ranks past 10^5 hold ln(10) / H(10^6) = 0.16.
        assertEquals(0.0695, first / (double) n, 0.004);
        assertEquals(0.16, tail / (double) n, 0.01);
    }

    private static List<Path> parts(Result r, Input input) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < BenchDataWriter.PARTS; i++) files.add(r.input(DIRS.get(input)).resolve("part-" + i + ".jsonl"));
        return files;
    }
}
