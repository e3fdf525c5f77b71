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

    @Test
    void everyLineOfTheFixture() {
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new SuricataEveParser(DetectionMode.DEFAULT), LineOutcomes.fixture("/suricata/eve.json"), records);
        assertEquals(List.of(
                "record", // v2 query (offset +0100)
                "record", // v2 answer, detailed
                "record", // v2 answer, grouped
                "record", // v3 request
                "skip: response without an address answer", // v3 response with a TXT answer
                "record", // v3 response from the responder (IPv6)
                "record", // v1 per-answer record, packet direction
                "skip: response without an address answer", // v1 failure record
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
                dns(T0 + 100, "10.0.0.5", "www.rare-exfil.example", DnsQuery.ABSENT, 0, "93.184.216.50", "cdn.rare-exfil.example"),
                dns(T0 + 200, "10.0.0.5", "www.rare-exfil.example", DnsQuery.ABSENT, 0, "93.184.216.50,93.184.216.51", "cdn.rare-exfil.example"),
                dns(T0 + 877, "10.0.0.7", "0.t.bad.example", 16, DnsQuery.ABSENT, null),
                dns(T0 + 1877, "2001:4860::5", "api.rare-exfil.example", DnsQuery.ABSENT, 0, "2606:4700::50"),
                dns(T0 + 2877, "10.0.0.5", "cdn.rare-exfil.example", DnsQuery.ABSENT, 0, "93.184.216.50"),
                new NetworkFlow(T0 + 270_876, "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, "Suricata", true)), records);
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
