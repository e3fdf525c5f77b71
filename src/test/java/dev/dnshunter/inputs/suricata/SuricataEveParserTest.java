package dev.dnshunter.inputs.suricata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.inputs.LineOutcomes;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line of the eve.json fixture, with what it must become. */
class SuricataEveParserTest {
    static final long T0 = 1_795_169_730_123L; // 2026-11-20T10:15:30.123Z

    static DnsQuery dns(long time, String client, String name, int type, int rcode, String addresses, String... others) {
        return new DnsQuery(time, client, null, name, type, rcode, addresses, others.length == 0 ? null : others,
                "suricata-eve", "Suricata eve.json", null);
    }

    /** A response record: it repeats the request the log records apart (the rules that count questions skip it). */
    static DnsQuery response(long time, String client, String name, int type, int rcode, String addresses, String... others) {
        DnsQuery q = dns(time, client, name, type, rcode, addresses, others);
        q.repeatsRequest = true;
        return q;
    }

    @Test
    void everyLineOfTheFixture() {
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new SuricataEveParser(DetectionMode.DEFAULT), LineOutcomes.fixture("/suricata/eve.json"), records);
        assertEquals(List.of(
                "record", // v2 query (offset +0100)
                "record", // v2 answer, detailed
                "record", // v2 answer, grouped
                "record", // v3 request
                "record", // v3 response with a TXT answer
                "record", // v3 response from the responder (IPv6)
                "record", // v1 per-answer record, packet direction
                "record", // v1 failure record (NXDOMAIN, no rrtype)
                "record", // flow
                "skip: no port", // ICMP flow
                "skip: another event_type", // alert
                "skip: another event_type", // stats
                "-",
                "dead: unparsable timestamp \"2009-11-24T21:27:09.534255\"",
                "dead: unparsable dns.type \"update\"",
                "dead: unparsable src_ip \"not-an-ip\"",
                "dead: missing flow.bytes_toclient",
                "dead: missing event_type"), out.subList(0, 18));
        assertEquals(19, out.size());
        assertTrue(out.get(18).startsWith("dead: invalid JSON: Unexpected end-of-input"), out.get(18));
        assertEquals(List.of(
                dns(T0, "10.0.0.5", "www.rare-exfil.example", 1, DnsQuery.ABSENT, null),
                response(T0 + 100, "10.0.0.5", "www.rare-exfil.example", 1, 0, "93.184.216.50", "cdn.rare-exfil.example"),
                response(T0 + 200, "10.0.0.5", "www.rare-exfil.example", 1, 0, "93.184.216.50,93.184.216.51", "cdn.rare-exfil.example"),
                dns(T0 + 877, "10.0.0.7", "0.t.bad.example", 16, DnsQuery.ABSENT, null),
                response(T0 + 977, "10.0.0.7", "0.t.bad.example", 16, 0, null, "aGVsbG8gd29ybGQ="),
                response(T0 + 1877, "2001:4860::5", "api.rare-exfil.example", 28, 0, "2606:4700::50"),
                response(T0 + 2877, "10.0.0.5", "cdn.rare-exfil.example", 1, 0, "93.184.216.50"),
                response(T0 + 3377, "10.0.0.5", "nothing.example", DnsQuery.ABSENT, 3, null),
                new NetworkFlow(T0 + 270_876, "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, "Suricata", true)), records);
    }

    /**
     * The answers fixture (v1, v2 detailed and grouped, v3, shaped as Suricata's DNS output writes them): each
     * response gives its query type, response code and every answer that is not an address (TXT text, CNAME and MX
     * targets, NULL data); a request is a question of its own.
     */
    @Test
    void everyResponseGivesItsTypeCodeAndAnswers() {
        long t = 1_795_170_600_000L; // 2026-11-20T10:30:00Z
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new SuricataEveParser(DetectionMode.DEFAULT), LineOutcomes.fixture("/suricata/eve-answers.json"), records);
        assertEquals(java.util.Collections.nCopies(11, "record"), out);
        assertEquals(List.of(
                response(t, "10.0.0.5", "qxvbrtplmk.com", 1, 3, null), // v2 NXDOMAIN
                response(t + 1_000, "10.0.0.5", "print.dl.stage.example", 16, 0, null, "powershell -nop -c iex"), // v2 TXT, detailed
                response(t + 2_000, "10.0.0.5", "txt.stage.example", 16, 0, null, "chunk.stage.example", "aGVsbG8gd29ybGQ="), // v2 grouped
                response(t + 3_000, "10.0.0.7", "wkzqpjhd.net", 28, 3, null), // v3 NXDOMAIN with an authority (not read)
                response(t + 4_000, "10.0.0.7", "s1._domainkey.partner.example", 16, 0, null, "v=DKIM1; k=rsa; ",
                        "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"), // v3: one entry per TXT string
                response(t + 5_000, "10.0.0.7", "partner.example", 15, 0, null, "mx1.partner.example"), // v3 MX
                dns(t + 6_000, "10.0.0.7", "aa01.t.tunnel.example", 10, DnsQuery.ABSENT, null), // v3 request, NULL
                response(t + 6_100, "10.0.0.7", "aa01.t.tunnel.example", 10, 0, null, "bb02"), // its response
                response(t + 7_000, "10.0.0.5", "print.dl.stage.example", 16, 0, null, "powershell -nop -c iex"), // v1 TXT
                response(t + 8_000, "10.0.0.5", "www.partner.example", 5, 0, null, "partner.example"), // v1 CNAME
                response(t + 9_000, "10.0.0.5", "partner.example", 65_280, 2, null)), records); // a type by number, SERVFAIL
    }

    @Test
    void aResponseOnAnotherPortFollowsTheLoggingVersion() throws Exception {
        String v2 = "{\"timestamp\":\"2026-11-20T10:15:30.123+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.0.0.5\",\"src_port\":5353,"
                + "\"dest_ip\":\"10.0.0.6\",\"dest_port\":5353,\"dns\":{\"version\":2,\"type\":\"answer\",\"rrname\":\"a.example\","
                + "\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"a.example\",\"rrtype\":\"A\",\"rdata\":\"93.184.216.1\"}]}}";
        SuricataEveParser p = new SuricataEveParser(DetectionMode.DEFAULT);
        assertEquals("10.0.0.5", ((DnsQuery) p.parse(v2)).clientAddress);
        assertEquals("10.0.0.6", ((DnsQuery) p.parse(v2.replace("\"version\":2,\"type\":\"answer\"", "\"version\":3,\"type\":\"response\""))).clientAddress);
    }

    @Test
    void aFlowBetweenPrivateAddressesIsNotOutbound() throws Exception {
        String line = LineOutcomes.fixture("/suricata/eve.json").get(8).replace("93.184.216.50", "10.1.1.1");
        assertEquals(false, ((NetworkFlow) new SuricataEveParser(DetectionMode.DEFAULT).parse(line)).outbound);
    }
}
