package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.PublicSuffixList;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTxtDetectorTest {
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long T0 = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
    private static final DetectionConfig CONFIG = DetectionConfig.defaults();
    private static final DomainRules DOMAINS = new DomainRules(PublicSuffixList.bundled(), DetectionMode.DEFAULT);
    private static final String HOST = "ws0042.corp.contoso.com";
    private static final String CLIENT = TxtQuery.DNS_CLIENT_EVENTS;
    private static final String SERVER = TxtQuery.DNS_EVENTS;

    private static TxtQuery q(long time, String name) {
        return new TxtQuery(time, HOST, CLIENT, name);
    }

    /** {@code count} queries of chunk names from {@code start}, {@code step} apart. */
    private static List<TxtQuery> burst(long start, int count, long step) {
        List<TxtQuery> qs = new ArrayList<>();
        for (int i = 0; i < count; i++) qs.add(q(start + i * step, i + ".payload.evil.example"));
        return qs;
    }

    private static List<DnsTxtAlert> detect(List<TxtQuery> queries) {
        return ReferenceTxtDetector.detect(queries, CONFIG, DOMAINS);
    }

    @SafeVarargs
    private static List<TxtQuery> all(List<TxtQuery>... parts) {
        List<TxtQuery> qs = new ArrayList<>();
        for (List<TxtQuery> p : parts) qs.addAll(p);
        return qs;
    }

    @Test
    void theDefaultsAreTheRulesNumbers() {
        assertEquals(6, CONFIG.txtQueryCount());
        assertEquals(5 * MINUTE, CONFIG.txtSpanMillis());
        assertEquals(60 * MINUTE, CONFIG.txtSuppressionMillis());
    }

    @Test
    void fiveQueriesAreNoBurst() {
        assertEquals(List.of(), detect(burst(T0, 5, SECOND)));
    }

    @Test
    void sixWithinFourFiftyNineAlert() {
        List<TxtQuery> qs = burst(T0, 6, 59 * SECOND + 800);
        assertEquals(4 * MINUTE + 59 * SECOND, qs.get(5).time - qs.get(0).time);
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(1, alerts.size());
        DnsTxtAlert a = alerts.get(0);
        assertEquals(HOST, a.host);
        assertEquals(CLIENT, a.source);
        assertEquals(T0, a.firstQueryTime);
        assertEquals(qs.get(5).time, a.lastQueryTime);
        assertEquals(6, a.queryCount);
        assertArrayEquals(new String[] {"0.payload.evil.example", "1.payload.evil.example", "2.payload.evil.example",
            "3.payload.evil.example", "4.payload.evil.example", "5.payload.evil.example"}, a.queryNames);
        assertArrayEquals(new String[] {"evil.example"}, a.registeredDomains);
    }

    @Test
    void sixSpanningExactlyFiveMinutesDoNotAlert() {
        assertEquals(List.of(), detect(burst(T0, 6, MINUTE)));
        assertEquals(1, detect(burst(T0, 6, MINUTE - 1)).size(), "one millisecond less does");
    }

    @Test
    void twelveQuickQueriesAreTwoMatchesOfWhichTheSecondIsSuppressed() {
        List<TxtQuery> qs = burst(T0, 12, SECOND);
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(1, alerts.size());
        assertEquals(T0, alerts.get(0).firstQueryTime);
        assertEquals(T0 + 5 * SECOND, alerts.get(0).lastQueryTime);

        // Without suppression both matches show, and they do not share a query.
        List<DnsTxtAlert> unsuppressed = ReferenceTxtDetector.detect(qs, CONFIG.withTxtSuppressionMillis(0), DOMAINS);
        assertEquals(2, unsuppressed.size());
        assertEquals(T0 + 6 * SECOND, unsuppressed.get(1).firstQueryTime);
        assertEquals(T0 + 11 * SECOND, unsuppressed.get(1).lastQueryTime);
    }

    @Test
    void aMatchUsesOnlyQueriesAfterThePreviousMatch() {
        // Eleven quick queries: after the first six, five are left, so there is no second match even unsuppressed.
        List<DnsTxtAlert> alerts = ReferenceTxtDetector.detect(burst(T0, 11, SECOND),
                CONFIG.withTxtSuppressionMillis(0), DOMAINS);
        assertEquals(1, alerts.size());
    }

    @Test
    void theFirstQueryOfAMatchIsTheFirstThatCompletesOne() {
        // A lone query ten minutes earlier starts no match; the burst's own first query does.
        List<TxtQuery> qs = all(List.of(q(T0 - 10 * MINUTE, "early.evil.example")), burst(T0, 6, 10 * SECOND));
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(1, alerts.size());
        assertEquals(T0, alerts.get(0).firstQueryTime);

        // Four minutes earlier, it is the first query of the match and pushes the burst's last one out.
        qs = all(List.of(q(T0 - 4 * MINUTE, "early.evil.example")), burst(T0, 6, 10 * SECOND));
        alerts = detect(qs);
        assertEquals(1, alerts.size());
        assertEquals(T0 - 4 * MINUTE, alerts.get(0).firstQueryTime);
        assertEquals(T0 + 40 * SECOND, alerts.get(0).lastQueryTime);
        assertEquals("early.evil.example", alerts.get(0).queryNames[0]);
    }

    @Test
    void aBurstSixtyOneMinutesAfterTheAlertsLastQueryIsEmitted() {
        List<TxtQuery> first = burst(T0, 6, SECOND);
        long last = T0 + 5 * SECOND;
        List<DnsTxtAlert> alerts = detect(all(first, burst(last + 61 * MINUTE, 6, SECOND)));
        assertEquals(2, alerts.size());
        assertEquals(last + 61 * MINUTE, alerts.get(1).firstQueryTime);
    }

    @Test
    void aBurstFiftyNineMinutesAfterTheAlertsLastQueryIsDropped() {
        long last = T0 + 5 * SECOND;
        // Its own last query is at 59:50, still inside the hour.
        List<DnsTxtAlert> alerts = detect(all(burst(T0, 6, SECOND), burst(last + 59 * MINUTE, 6, 10 * SECOND)));
        assertEquals(1, alerts.size());
        assertEquals(T0, alerts.get(0).firstQueryTime);
    }

    @Test
    void suppressionEndsWhenTheLastQueryReachesTheHour() {
        long last = T0 + 5 * SECOND;
        List<TxtQuery> exactly = burst(last + 60 * MINUTE - 5 * SECOND, 6, SECOND);
        assertEquals(last + 60 * MINUTE, exactly.get(5).time);
        assertEquals(2, detect(all(burst(T0, 6, SECOND), exactly)).size());
        List<TxtQuery> justBefore = burst(last + 60 * MINUTE - 5 * SECOND - 1, 6, SECOND);
        assertEquals(1, detect(all(burst(T0, 6, SECOND), justBefore)).size());
    }

    @Test
    void aDroppedMatchDoesNotExtendTheSuppression() {
        long last = T0 + 5 * SECOND;
        List<TxtQuery> dropped = burst(last + 50 * MINUTE, 6, SECOND);
        // 65 minutes after the alert, but only 15 after the dropped match.
        List<TxtQuery> third = burst(last + 65 * MINUTE, 6, SECOND);
        List<DnsTxtAlert> alerts = detect(all(burst(T0, 6, SECOND), dropped, third));
        assertEquals(2, alerts.size());
        assertEquals(last + 65 * MINUTE, alerts.get(1).firstQueryTime);
    }

    @Test
    void theTwoSourcesNeverMix() {
        List<TxtQuery> qs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            qs.add(new TxtQuery(T0 + i * SECOND, HOST, i % 2 == 0 ? CLIENT : SERVER, i + ".evil.example"));
        }
        assertEquals(List.of(), detect(qs), "three and three of one host name, but from two tables");

        // Each source on its own is a host of its own, alerting and suppressed independently.
        qs.clear();
        for (int i = 0; i < 6; i++) {
            qs.add(new TxtQuery(T0 + i * SECOND, HOST, CLIENT, i + ".evil.example"));
            qs.add(new TxtQuery(T0 + i * SECOND, HOST, SERVER, i + ".evil.example"));
        }
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(2, alerts.size());
        assertEquals(List.of(CLIENT, SERVER), List.of(alerts.get(0).source, alerts.get(1).source));
    }

    @Test
    void hostsNeverMixButOthersQueriesInBetweenDoNotBreakABurst() {
        List<TxtQuery> qs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            qs.add(new TxtQuery(T0 + i * SECOND, i < 3 ? "a" : "b", CLIENT, i + ".evil.example"));
        }
        assertEquals(List.of(), detect(qs));

        qs = burst(T0, 6, 10 * SECOND);
        for (int i = 0; i < 20; i++) qs.add(new TxtQuery(T0 + i * 3 * SECOND, "other", CLIENT, "x" + i + ".example.org"));
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(2, alerts.size());
        assertEquals(List.of("other", HOST), List.of(alerts.get(0).host, alerts.get(1).host));
    }

    @Test
    void queryNamesAreDistinctInTimeThenNameOrder() {
        List<TxtQuery> qs = new ArrayList<>();
        qs.add(q(T0, "launcher.stager.evil.example"));
        qs.add(q(T0 + SECOND, "launcher.stager.evil.example"));
        qs.add(q(T0 + 2 * SECOND, "b.stager.other.co.uk"));
        qs.add(q(T0 + 2 * SECOND, "a.stager.evil.example"));
        qs.add(q(T0 + 3 * SECOND, "launcher.stager.evil.example"));
        qs.add(q(T0 + 4 * SECOND, "c.stager.evil.example"));
        // Same millisecond as the sixth: the name decides which of the two completes the match.
        qs.add(q(T0 + 4 * SECOND, "b.stager.evil.example"));
        Collections.shuffle(qs, new Random(7));
        List<DnsTxtAlert> alerts = detect(qs);
        assertEquals(1, alerts.size());
        DnsTxtAlert a = alerts.get(0);
        assertEquals(6, a.queryCount);
        assertEquals(T0 + 4 * SECOND, a.lastQueryTime);
        assertArrayEquals(new String[] {"launcher.stager.evil.example", "a.stager.evil.example", "b.stager.other.co.uk",
            "b.stager.evil.example"}, a.queryNames);
        assertArrayEquals(new String[] {"evil.example", "other.co.uk"}, a.registeredDomains);
    }

    @Test
    void inputOrderDoesNotMatterAndAlertsAreOrderedByFirstQuerySourceAndHost() {
        List<TxtQuery> qs = new ArrayList<>();
        for (String host : List.of("b", "a")) {
            for (String source : List.of(SERVER, CLIENT)) {
                for (int i = 0; i < 6; i++) qs.add(new TxtQuery(T0 + i * SECOND, host, source, i + ".evil.example"));
            }
        }
        for (int i = 0; i < 6; i++) qs.add(new TxtQuery(T0 - MINUTE + i * SECOND, "z", SERVER, i + ".evil.example"));
        List<DnsTxtAlert> sorted = detect(qs);
        Collections.shuffle(qs, new Random(1));
        assertEquals(sorted, detect(qs));
        List<String> order = new ArrayList<>();
        for (DnsTxtAlert a : sorted) order.add(a.source + "/" + a.host);
        assertEquals(List.of(SERVER + "/z", CLIENT + "/a", CLIENT + "/b", SERVER + "/a", SERVER + "/b"), order);
    }

    @Test
    void theConfigurationsNumbersAreUsed() {
        DetectionConfig three = CONFIG.withTxtQueryCount(3).withTxtSpanMillis(10 * SECOND)
                .withTxtSuppressionMillis(0);
        List<DnsTxtAlert> alerts = ReferenceTxtDetector.detect(burst(T0, 7, 4 * SECOND), three, DOMAINS);
        // 0..2 span 8 s; 3..5 too; 6 is left alone.
        assertEquals(2, alerts.size());
        assertEquals(3, alerts.get(0).queryCount);
        assertEquals(T0 + 12 * SECOND, alerts.get(1).firstQueryTime);
    }

    // ---------------------------------------------------------------- files

    private static final String CALLED = "DNS query is called for the name %s, type %d, query options 140738562228224, "
            + "Server List , isNetwork query 0, network index 0, interface index 0, is asynchronous query 0";

    private static String clientEvent(long time, String computer, int eventId, String name, int type) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(time) + "\",\"EventLog\":\"Microsoft-Windows-DNS-Client/"
                + "Operational\",\"EventID\":" + eventId + ",\"Computer\":\"" + computer + "\",\"RenderedDescription\":\""
                + String.format(CALLED, name, type) + "\",\"Type\":\"Event\"}";
    }

    private static String dnsEvent(long time, String client, String name, String queryType) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(time) + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\""
                + client + "\",\"Name\":\"" + name + "\",\"QueryType\":" + queryType + ",\"EventId\":256}";
    }

    private static void write(Path file, List<String> lines, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw;
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String line : lines) w.write(line + "\n");
        }
    }

    @Test
    void detectFilesReadsBothTablesWithTheirTraps(@TempDir Path dir) throws IOException {
        List<String> client = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long t = T0 + i * 5 * SECOND;
            // Mixed case is one host; the completion and response events of each query are not queries.
            String computer = i % 2 == 0 ? "WS0042.corp.contoso.com" : "ws0042.CORP.contoso.com";
            client.add(clientEvent(t, computer, 3006, i + ".stager.evil.example", 16));
            client.add(clientEvent(t + 20, computer, 3008, i + ".stager.evil.example", 16));
        }
        for (int i = 0; i < 6; i++) {
            client.add(clientEvent(T0 + i * SECOND, "ws0007.corp.contoso.com", 3006, i + ".a.example.org", 160));
            client.add(clientEvent(T0 + i * SECOND, "ws0008.corp.contoso.com", 3006, i + ".a.example.org", 1));
            client.add(clientEvent(T0 + i * SECOND, "ws0009.corp.contoso.com", 3008, i + ".a.example.org", 16));
        }
        client.add("not json");
        client.add(clientEvent(T0, "ws0010.corp.contoso.com", 3006, "x.example.org", 16)
                .replace(Instant.ofEpochMilli(T0).toString(), "2026-11-31T10:00:00Z"));
        write(dir.resolve("client/part-0.jsonl.gz"), client, true);

        List<String> server = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            server.add(dnsEvent(T0 + i * SECOND, i % 2 == 0 ? "fd10:20:30:1::10" : "FD10:0020:0030:0001:0000:0000:0000:0010",
                    i + ".print.evil.example", i % 2 == 0 ? "\"TXT\"" : "16"));
            server.add(dnsEvent(T0 + i * SECOND, "10.20.1.5", i + ".print.evil.example", "\"A\""));
        }
        server.add("{\"TimeGenerated\":\"bad\"}");
        write(dir.resolve("server/part-0.jsonl"), server, false);

        List<DnsTxtAlert> alerts = ReferenceTxtDetector.detectFiles(dir.resolve("server"), dir.resolve("client"), CONFIG);
        assertEquals(2, alerts.size(), alerts::toString);
        assertEquals(CLIENT, alerts.get(0).source);
        assertEquals("ws0042.corp.contoso.com", alerts.get(0).host);
        assertEquals(T0 + 25 * SECOND, alerts.get(0).lastQueryTime);
        assertEquals(SERVER, alerts.get(1).source);
        assertEquals("fd10:20:30:1::10", alerts.get(1).host);

        assertEquals(List.of(alerts.get(1)), ReferenceTxtDetector.detectFiles(dir.resolve("server"), null, CONFIG));
        assertEquals(List.of(alerts.get(0)), ReferenceTxtDetector.detectFiles(null, dir.resolve("client"), CONFIG));
        // Counted as queries, completions would make bursts of their own and change the others.
        List<DnsTxtAlert> withCompletions = ReferenceTxtDetector.detectFiles(null, dir.resolve("client"),
                CONFIG.withTxtEventIds(3006, 3008));
        assertEquals(2, withCompletions.size(), withCompletions::toString);
        assertEquals("ws0009.corp.contoso.com", withCompletions.get(0).host);
        assertEquals(T0 + 10 * SECOND + 20, withCompletions.get(1).lastQueryTime);
        assertTrue(AlertJson.toJson(alerts.get(0)).contains("\"queryNames\":[\"0.stager.evil.example\""));
    }
}
