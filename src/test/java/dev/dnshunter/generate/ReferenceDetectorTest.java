package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.Flow;
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
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One or more cases per numbered point of the rule's specification, in its order. */
class ReferenceDetectorTest {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = DetectionConfig.HOUR;
    private static final long DAY = DetectionConfig.DAY;
    /** Day 0 of every case: a UTC midnight, so day k is bucket k of the case. */
    private static final long DAY0 = Instant.parse("2026-11-10T00:00:00Z").toEpochMilli();

    private static final DetectionConfig DEFAULT = DetectionConfig.defaults();
    private static final DetectionConfig KQL = DetectionConfig.defaults().withMode(DetectionMode.KQL_COMPATIBLE);
    private static final DomainRules DEFAULT_DOMAINS = new DomainRules(PublicSuffixList.bundled(), DetectionMode.DEFAULT);
    private static final DomainRules KQL_DOMAINS = new DomainRules(PublicSuffixList.bundled(), DetectionMode.KQL_COMPATIBLE);

    private static final String CLIENT = "10.20.1.5";
    private static final String OTHER_CLIENT = "10.20.1.6";
    private static final String HISTORY_CLIENT = "10.99.0.1";
    private static final String ADDRESS = "52.10.20.30";

    private static long at(int day, int hour, int minute) {
        return DAY0 + day * DAY + hour * HOUR + minute * MINUTE;
    }

    private static DnsEvent lookup(long time, String client, String name, String ipAddresses) {
        return new DnsEvent(time, "LookupQuery", client, name, ipAddresses, "A", "DC01.corp.contoso.com");
    }

    private static DnsEvent lookup(long time, String name) {
        return lookup(time, CLIENT, name, ADDRESS);
    }

    private static Flow firewall(long time, String source, String destination, int port, long sent, long received) {
        return new Flow(time, source, destination, port, sent, received, Flow.PALO_ALTO);
    }

    private static Flow flow(long time) {
        return firewall(time, CLIENT, ADDRESS, 443, 1_000, 2_000);
    }

    /** {@code count} lookups of {@code name} by another host spread over the 7 days before {@code day}. */
    private static List<DnsEvent> history(String name, int count, int day) {
        List<DnsEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(lookup(at(day - 7 + i % 7, 12, 0) + i * 1_000L, HISTORY_CLIENT, name, "198.18.0.1,52.99.0.1"));
        }
        return events;
    }

    private static List<DnsEvent> events(List<DnsEvent> history, DnsEvent... more) {
        List<DnsEvent> all = new ArrayList<>(history);
        Collections.addAll(all, more);
        return all;
    }

    private static List<RareDnsAlert> detect(List<DnsEvent> dns, List<Flow> flows) {
        return ReferenceDetector.detect(dns, flows, DEFAULT, DEFAULT_DOMAINS);
    }

    private static RareDnsAlert only(List<RareDnsAlert> alerts) {
        assertEquals(1, alerts.size(), () -> "expected one alert, got " + alerts);
        return alerts.get(0);
    }

    // ---------------------------------------------------------------- the whole alert

    @Test
    void rareLookupFollowedByTransferGivesOneAlertWithEveryField() {
        long l = at(0, 10, 7);
        RareDnsAlert a = only(detect(List.of(lookup(l, "upload.evil.example")),
                List.of(firewall(l + MINUTE, CLIENT, ADDRESS, 443, 5_000_000, 3_000))));
        assertEquals(at(0, 10, 0), a.windowStart);
        assertEquals(at(0, 11, 0), a.windowEnd);
        assertEquals(CLIENT, a.clientIp);
        assertEquals("evil.example", a.domain);
        assertEquals(ADDRESS, a.destinationIp);
        assertEquals(443, a.destinationPort);
        assertEquals(Flow.PALO_ALTO, a.dataType);
        assertEquals(5_000_000, a.sentBytes);
        assertEquals(3_000, a.receivedBytes);
        assertEquals(1, a.connectionCount);
        assertEquals(1, a.lookupCount);
        assertEquals(l, a.firstLookupTime);
        assertEquals(l, a.lastLookupTime);
        assertEquals(0, a.baselineCount);
        assertEquals(7, a.lookbackBuckets);
        assertFalse(a.integerAverage);
    }

    // ---------------------------------------------------------------- the evidence (issue 15)

    /**
     * Thirteen rare lookups reach the window's flows: the first 10 by time, then name, then answers are listed with
     * the name and answers as written (case, final dot), the other 3 counted; a lookup's answers beyond 10 are counted; a name over
     * 256 characters is cut and marked; the flows' span is that of the flows counted (not the unmatched one).
     */
    @Test
    void theEvidenceListsTenLookupsInTimeThenNameOrderAndCountsTheRest() {
        long l = at(0, 10, 10);
        List<DnsEvent> dns = new ArrayList<>();
        for (int i = 11; i >= 0; i--) dns.add(lookup(l + (i / 2) * MINUTE, CLIENT, "N" + (char) ('a' + i) + ".Evil.example.", ADDRESS));
        StringBuilder many = new StringBuilder(ADDRESS);
        for (int i = 1; i <= 11; i++) many.append(", 198.51.100.").append(i);
        dns.add(lookup(l, CLIENT, "Na.Evil.example.", many.toString()));
        // A name over 253 characters is its own domain: a second alert, whose one lookup is listed cut and marked.
        String longName = "x".repeat(300) + ".evil.example";
        dns.add(lookup(l - MINUTE, CLIENT, longName, ADDRESS));
        // 10:01 is in the window but no lookup reaches it (the earliest, at 10:09, reaches back to 10:04).
        List<RareDnsAlert> alerts = detect(dns, List.of(flow(l - 9 * MINUTE), flow(l + 2 * MINUTE), flow(l + 9 * MINUTE)));
        assertEquals(2, alerts.size(), alerts::toString);
        RareDnsAlert cut = alerts.stream().filter(x -> x.domain.equals(longName)).findFirst().orElseThrow();
        assertEquals("x".repeat(256) + "...[truncated]", cut.lookups[0].name);
        RareDnsAlert a = alerts.stream().filter(x -> x.domain.equals("evil.example")).findFirst().orElseThrow();
        assertEquals(2, a.connectionCount);
        assertEquals(13, a.lookupCount);
        List<String> names = new ArrayList<>();
        for (var e : a.lookups) names.add(e.name);
        assertEquals(List.of("Na.Evil.example.", "Na.Evil.example.", "Nb.Evil.example.", "Nc.Evil.example.",
                "Nd.Evil.example.", "Ne.Evil.example.", "Nf.Evil.example.", "Ng.Evil.example.", "Nh.Evil.example.",
                "Ni.Evil.example."), names);
        // The two lookups of Na at the same time: answers decide, [52.10.20.30] before [52.10.20.30, 198.51.100.1, ...].
        assertEquals(List.of(ADDRESS), List.of(a.lookups[0].answers));
        assertEquals(10, a.lookups[1].answers.length);
        assertEquals("198.51.100.9", a.lookups[1].answers[9]);
        assertEquals(2, a.lookups[1].answersOmitted);
        assertEquals(3, a.lookupsOmitted);
        assertEquals(l + 2 * MINUTE, a.firstFlowTime);
        assertEquals(l + 9 * MINUTE, a.lastFlowTime);
        assertTrue(AlertJson.toJson(a).endsWith(",\"lookupsOmitted\":3}"), AlertJson.toJson(a));
    }

    @Test
    void noFlowNoAlert() {
        assertEquals(List.of(), detect(List.of(lookup(at(0, 10, 0), "evil.example")), List.of()));
    }

    // ---------------------------------------------------------------- 1. qualifying lookups

    @Test
    void lookupsWithoutAnswersNeitherAlertNorCountForTheBaseline() {
        List<DnsEvent> dns = new ArrayList<>();
        String[] empty = {null, "", "   "};
        // 150 unanswered lookups in the lookback would make the domain common if they counted.
        for (int i = 0; i < 150; i++) {
            dns.add(lookup(at(-1 - i % 7, 9, 0) + i, HISTORY_CLIENT, "www.quiet.example", empty[i % 3]));
        }
        for (String e : empty) dns.add(lookup(at(0, 10, 0), CLIENT, "www.quiet.example", e));
        assertEquals(List.of(), detect(dns, List.of(flow(at(0, 10, 1)))));

        dns.add(lookup(at(0, 10, 0), "www.quiet.example"));
        RareDnsAlert a = only(detect(dns, List.of(flow(at(0, 10, 1)))));
        assertEquals(0, a.baselineCount);
        assertEquals(1, a.lookupCount);
    }

    @Test
    void identicalRowsAreTwoLookups() {
        long l = at(0, 10, 0);
        RareDnsAlert a = only(detect(List.of(lookup(l, "evil.example"), lookup(l, "evil.example")),
                List.of(flow(l + MINUTE))));
        assertEquals(2, a.lookupCount);
        assertEquals(1, a.connectionCount);

        // And for the baseline: 74 rows, each twice, are 148 lookups.
        List<DnsEvent> history = history("evil.example", 74, 0);
        history.addAll(history("evil.example", 74, 0));
        assertEquals(List.of(), detect(events(history, lookup(l, "evil.example")), List.of(flow(l + MINUTE))));
    }

    // ---------------------------------------------------------------- 2. domains

    @Test
    void namesOfOneRegistrableDomainShareItsBaselineWhateverTheirSpelling() {
        List<DnsEvent> history = new ArrayList<>();
        history.addAll(history("WWW.Example.COM.", 50, 0));
        history.addAll(history("api.example.com", 50, 0));
        history.addAll(history("example.com.", 48, 0));
        long l = at(0, 10, 0);
        assertEquals(List.of(), detect(events(history, lookup(l, "cdn.example.com")), List.of(flow(l))));

        history.remove(0);
        RareDnsAlert a = only(detect(events(history, lookup(l, "CDN.EXAMPLE.COM.")), List.of(flow(l))));
        assertEquals("example.com", a.domain);
        assertEquals(147, a.baselineCount);
    }

    @Test
    void coUkSitesAreSeparateDomains() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = events(history("mail.shop.co.uk", 148, 0),
                lookup(l, "mail.shop.co.uk"), lookup(l, "www.news.co.uk"));
        RareDnsAlert a = only(detect(dns, List.of(flow(l + 1))));
        assertEquals("news.co.uk", a.domain);
        assertEquals(0, a.baselineCount);
    }

    @Test
    void eachS3BucketIsItsOwnDomain() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = events(history("bucket1.s3.amazonaws.com", 148, 0),
                lookup(l, "bucket1.s3.amazonaws.com"), lookup(l, "bucket2.s3.amazonaws.com"));
        assertEquals("bucket2.s3.amazonaws.com", only(detect(dns, List.of(flow(l + 1)))).domain);
    }

    // ---------------------------------------------------------------- 3. baseline and rarity

    @Test
    void anAverageOfExactly21IsStillRare() {
        long l = at(0, 10, 0);
        RareDnsAlert a = only(detect(events(history("evil.example", 147, 0), lookup(l, "evil.example")),
                List.of(flow(l))));
        assertEquals(147, a.baselineCount);
        assertEquals(21.0, a.dailyAvgLookupCountOverLookback());
        assertTrue(AlertJson.toJson(a).contains("\"dailyAvgLookupCountOverLookback\":21.0,"));
    }

    @Test
    void oneLookupMoreMakesTheDomainCommon() {
        long l = at(0, 10, 0);
        assertEquals(List.of(), detect(events(history("evil.example", 148, 0), lookup(l, "evil.example")),
                List.of(flow(l))));
    }

    @Test
    void theBaselineIsTheSevenBucketsBeforeTheLookupsOwn() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = new ArrayList<>(history("evil.example", 147, 0));
        // Eight days back and earlier the same day are both outside the lookback.
        for (int i = 0; i < 200; i++) dns.add(lookup(at(-8, 12, 0) + i, HISTORY_CLIENT, "evil.example", ADDRESS));
        for (int i = 0; i < 200; i++) dns.add(lookup(at(0, 1, 0) + i, HISTORY_CLIENT, "evil.example", ADDRESS));
        dns.add(lookup(l, "evil.example"));
        assertEquals(147, only(detect(dns, List.of(flow(l)))).baselineCount);

        dns.add(lookup(at(-7, 0, 0), HISTORY_CLIENT, "evil.example", ADDRESS));
        assertEquals(List.of(), detect(dns, List.of(flow(l))));
    }

    // ---------------------------------------------------------------- 4. detectFrom

    @Test
    void lookupsBeforeDetectFromAreNotRareButCountForTheBaseline() {
        DetectionConfig config = DEFAULT.withDetectFromMillis(at(0, 10, 0));
        long before = at(0, 10, 0) - 1;
        List<RareDnsAlert> alerts = ReferenceDetector.detect(List.of(lookup(before, "evil.example")),
                List.of(flow(at(0, 10, 5))), config, DEFAULT_DOMAINS);
        assertEquals(List.of(), alerts);

        // Exactly at detectFrom is detected.
        assertEquals(1, ReferenceDetector.detect(List.of(lookup(at(0, 10, 0), "evil.example")),
                List.of(flow(at(0, 10, 5))), config, DEFAULT_DOMAINS).size());

        // 148 lookups, all before detection starts, still make the domain common once it has.
        List<DnsEvent> dns = events(history("evil.example", 148, 7), lookup(at(7, 10, 0), "evil.example"));
        DetectionConfig later = DEFAULT.withDetectFromMillis(at(7, 0, 0));
        assertEquals(List.of(), ReferenceDetector.detect(dns, List.of(flow(at(7, 10, 1))), later, DEFAULT_DOMAINS));
    }

    // ---------------------------------------------------------------- 5 and 6. addresses

    @Test
    void onlyPublicAnswersAndPublicDestinationsCount() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = List.of(lookup(l, CLIENT, "split.example", "10.0.0.7, 52.1.1.1,192.168.1.1"));
        assertEquals(List.of(), detect(dns, List.of(firewall(l, CLIENT, "10.0.0.7", 443, 1, 1),
                firewall(l, CLIENT, "192.168.1.1", 443, 1, 1))));
        assertEquals("52.1.1.1", only(detect(dns, List.of(firewall(l, CLIENT, "52.1.1.1", 443, 1, 1)))).destinationIp);
    }

    @Test
    void addressesCompareByValueNotByText() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = List.of(lookup(l, "FD10:0020:0030:0001:0000:0000:0000:0042", "v6.example",
                "2606:4700:0000:0000:0000:0000:0000:0001"));
        RareDnsAlert a = only(detect(dns, List.of(firewall(l, "fd10:20:30:1::42", "2606:4700::1", 443, 7, 8))));
        assertEquals("fd10:20:30:1::42", a.clientIp);
        assertEquals("2606:4700::1", a.destinationIp);

        // The same address twice in one answer is still one lookup matching once.
        RareDnsAlert b = only(detect(List.of(lookup(l, CLIENT, "dup.example", "52.1.1.1,52.1.1.1")),
                List.of(firewall(l, CLIENT, "52.1.1.1", 443, 1, 1))));
        assertEquals(1, b.lookupCount);
    }

    @Test
    void flowsBeforeDetectFromStillCount() {
        DetectionConfig config = DEFAULT.withDetectFromMillis(at(0, 10, 0));
        List<RareDnsAlert> alerts = ReferenceDetector.detect(List.of(lookup(at(0, 10, 1), "evil.example")),
                List.of(flow(at(0, 9, 58))), config, DEFAULT_DOMAINS);
        assertEquals(at(0, 9, 0), only(alerts).windowStart);
    }

    // ---------------------------------------------------------------- 7. correlation

    @Test
    void attributionBoundsAreInclusiveToTheMillisecond() {
        long l = at(0, 10, 30);
        List<DnsEvent> dns = List.of(lookup(l, "evil.example"));
        long before = DEFAULT.flowBeforeLookupMillis();
        long after = DEFAULT.flowAfterLookupMillis();
        assertEquals(5 * MINUTE, before);
        assertEquals(HOUR, after);
        assertEquals(1, detect(dns, List.of(flow(l - before))).size());
        assertEquals(1, detect(dns, List.of(flow(l + after))).size());
        assertEquals(List.of(), detect(dns, List.of(flow(l - before - 1))));
        assertEquals(List.of(), detect(dns, List.of(flow(l + after + 1))));
    }

    @Test
    void theFlowMustComeFromTheClientToAnAddressOfTheLookup() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = List.of(lookup(l, "evil.example"));
        assertEquals(List.of(), detect(dns, List.of(firewall(l, OTHER_CLIENT, ADDRESS, 443, 1, 1))));
        assertEquals(List.of(), detect(dns, List.of(firewall(l, CLIENT, "52.10.20.31", 443, 1, 1))));
    }

    @Test
    void aFlowMatchingTwoLookupsOfOneDomainCountsOnce() {
        long l = at(0, 10, 0);
        RareDnsAlert a = only(detect(List.of(lookup(l, "a.evil.example"), lookup(l + 10 * MINUTE, "b.evil.example")),
                List.of(flow(l + 20 * MINUTE))));
        assertEquals(1, a.connectionCount);
        assertEquals(1_000, a.sentBytes);
        assertEquals(2, a.lookupCount);
        assertEquals(l, a.firstLookupTime);
        assertEquals(l + 10 * MINUTE, a.lastLookupTime);
    }

    @Test
    void aFlowMatchingTwoDomainsCountsForEach() {
        long l = at(0, 10, 0);
        List<RareDnsAlert> alerts = detect(List.of(lookup(l, "one.example"), lookup(l, "two.example")),
                List.of(flow(l + MINUTE)));
        assertEquals(2, alerts.size());
        assertEquals("one.example", alerts.get(0).domain);
        assertEquals("two.example", alerts.get(1).domain);
        for (RareDnsAlert a : alerts) {
            assertEquals(1, a.connectionCount);
            assertEquals(1_000, a.sentBytes);
        }
    }

    // ---------------------------------------------------------------- 8. aggregation

    @Test
    void alertsAreKeyedByWindowDestinationPortAndDataType() {
        long l = at(0, 10, 50);
        List<DnsEvent> dns = List.of(lookup(l, CLIENT, "evil.example", "52.1.1.1,52.2.2.2"));
        List<Flow> flows = List.of(
                firewall(l + MINUTE, CLIENT, "52.1.1.1", 443, 100, 1),
                firewall(l + 2 * MINUTE, CLIENT, "52.1.1.1", 443, 200, 2),
                firewall(l + 3 * MINUTE, CLIENT, "52.1.1.1", 8443, 400, 4),
                firewall(l + 4 * MINUTE, CLIENT, "52.2.2.2", 443, 800, 8),
                new Flow(l + 5 * MINUTE, CLIENT, "52.1.1.1", 443, 1_600, 16, Flow.VM_CONNECTION),
                firewall(l + 15 * MINUTE, CLIENT, "52.1.1.1", 443, 3_200, 32));
        List<RareDnsAlert> alerts = detect(dns, flows);
        assertEquals(5, alerts.size(), alerts::toString);
        RareDnsAlert first = alerts.get(0);
        assertEquals(at(0, 10, 0), first.windowStart);
        assertEquals("52.1.1.1", first.destinationIp);
        assertEquals(443, first.destinationPort);
        assertEquals(Flow.PALO_ALTO, first.dataType);
        assertEquals(300, first.sentBytes);
        assertEquals(3, first.receivedBytes);
        assertEquals(2, first.connectionCount);
        assertEquals(Flow.VM_CONNECTION, alerts.get(1).dataType);
        assertEquals(8443, alerts.get(2).destinationPort);
        assertEquals("52.2.2.2", alerts.get(3).destinationIp);
        assertEquals(at(0, 11, 0), alerts.get(4).windowStart);
        assertEquals(3_200, alerts.get(4).sentBytes);
    }

    @Test
    void lookupCountAndTimesCoverOnlyLookupsThatMatchedTheWindowsFlows() {
        long l1 = at(0, 10, 0);
        long l2 = at(0, 12, 0);
        List<DnsEvent> dns = List.of(lookup(l1, "evil.example"), lookup(l2, "evil.example"));
        List<RareDnsAlert> alerts = detect(dns, List.of(flow(l1 + 5 * MINUTE), flow(l2 + 30 * MINUTE)));
        assertEquals(2, alerts.size());
        assertEquals(1, alerts.get(0).lookupCount);
        assertEquals(l1, alerts.get(0).lastLookupTime);
        assertEquals(1, alerts.get(1).lookupCount);
        assertEquals(l2, alerts.get(1).firstLookupTime);
    }

    @Test
    void theBaselineReportedIsTheOneOfTheWindowsDayNotTheLookups() {
        // Rare at 23:50 on day 0 (147 before it), common by day 1 (148 in days -6..0 with that lookup): the flow at
        // 00:10 still alerts, reporting day 1's count.
        List<DnsEvent> dns = new ArrayList<>(history("evil.example", 147, 0));
        dns.removeIf(e -> e.time < at(-6, 0, 0));
        int dropped = 147 - dns.size();
        for (int i = 0; i < dropped; i++) dns.add(lookup(at(-7, 12, 0) + i, HISTORY_CLIENT, "evil.example", ADDRESS));
        long l = at(0, 23, 50);
        dns.add(lookup(l, "evil.example"));
        RareDnsAlert a = only(detect(dns, List.of(flow(at(1, 0, 10)))));
        assertEquals(at(1, 0, 0), a.windowStart);
        assertEquals(l, a.firstLookupTime);
        assertEquals(147 - dropped + 1, a.baselineCount);

        // The simple case: a never-seen domain reports its own late lookup on the next day.
        RareDnsAlert b = only(detect(List.of(lookup(l, "fresh.example")), List.of(flow(at(1, 0, 10)))));
        assertEquals(1, b.baselineCount);
    }

    @Test
    void alertsAreSorted() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = List.of(lookup(l, CLIENT, "b.example", "52.1.1.1"), lookup(l, OTHER_CLIENT, "a.example", "52.1.1.1"),
                lookup(l - 2 * HOUR, CLIENT, "c.example", "52.1.1.1"));
        List<Flow> flows = List.of(firewall(l, CLIENT, "52.1.1.1", 443, 1, 1), firewall(l, OTHER_CLIENT, "52.1.1.1", 443, 1, 1),
                firewall(l - 2 * HOUR, CLIENT, "52.1.1.1", 443, 1, 1));
        List<RareDnsAlert> alerts = detect(dns, flows);
        assertEquals(List.of("c.example", "b.example", "a.example"), alerts.stream().map(a -> a.domain).toList());
    }

    // ---------------------------------------------------------------- KQL-compatible mode

    private static List<RareDnsAlert> detectKql(List<DnsEvent> dns, List<Flow> flows) {
        return ReferenceDetector.detect(dns, flows, KQL, KQL_DOMAINS);
    }

    @Test
    void kqlTakesTheLastTwoLabels() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = events(history("mail.shop.co.uk", 10, 0), lookup(l, "www.news.co.uk"));
        RareDnsAlert a = only(detectKql(dns, List.of(flow(l))));
        assertEquals("co.uk", a.domain);
        assertEquals(10, a.baselineCount);
        assertTrue(a.integerAverage);
    }

    @Test
    void kqlAveragesWithIntegerDivision() {
        long l = at(0, 10, 0);
        // 153 / 7 = 21 in integers: rare for the query, common (21.86) by default.
        List<DnsEvent> dns = events(history("evil.example", 153, 0), lookup(l, "evil.example"));
        RareDnsAlert a = only(detectKql(dns, List.of(flow(l))));
        assertEquals(21.0, a.dailyAvgLookupCountOverLookback());
        assertTrue(AlertJson.toJson(a).contains("\"dailyAvgLookupCountOverLookback\":21,"));
        assertEquals(List.of(), detect(dns, List.of(flow(l))));

        assertEquals(List.of(), detectKql(events(history("evil.example", 154, 0), lookup(l, "evil.example")),
                List.of(flow(l))));
    }

    @Test
    void kqlNeverCallsANeverSeenDomainRare() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = List.of(lookup(l, "fresh.example"));
        assertEquals(List.of(), detectKql(dns, List.of(flow(l))));
        assertEquals(1, detect(dns, List.of(flow(l))).size());
    }

    @Test
    void kqlIgnoresIpv6() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = events(history("v6.example", 7, 0), lookup(l, CLIENT, "v6.example", "2606:4700::1"));
        List<Flow> flows = List.of(firewall(l, CLIENT, "2606:4700::1", 443, 1, 1));
        assertEquals(List.of(), detectKql(dns, flows));
        assertEquals(1, detect(dns, flows).size());
    }

    @Test
    void kqlCallsEverythingButRfc1918Public() {
        long l = at(0, 10, 0);
        List<DnsEvent> dns = events(history("sink.example", 7, 0),
                lookup(l, CLIENT, "sink.example", "127.0.0.1,100.64.0.1,10.1.1.1"));
        List<Flow> flows = List.of(firewall(l, CLIENT, "127.0.0.1", 443, 1, 1),
                firewall(l, CLIENT, "100.64.0.1", 443, 1, 1), firewall(l, CLIENT, "10.1.1.1", 443, 1, 1));
        assertEquals(List.of("100.64.0.1", "127.0.0.1"), detectKql(dns, flows).stream().map(a -> a.destinationIp).toList());
        assertEquals(List.of(), detect(dns, flows));
    }

    // ---------------------------------------------------------------- files

    @Test
    void detectFilesParsesPlainAndGzipFilesAndDirectoriesAndSkipsBadLines(@TempDir Path dir) throws IOException {
        Path dns = dir.resolve("dns.jsonl.gz");
        write(dns, true,
                "{\"TimeGenerated\":\"2026-11-10T10:00:00.1234567Z\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.20.1.5\","
                        + "\"Name\":\"upload.evil.example\",\"IPAddresses\":\"52.10.20.30\",\"QueryType\":\"A\"}",
                "{\"TimeGenerated\":\"2026-11-10T10:00:00.1234567Z\",\"SubType\":\"Response\",\"ClientIP\":\"10.20.1.5\","
                        + "\"Name\":\"other.example\",\"IPAddresses\":\"52.10.20.30\"}",
                "not json",
                "{\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.20.1.5\",\"Name\":\"x.example\",\"IPAddresses\":\"52.10.20.30\"}");
        Path firewall = dir.resolve("firewall");
        write(firewall.resolve("part-0.jsonl"), false,
                "{\"TimeGenerated\":\"2026-11-10T10:01:00Z\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\","
                        + "\"SourceIP\":\"10.20.1.5\",\"DestinationIP\":\"52.10.20.30\",\"DestinationPort\":443,"
                        + "\"SentBytes\":10,\"ReceivedBytes\":20}",
                "{\"TimeGenerated\":\"2026-11-10T10:01:00Z\",\"DeviceVendor\":\"Fortinet\",\"Activity\":\"TRAFFIC\","
                        + "\"SourceIP\":\"10.20.1.5\",\"DestinationIP\":\"52.10.20.30\",\"DestinationPort\":443,"
                        + "\"SentBytes\":10,\"ReceivedBytes\":20}",
                "{\"TimeGenerated\":\"yesterday\"}");
        write(firewall.resolve("part-1.jsonl"), false,
                "{\"TimeGenerated\":\"2026-11-10T10:02:00Z\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\","
                        + "\"SourceIP\":\"10.20.1.5\",\"DestinationIP\":\"52.10.20.30\",\"DestinationPort\":443,"
                        + "\"SentBytes\":100,\"ReceivedBytes\":200}");

        RareDnsAlert a = only(ReferenceDetector.detectFiles(dns, firewall, null, DEFAULT));
        assertEquals("evil.example", a.domain);
        assertEquals(110, a.sentBytes);
        assertEquals(2, a.connectionCount);
        assertEquals(1, a.lookupCount);
        assertEquals(Instant.parse("2026-11-10T10:00:00.123Z").toEpochMilli(), a.firstLookupTime);
    }

    private static void write(Path file, boolean gzip, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        if (gzip) out = new GZIPOutputStream(out);
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String line : lines) w.write(line + "\n");
        }
    }
}
