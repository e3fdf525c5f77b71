package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceExfilDetector;
import dev.dnshunter.generate.ReferenceNxdomainDetector;
import dev.dnshunter.generate.ReferenceTunnelDetector;
import dev.dnshunter.generate.ReferenceTxtPayloadDetector;
import dev.dnshunter.generate.TunnelTraffic;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.exfilvolume.ExfilParams;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import dev.dnshunter.rules.tunnelsubdomains.TunnelParams;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The breadth limits and authors of exclusion entries, in the start-up file and on the control stream. */
class GuardrailsTest {
    private static final String PUBLIC_SUFFIX = " is a public suffix, broader than a registrable domain (it would exclude"
            + " every name below it); write force: true if that is meant";

    private static String refusal(Guardrails g, String kind, String value) {
        return g.refusal(ExclusionEntry.create(kind, value, "why", ExclusionEntry.NEVER, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", "co.uk", "github.io", "uk"})
    void publicSuffixesAreRefused(String domain) {
        assertEquals("domain \"" + domain + "\"" + PUBLIC_SUFFIX, refusal(Guardrails.defaults(), "domain", domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "backup.example.com", "bbc.co.uk", "x.github.io", "_dmarc.contoso.com"})
    void registrableDomainsAndNamesBelowThemPass(String domain) {
        assertNull(refusal(Guardrails.defaults(), "domain", domain));
    }

    @Test
    void kqlCompatibleModeJudgesByItsOwnDomainRule() {
        Guardrails kql = Guardrails.of(DetectionConfig.defaults().withMode(DetectionMode.KQL_COMPATIBLE));
        // Its domains are the last two labels, so co.uk is one of them; a single label never is.
        assertNull(refusal(kql, "domain", "co.uk"));
        assertEquals("domain \"com\"" + PUBLIC_SUFFIX, refusal(kql, "domain", "com"));
    }

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0/0, address \"0.0.0.0/0\" is wider than /16 for IPv4; write force: true if that is meant",
        "10.0.0.0/8, address \"10.0.0.0/8\" is wider than /16 for IPv4; write force: true if that is meant",
        "10.20.0.0/15, address \"10.20.0.0/15\" is wider than /16 for IPv4; write force: true if that is meant",
        "::/0, address \"::/0\" is wider than /32 for IPv6; write force: true if that is meant",
        "2001:db8::/31, address \"2001:db8::/31\" is wider than /32 for IPv6; write force: true if that is meant",
    })
    void wideRangesAreRefused(String range, String reason) {
        assertEquals(reason, refusal(Guardrails.defaults(), "address", range));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.20.0.0/16", "10.1.2.3", "2001:db8::/32", "2001:db8::1"})
    void narrowRangesPass(String range) {
        assertNull(refusal(Guardrails.defaults(), "address", range));
    }

    @Test
    void theStartUpFileNamesTheLineOfABroadEntry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exclusions.yaml");
        Files.writeString(file, String.join("\n", "exclusions:", "  - domain: example.com", "    comment: fine",
                "  - address: 0.0.0.0/0", "    comment: everything", ""));
        ExclusionFormatException e = assertThrows(ExclusionFormatException.class, () -> ExclusionFile.load(file));
        assertEquals(file + ":4: address \"0.0.0.0/0\" is wider than /16 for IPv4; write force: true if that is meant",
                e.getMessage());
    }

    @Test
    void forceAcceptsABroadEntryAndAnAuthorIsKept() throws Exception {
        List<ExclusionEntry> entries = ExclusionFile.parse(String.join("\n", "exclusions:",
                "  - domain: com", "    comment: lab without internet", "    force: true", "    author: alice",
                "  - address: '::/0'", "    comment: IPv6 lab", "    force: TRUE", ""), "x.yaml");
        assertEquals("com", entries.get(0).value);
        assertEquals("alice", entries.get(0).author);
        assertEquals("::/0", entries.get(1).value);
        assertNull(entries.get(1).author);
    }

    @Test
    void forceIsTrueOrFalse() {
        ExclusionFormatException e = assertThrows(ExclusionFormatException.class, () -> ExclusionFile.parse(String.join("\n",
                "exclusions:", "  - domain: com", "    comment: x", "    force: yes please", ""), "x.yaml"));
        assertEquals("x.yaml:4: force must be true or false, not \"yes please\"", e.getMessage());
        e = assertThrows(ExclusionFormatException.class, () -> ExclusionFile.parse(String.join("\n",
                "exclusions:", "  - domain: com", "    comment: x", "    force: false", ""), "x.yaml"));
        assertEquals("x.yaml:2: domain \"com\"" + PUBLIC_SUFFIX, e.getMessage());
    }

    @Test
    void jsonFilesTakeForceAndAuthorToo() throws Exception {
        List<ExclusionEntry> entries = ExclusionFile.parse("{\"exclusions\":[{\"address\":\"10.0.0.0/8\",\"comment\":\"all"
                + " of RFC 1918 10/8\",\"force\":true,\"author\":\" bob \"}]}", "x.json");
        assertEquals("10.0.0.0/8", entries.get(0).value);
        assertEquals("bob", entries.get(0).author);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"domain\":\"com\",\"comment\":\"x\"} | domain \"com\" is a public suffix, broader than a registrable domain (it would exclude every name below it); write force: true if that is meant",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"address\":\"0.0.0.0/0\",\"comment\":\"x\"} | address \"0.0.0.0/0\" is wider than /16 for IPv4; write force: true if that is meant",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"address\":\"::/0\",\"comment\":\"x\"} | address \"::/0\" is wider than /32 for IPv6; write force: true if that is meant",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h1\",\"comment\":\"x\",\"force\":\"maybe\"} | force must be true or false, not \"maybe\"",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h1\",\"comment\":\"x\",\"author\":\"  \"} | author must not be blank",
        "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h1\",\"comment\":\"x\",\"author\":\"a\\u0007b\"} | author contains a control character",
    })
    void broadChangesAndBadAuthorsAreDeadLetters(String line, String reason) {
        BadRecordException e = assertThrows(BadRecordException.class, () -> new ExclusionChangeParser().parse(line));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void aForcedChangeIsAccepted() throws Exception {
        ExclusionChange c = new ExclusionChangeParser().parse(
                "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"domain\":\"com\",\"comment\":\"lab\",\"force\":true}");
        assertEquals("com", c.entry.value);
    }

    @Test
    void theHeaderNamesTheAuthorAndAFieldMayOnlyAgree() throws Exception {
        ExclusionChangeParser p = new ExclusionChangeParser();
        String add = "{\"time\":\"2026-11-20T10:00:00Z\",\"op\":\"add\",\"host\":\"h1\",\"comment\":\"x\"%s}";
        ExclusionChange fromHeader = p.parse(add.formatted(""), "alice");
        assertEquals("alice", fromHeader.author);
        assertEquals("alice", fromHeader.entry.author);
        ExclusionChange fromField = p.parse(add.formatted(",\"author\":\"bob\""));
        assertEquals("bob", fromField.author);
        assertEquals("bob", fromField.entry.author);
        assertEquals("alice", p.parse(add.formatted(",\"author\":\"alice\""), "alice").entry.author);
        BadRecordException e = assertThrows(BadRecordException.class, () -> p.parse(add.formatted(",\"author\":\"bob\""), "alice"));
        assertEquals("author \"bob\" differs from the author header \"alice\"", e.getMessage());
        assertNull(p.parse(add.formatted("")).author);
    }

    @Test
    void aRemovalCarriesItsAuthor() throws Exception {
        ExclusionChange c = new ExclusionChangeParser().parse(
                "{\"time\":\"2026-11-20T12:00:00Z\",\"op\":\"remove\",\"id\":\"host:h1\",\"author\":\"carol\"}");
        assertEquals(ExclusionChange.remove(c.time, "host:h1").id, c.id);
        assertEquals("carol", c.author);
    }

    @Test
    void theExamplesPassTheGuardrails() throws Exception {
        List<ExclusionEntry> entries = ExclusionFile.load(Path.of("examples", "exclusions.yaml"));
        assertEquals("alice", entries.get(1).author);
        ExclusionChangeParser p = new ExclusionChangeParser();
        List<String> authors = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("examples", "exclusion-updates.jsonl"))) authors.add(p.parse(line).author);
        assertEquals(java.util.Arrays.asList("alice", null), authors);
    }

    /**
     * Each example entry written for a rule silences the look-alike it names, as the job matches alerts (the alert's
     * identity and names at its first event), and leaves the attack it resembles alerting: the alerts are the
     * independent references' over traffic of each kind.
     */
    @Test
    void eachExampleEntryMatchesTheAlertItIsFor() throws Exception {
        ExclusionSet examples = new ExclusionSet();
        examples.addAll(ExclusionFile.load(Path.of("examples", "exclusions.yaml")), Long.MIN_VALUE);
        long t = java.time.Instant.parse("2026-11-20T09:00:00Z").toEpochMilli();
        var domains = ReferenceDetector.domainRules(DetectionConfig.defaults());
        List<DnsQuery> q = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Spam's forged sender domains, and a DGA host alike.
            q.add(query(t + i * 60_000L, "10.30.0.25", "bounce.sender" + i + "-x7q.com", 1, 3, null));
            q.add(query(t + i * 60_000L, "10.50.0.7", "qzx" + i + "vbnmrt.net", 1, 3, null));
        }
        q.add(query(t, "10.0.0.99", "ps1.ioc-feed.example", 16, 0, "IOC 4711: powershell -enc JABjAGwA"));
        q.add(query(t, "10.50.0.20", "print.dl.stage-host.org", 16, 0, "powershell -nop -c iex"));
        for (int i = 0; i < 500; i++) {
            // The next day, reversed sender addresses under the blocklist's zone (NXDOMAIN: not listed), and an
            // exfiltration alike.
            q.add(query(t + 86_400_000L + i * 5_000L, "10.30.0.25", (i % 250) + "." + (i / 250) + ".113.203.zen.spamhaus.org", 1, 3, null));
            q.add(query(t + 86_400_000L + i * 5_000L, "10.50.0.30", String.format("%04d", i) + "aabbccddeeff00112233.drip-exfil.net", 16, 0, null));
        }
        List<AlertRecord> alerts = new ArrayList<>();
        for (var a : ReferenceNxdomainDetector.detect(q, domains, NxdomainParams.DEFAULTS)) alerts.add(a.toRecord());
        for (var a : ReferenceTxtPayloadDetector.detect(q, domains, TxtPayloadRule.SUPPRESSION_MILLIS)) alerts.add(a.toRecord());
        for (var a : ReferenceExfilDetector.detect(q, domains, ExfilParams.DEFAULTS)) alerts.add(a.toRecord());
        for (var a : ReferenceTunnelDetector.detect(TunnelTraffic.of(t, 3), domains, TunnelParams.DEFAULTS)) alerts.add(a.toRecord());
        java.util.Map<String, String> excludedBy = new java.util.TreeMap<>();
        for (AlertRecord a : alerts) {
            ExclusionEntry e = examples.firstMatchAt(a.firstEventTime, a.address, a.host, a.names == null ? null : List.of(a.names));
            String what = a.rule + " " + (a.address != null ? a.address : a.host) + " " + String.join(",", a.names);
            excludedBy.merge(what, e == null ? "-" : e.id, (x, y) -> x.equals(y) ? x : x + "|" + y);
        }
        assertEquals(java.util.Map.of(
                "DnsNxdomainBurst 10.30.0.25", "mail-gateway-sender-checks",
                "DnsNxdomainBurst 10.50.0.7", "-",
                "DnsTxtPayload 10.0.0.99 ioc-feed.example,ps1.ioc-feed.example", "ioc-feed-txt",
                "DnsTxtPayload 10.50.0.20 stage-host.org,print.dl.stage-host.org", "-",
                "DnsExfiltrationVolume 10.30.0.25 spamhaus.org", "dnsbl-lookups",
                "DnsExfiltrationVolume 10.50.0.30 drip-exfil.net", "-",
                "DnsTunnelingSubdomains 10.40.0.30 av-vendor.com", "av-reputation-lookups",
                "DnsTunnelingSubdomains 10.40.0.7 c2-tunnel.net", "-",
                "DnsTunnelingSubdomains 10.40.0.9 iodine-zone.org", "-"),
                strip(excludedBy));
    }

    /** The NXDOMAIN alerts' names are their sample domains, which vary: keyed by rule and identity only. */
    private static java.util.Map<String, String> strip(java.util.Map<String, String> byAlert) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        byAlert.forEach((k, v) -> out.merge(k.startsWith("DnsNxdomainBurst") ? k.substring(0, k.lastIndexOf(' ')) : k, v,
                (x, y) -> x.equals(y) ? x : x + "|" + y));
        return out;
    }

    private static DnsQuery query(long time, String client, String name, int type, int rcode, String txt) {
        return new DnsQuery(time, client, null, name, type, rcode, null, txt == null ? null : new String[] {txt},
                "dns-events", "DnsEvents", null);
    }
}
