package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import dev.dnshunter.generate.DataSetGenerator.Injected;
import dev.dnshunter.generate.DataSetGenerator.InjectedTxt;
import dev.dnshunter.generate.DataSetGenerator.Summary;
import dev.dnshunter.net.DomainRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = DetectionConfig.DAY;
    private static final Pattern TIME_GENERATED = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");

    @TempDir
    static Path shared;
    /** The default volume over a baseline week and one detection day. */
    private static Summary full;
    /** A small data set with two detection days. */
    private static Summary small;

    @BeforeAll
    static void generateFullSizeDay() {
        full = DataSetGenerator.generate(GeneratorOptions.defaults(shared.resolve("full")).withDays(8));
        small = DataSetGenerator.generate(small(shared.resolve("small")));
    }

    private static GeneratorOptions small(Path dir) {
        return GeneratorOptions.defaults(dir).withDays(9).withClients(40).withLookupsPerDay(1_500).withExfiltrations(4);
    }

    @Test
    void theSameSeedWritesIdenticalFiles(@TempDir Path dir) throws IOException {
        Summary a = DataSetGenerator.generate(small(dir.resolve("a")));
        Summary b = DataSetGenerator.generate(small(dir.resolve("b")));
        List<Path> filesA = files(dir.resolve("a"));
        assertEquals(filesA, files(dir.resolve("b")));
        assertEquals(7, filesA.size(), filesA::toString);
        for (Path f : filesA) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)),
                    f::toString);
        }
        assertEquals(a.injected(), b.injected());
        assertEquals(a.injectedTxt(), b.injectedTxt());

        DataSetGenerator.generate(small(dir.resolve("c")).withSeed(2));
        assertFalse(Files.mismatch(a.dnsEventsFile(), dir.resolve("c").resolve(dir.resolve("a").relativize(a.dnsEventsFile())))
                == -1L);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyInjectedExfiltrationIsAmongTheExpectedAlerts() throws IOException {
        for (Summary s : List.of(full, small)) {
            List<JsonNode> alerts = ofRule(readJson(s.expectedAlertsFile()), RareDnsAlert.RULE);
            List<JsonNode> injected = ofRule(readJson(s.injectedFile()), RareDnsAlert.RULE);
            assertEquals(s.options().exfiltrations(), injected.size());
            assertEquals(s.injected().get(0).domain(), injected.get(0).get("domain").asText());
            assertEquals(s.injected().size(), injected.size());
            Set<String> domains = new HashSet<>();
            for (Injected i : s.injected()) {
                assertTrue(i.lookupTime() >= s.detectFromMillis(), i::toString);
                assertTrue(domains.add(i.domain()), "each exfiltration has a domain of its own");
                long sent = 0;
                long flows = 0;
                for (JsonNode a : alerts) {
                    if (a.get("clientIp").asText().equals(i.client()) && a.get("domain").asText().equals(i.domain())
                            && a.get("destinationIp").asText().equals(i.destinationIp())
                            && a.get("destinationPort").asInt() == i.destinationPort()
                            && a.get("dataType").asText().equals(i.dataType())) {
                        sent += a.get("sentBytes").asLong();
                        flows += a.get("connectionCount").asLong();
                    }
                }
                assertEquals(i.sentBytes(), sent, i::toString);
                assertEquals(i.flows(), flows, i::toString);
                assertTrue(i.sentBytes() >= 3_000_000, "several megabytes");
            }
            // The first one is looked up before midnight and used after it.
            Injected midnight = s.injected().get(0);
            assertEquals(Math.floorDiv(midnight.lookupTime(), DAY) + 1, Math.floorDiv(midnight.firstFlowTime(), DAY));
            // Both data types and the domain traps are represented.
            assertEquals(Set.of(Flow.PALO_ALTO, Flow.VM_CONNECTION),
                    s.injected().stream().map(Injected::dataType).collect(Collectors.toSet()));
            assertTrue(s.injected().stream().anyMatch(i -> i.domain().endsWith(".co.uk") && !i.domain().equals("co.uk")));
            assertTrue(s.injected().stream().anyMatch(i -> i.domain().endsWith(".s3.amazonaws.com")));
        }
    }

    private static List<JsonNode> ofRule(List<JsonNode> nodes, String rule) {
        return nodes.stream().filter(n -> n.get("rule").asText().equals(rule)).collect(Collectors.toList());
    }

    @Test
    void theMidnightExfiltrationReportsTheNextDaysBaseline() {
        Injected midnight = full.injected().get(0);
        RareDnsAlert alert = expected(full).stream().filter(a -> a.domain.equals(midnight.domain())).findFirst().orElseThrow();
        assertEquals(Math.floorDiv(midnight.firstFlowTime(), DAY) * DAY, alert.windowStart);
        assertEquals(1, alert.baselineCount, "its own lookup at 23:50 is in the next day's lookback");
    }

    private static List<RareDnsAlert> expected(Summary s) {
        return ReferenceDetector.detectFiles(s.dnsEventsFile(), s.firewallEventsFile(), s.vmConnectionsFile(),
                s.detectionConfig());
    }

    private static List<DnsTxtAlert> expectedTxt(Summary s) {
        return ReferenceTxtDetector.detectFiles(s.dnsEventsFile(), s.dnsClientEventsFile(), s.detectionConfig());
    }

    @Test
    void expectedAlertsAreBothReferenceDetectorsOverTheFilesSortedAsText() throws IOException {
        List<String> lines = Files.readAllLines(full.expectedAlertsFile());
        List<String> again = new ArrayList<>();
        expected(full).forEach(a -> again.add(AlertJson.toJson(a)));
        List<DnsTxtAlert> txt = expectedTxt(full);
        txt.forEach(a -> again.add(AlertJson.toJson(a)));
        again.sort(null);
        assertEquals(again, lines);
        assertEquals(full.expectedAlerts(), lines.size());
        assertEquals(full.expectedTxtAlerts(), txt.size());
        // Benign traffic to rare domains alerts too; the planted attacks are a few of many.
        assertTrue(lines.size() - txt.size() > 20 * full.injected().size(), "benign alerts: " + lines.size());
        // Both sources, and TXT alerts before detect-from: that limit is the other rule's.
        assertEquals(Set.of(TxtQuery.DNS_EVENTS, TxtQuery.DNS_CLIENT_EVENTS),
                txt.stream().map(a -> a.source).collect(Collectors.toSet()));
        assertTrue(txt.stream().anyMatch(a -> a.firstQueryTime < full.detectFromMillis()), txt::toString);
    }

    @Test
    void theDnsliveryAttackAlertsOnceAndItsSecondStageIsSuppressed() throws Exception {
        for (Summary s : List.of(full, small)) {
            List<InjectedTxt> planted = s.injectedTxt().stream()
                    .filter(i -> i.source().equals(TxtQuery.DNS_CLIENT_EVENTS)).collect(Collectors.toList());
            assertEquals(3, planted.size(), planted::toString);
            InjectedTxt first = planted.get(0);
            InjectedTxt second = planted.get(1);
            InjectedTxt third = planted.get(2);
            assertEquals(List.of(false, true, false), planted.stream().map(InjectedTxt::suppressed).toList());
            assertEquals(1, planted.stream().map(InjectedTxt::host).distinct().count());
            assertTrue(first.host().matches("[a-z0-9-]+\\.corp\\.contoso\\.com"), first.host());
            assertTrue(first.firstQueryTime() >= s.detectFromMillis(), "after the baseline week");
            long gap = second.firstQueryTime() - first.firstQueryTime();
            assertTrue(gap >= 30 * 60_000 && gap < 32 * 60_000, "second stage half an hour later: " + gap);
            assertTrue(third.firstQueryTime() > first.lastQueryTime() + 60 * 60_000, "third after the hour");
            for (InjectedTxt i : planted) {
                assertTrue(i.name().startsWith("launcher."), i::toString);
                assertTrue(i.queries() >= 19 && i.lastQueryTime() - i.firstQueryTime() < 2 * 60_000, i::toString);
            }

            List<DnsTxtAlert> onHost = readTxtAlerts(s).stream()
                    .filter(a -> a.source.equals(TxtQuery.DNS_CLIENT_EVENTS) && a.host.equals(first.host()))
                    .collect(Collectors.toList());
            assertEquals(List.of(first.firstQueryTime(), third.firstQueryTime()),
                    onHost.stream().map(a -> a.firstQueryTime).toList(), onHost::toString);
            DnsTxtAlert a = onHost.get(0);
            assertEquals(6, a.queryCount);
            // The launcher was retried: six queries, five names.
            assertEquals(5, a.queryNames.length);
            assertEquals(first.name(), a.queryNames[0]);
            assertTrue(a.queryNames[1].startsWith("1."), a::toString);
            assertArrayEquals(new String[] {first.registeredDomain()}, a.registeredDomains);
            assertTrue(a.lastQueryTime - a.firstQueryTime < 5 * 60_000);

            List<JsonNode> injectedLines = ofRule(readJson(s.injectedFile()), DnsTxtAlert.RULE);
            assertEquals(s.injectedTxt().size(), injectedLines.size());
            assertTrue(injectedLines.stream().anyMatch(n -> n.get("suppressed").asBoolean()
                    && n.get("host").asText().equals(second.host())));
        }
    }

    /** The TXT alerts among the expected alerts. */
    private static List<DnsTxtAlert> readTxtAlerts(Summary s) throws IOException, BadRecordException {
        List<DnsTxtAlert> alerts = new ArrayList<>();
        for (JsonNode n : ofRule(readJson(s.expectedAlertsFile()), DnsTxtAlert.RULE)) {
            DnsTxtAlert a = new DnsTxtAlert();
            a.source = n.get("source").asText();
            a.host = n.get("host").asText();
            a.firstQueryTime = TimeGenerated.parseMillis(n.get("firstQueryTime").asText());
            a.lastQueryTime = TimeGenerated.parseMillis(n.get("lastQueryTime").asText());
            a.queryCount = n.get("queryCount").asInt();
            a.queryNames = JSON.convertValue(n.get("queryNames"), String[].class);
            a.registeredDomains = JSON.convertValue(n.get("registeredDomains"), String[].class);
            alerts.add(a);
        }
        alerts.sort(ReferenceTxtDetector.ALERT_ORDER);
        return alerts;
    }

    @Test
    void onlyTheAttackedHostAlertsAmongTheClientEvents() throws Exception {
        String attacked = full.injectedTxt().stream().filter(i -> i.source().equals(TxtQuery.DNS_CLIENT_EVENTS))
                .findFirst().orElseThrow().host();
        for (DnsTxtAlert a : readTxtAlerts(full)) {
            if (a.source.equals(TxtQuery.DNS_CLIENT_EVENTS)) assertEquals(attacked, a.host, a::toString);
        }
        List<TxtQuery> queries = ReferenceTxtDetector.readQueries(null, full.dnsClientEventsFile(), full.detectionConfig());
        Map<String, Integer> perHost = new HashMap<>();
        for (TxtQuery q : queries) count(perHost, q.host);
        assertTrue(perHost.get("exch01.corp.contoso.com") > 8 * 50 * 2, perHost::toString);
        assertTrue(perHost.size() >= 4, perHost::toString);

        // The completion and response events repeat every query; counted, the mail server would alert all day.
        DetectionConfig allIds = full.detectionConfig().withTxtEventIds(3006, 3008, 3020);
        long mailAlerts = ReferenceTxtDetector.detectFiles(null, full.dnsClientEventsFile(), allIds).stream()
                .filter(a -> a.host.equals("exch01.corp.contoso.com")).count();
        assertTrue(mailAlerts > 50, "mail server alerts with completions counted: " + mailAlerts);

        // The near misses: five quick queries, and six whose first and last are exactly the span apart.
        List<TxtQuery> version = queries.stream().filter(q -> q.name.contains(".version.")).toList();
        List<TxtQuery> licence = queries.stream().filter(q -> q.name.contains(".licence.")).toList();
        assertEquals(5, version.size());
        assertEquals(6, licence.size());
        assertEquals(5 * 60_000, licence.get(5).time - licence.get(0).time);
        DetectionConfig longer = full.detectionConfig().withTxtSpanMillis(5 * 60_000 + 1);
        assertTrue(ReferenceTxtDetector.detect(queries, longer, ReferenceDetector.domainRules(longer)).stream()
                .anyMatch(a -> a.host.equals(licence.get(0).host) && a.firstQueryTime == licence.get(0).time));
    }

    @Test
    void benignDnsEventsTxtLookupsNeverFormABurst(@TempDir Path dir) throws Exception {
        for (Summary s : List.of(full, DataSetGenerator.generate(small(dir).withSeed(5).withLookupsPerDay(5_000)))) {
            List<InjectedTxt> planted = s.injectedTxt().stream()
                    .filter(i -> i.source().equals(TxtQuery.DNS_EVENTS)).collect(Collectors.toList());
            assertFalse(planted.isEmpty());
            Set<String> plantedDomains = planted.stream().map(InjectedTxt::registeredDomain).collect(Collectors.toSet());
            DomainRules domains = ReferenceDetector.domainRules(s.detectionConfig());
            List<TxtQuery> benign = ReferenceTxtDetector.readQueries(s.dnsEventsFile(), null, s.detectionConfig())
                    .stream().filter(q -> !plantedDomains.contains(domains.domainOf(q.name))).toList();
            assertTrue(benign.size() > 50, "benign TXT lookups: " + benign.size());
            assertEquals(List.of(), ReferenceTxtDetector.detect(benign, s.detectionConfig(), domains));

            // So the DnsEvents TXT alerts are the planted bursts, each starting on its first query.
            List<DnsTxtAlert> alerts = readTxtAlerts(s).stream().filter(a -> a.source.equals(TxtQuery.DNS_EVENTS)).toList();
            List<String> want = planted.stream().filter(i -> !i.suppressed())
                    .map(i -> i.host() + "@" + i.firstQueryTime()).toList();
            assertEquals(want, alerts.stream().map(a -> a.host + "@" + a.firstQueryTime).toList());
        }
    }

    @Test
    void badLineCountsMatchWhatTheParsersReject() throws IOException {
        assertArrayEquals(new long[] {full.badDnsEventLines(), full.dnsEventLines()},
                reject(full.dnsEventsFile(), new DnsEventParser()));
        assertArrayEquals(new long[] {full.badFirewallEventLines(), full.firewallEventLines()},
                reject(full.firewallEventsFile(), new FirewallEventParser()));
        assertArrayEquals(new long[] {full.badVmConnectionLines(), full.vmConnectionLines()},
                reject(full.vmConnectionsFile(), new VmConnectionParser()));
        assertArrayEquals(new long[] {full.badDnsClientEventLines(), full.dnsClientEventLines()},
                reject(full.dnsClientEventsFile(), new DnsClientEventParser(full.detectionConfig().txtEventIds())));
        assertTrue(full.badDnsEventLines() >= 3);
        assertTrue(full.badDnsClientEventLines() >= 3);
        JsonNode dataSet = JSON.readTree(full.dataSetFile().toFile());
        assertEquals(full.badFirewallEventLines(), dataSet.get("badLines").get("firewallEvents").asInt());
        assertEquals(full.badDnsClientEventLines(), dataSet.get("badLines").get("dnsClientEvents").asInt());
        assertEquals(full.dnsEventLines(), dataSet.get("lines").get("dnsEvents").asLong());
        assertEquals(full.dnsClientEventLines(), dataSet.get("lines").get("dnsClientEvents").asLong());
        assertEquals("dns-client-events/part-0.jsonl", dataSet.get("files").get("dnsClientEvents").asText());
        assertEquals(full.expectedTxtAlerts(), dataSet.get("expectedTxtAlerts").asInt());
        assertEquals(full.injectedTxt().size(), dataSet.get("injectedTxt").asInt());
        assertEquals("2026-11-08T00:00:00.000Z", dataSet.get("detectFrom").asText());
    }

    /** {rejected lines, all lines} of a file. */
    private static long[] reject(Path file, LineParser<?> parser) throws IOException {
        long[] counts = new long[2];
        JsonLines.forEachLine(file, line -> {
            counts[1]++;
            try {
                parser.parse(line);
            } catch (BadRecordException e) {
                counts[0]++;
            }
        });
        return counts;
    }

    @Test
    void rowsLookLikeALogAnalyticsExport() throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        DomainRules domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
        Map<String, Integer> lookupsPerDomain = new HashMap<>();
        scan(full.dnsEventsFile(), row -> {
            String name = row.get("Name").asText();
            count(seen, "SubType=" + row.get("SubType").asText());
            count(seen, "QueryType=" + row.get("QueryType").asText());
            JsonNode answers = row.get("IPAddresses");
            if (answers == null || answers.isNull() || answers.asText().isBlank()) count(seen, "no answer");
            if (answers != null && answers.asText().contains(":")) count(seen, "IPv6 answer");
            if (name.endsWith(".")) count(seen, "trailing dot");
            if (!name.equals(name.toLowerCase())) count(seen, "upper case");
            if (name.endsWith(".co.uk")) count(seen, "co.uk");
            if (name.contains(".s3.amazonaws.com")) count(seen, "s3");
            if (row.get("ClientIP").asText().contains(":")) count(seen, "IPv6 client");
            if (row.get("SubType").asText().equals("LookupQuery") && answers != null && !answers.asText().isBlank()) {
                count(lookupsPerDomain, domains.domainOf(name));
            }
            for (String field : List.of("TimeGenerated", "SubType", "ClientIP", "Name", "QueryType", "Computer", "EventId")) {
                assertTrue(row.has(field), field);
            }
        });
        for (String kind : List.of("SubType=LookupQuery", "SubType=Response", "QueryType=TXT", "QueryType=AAAA",
                "no answer", "IPv6 answer", "trailing dot", "upper case", "co.uk", "s3", "IPv6 client")) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, kind + " in " + seen);
        }
        // Zipf: a head far above 21 lookups a day, a tail far below.
        int days = full.options().days();
        long common = lookupsPerDomain.values().stream().filter(n -> n > 21 * days * 2).count();
        long rare = lookupsPerDomain.values().stream().filter(n -> n <= days).count();
        assertTrue(common >= 20 && common < 200, "common domains: " + common);
        assertTrue(rare > 1_000, "rare domains: " + rare);
        assertTrue(lookupsPerDomain.size() > 2_000, "domains: " + lookupsPerDomain.size());

        scan(full.firewallEventsFile(), row -> {
            count(seen, "vendor=" + row.get("DeviceVendor").asText() + "/" + row.get("Activity").asText());
            for (String field : List.of("TimeGenerated", "DeviceVendor", "DeviceProduct", "Activity", "SourceIP",
                    "SourcePort", "DestinationIP", "DestinationPort", "SentBytes", "ReceivedBytes")) {
                assertTrue(row.has(field), field);
            }
        });
        assertTrue(seen.get("vendor=Palo Alto Networks/TRAFFIC") > 10 * seen.get("vendor=Palo Alto Networks/THREAT"));
        assertTrue(seen.getOrDefault("vendor=Fortinet/traffic:forward accept", 0) > 0, seen::toString);
        scan(full.vmConnectionsFile(), row -> {
            count(seen, "direction=" + row.get("Direction").asText());
            for (String field : List.of("TimeGenerated", "Computer", "Direction", "SourceIp", "DestinationIp",
                    "DestinationPort", "BytesSent", "BytesReceived")) {
                assertTrue(row.has(field), field);
            }
        });
        assertTrue(seen.get("direction=outbound") > 5 * seen.get("direction=inbound"), seen::toString);

        Pattern type = Pattern.compile(", type (\\d+),");
        scan(full.dnsClientEventsFile(), row -> {
            String log = row.get("EventLog").asText();
            int id = row.get("EventID").asInt();
            count(seen, "event=" + log + "/" + id);
            String computer = row.get("Computer").asText();
            if (computer.equals(computer.toLowerCase())) count(seen, "lower-case computer");
            if (computer.equals(computer.toUpperCase())) count(seen, "upper-case computer");
            java.util.regex.Matcher m = type.matcher(row.get("RenderedDescription").asText());
            if (id == 3006 && m.find()) count(seen, "3006 type " + m.group(1));
            for (String field : List.of("TimeGenerated", "EventLog", "EventID", "Computer", "RenderedDescription")) {
                assertTrue(row.has(field), field);
            }
        });
        String client = "event=" + DnsClientEventParser.DNS_CLIENT_LOG + "/";
        for (String kind : List.of(client + "3006", client + "3008", client + "3020", "event=System/7036",
                "lower-case computer", "upper-case computer", "3006 type 1", "3006 type 28", "3006 type 16",
                "3006 type 160")) {
            assertTrue(seen.getOrDefault(kind, 0) > 0, kind + " in " + seen);
        }
        assertTrue(seen.get(client + "3006") > 10_000, seen::toString);
        // Mostly address lookups, even with the mail server's TXT lookups all day.
        assertTrue(seen.get("3006 type 1") + seen.get("3006 type 28") > 4 * seen.get("3006 type 16"), seen::toString);
        // Most queries are also logged as answered and completed.
        assertTrue(seen.get(client + "3008") > seen.get(client + "3006") * 8 / 10, seen::toString);

        long flows = seen.get("vendor=Palo Alto Networks/TRAFFIC") + seen.get("direction=outbound");
        double ratio = (double) flows / seen.get("SubType=LookupQuery");
        assertTrue(ratio > 0.35 && ratio < 0.65, "flows per lookup " + ratio);
    }

    /** Parses every good line, checking the time format and that the file is in time order give or take a minute. */
    private static void scan(Path file, java.util.function.Consumer<JsonNode> check) {
        long[] latest = {0};
        long[] late = {0};
        JsonLines.forEachLine(file, line -> {
            JsonNode row;
            long t;
            try {
                row = JSON.readTree(line);
                t = TimeGenerated.parseMillis(row.get("TimeGenerated").asText());
            } catch (Exception e) {
                return;
            }
            assertTrue(TIME_GENERATED.matcher(row.get("TimeGenerated").asText()).matches(), line);
            assertTrue(t >= latest[0] - 60_000, () -> "more than a minute out of order: " + line);
            if (t < latest[0]) late[0]++;
            latest[0] = Math.max(latest[0], t);
            check.accept(row);
        });
        assertTrue(late[0] > 0, "some jitter");
    }

    private static void count(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private static List<JsonNode> readJson(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) nodes.add(JSON.readTree(line));
        return nodes;
    }

    @Test
    void shortGzipDataSetsDetectFromTheStart(@TempDir Path dir) throws IOException {
        Summary s = DataSetGenerator.generate(GeneratorOptions.defaults(dir).withDays(2).withClients(30)
                .withLookupsPerDay(1_000).withGzip(true).withStart(Instant.parse("2027-01-05T06:00:00Z")));
        assertEquals(Long.MIN_VALUE, s.detectFromMillis());
        assertTrue(s.dnsEventsFile().toString().endsWith("dns-events/part-0.jsonl.gz"));
        try (InputStream in = Files.newInputStream(s.firewallEventsFile())) {
            assertEquals(0x1f, in.read());
            assertEquals(0x8b, in.read());
        }
        assertNull(JSON.readTree(s.dataSetFile().toFile()).get("detectFrom").textValue());
        assertEquals(3, s.injected().size());
        assertEquals(Files.readAllLines(s.expectedAlertsFile()).size(), s.expectedAlerts());
        assertNotEquals(0, s.expectedAlerts());
        assertArrayEquals(new long[] {s.badVmConnectionLines(), s.vmConnectionLines()},
                reject(s.vmConnectionsFile(), new VmConnectionParser()));
        assertTrue(s.dnsClientEventsFile().toString().endsWith("dns-client-events/part-0.jsonl.gz"));
        assertArrayEquals(new long[] {s.badDnsClientEventLines(), s.dnsClientEventLines()},
                reject(s.dnsClientEventsFile(), new DnsClientEventParser()));
        // Detection starts at the first event, and the TXT attack still happens on the last day.
        assertEquals(2, s.expectedTxtAlerts() - s.injectedTxt().stream()
                .filter(i -> i.source().equals(TxtQuery.DNS_EVENTS) && !i.suppressed()).count());
        long attack = s.injectedTxt().stream().filter(i -> i.source().equals(TxtQuery.DNS_CLIENT_EVENTS))
                .findFirst().orElseThrow().firstQueryTime();
        assertEquals(1, (attack - s.options().startMillis()) / DAY, "on the last day");

        // Rewriting the directory uncompressed leaves no gzip copy for a directory reader to pick up twice.
        Summary plain = DataSetGenerator.generate(s.options().withGzip(false));
        try (Stream<Path> listing = Files.list(plain.dnsEventsFile().getParent())) {
            assertEquals(List.of(plain.dnsEventsFile()), listing.collect(Collectors.toList()));
        }
        try (Stream<Path> listing = Files.list(plain.dnsClientEventsFile().getParent())) {
            assertEquals(List.of(plain.dnsClientEventsFile()), listing.collect(Collectors.toList()));
        }
    }
}
