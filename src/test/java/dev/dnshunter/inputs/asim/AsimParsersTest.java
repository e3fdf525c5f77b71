package dev.dnshunter.inputs.asim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.inputs.LineOutcomes;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line of the two ASIM fixtures, with what it must become. */
class AsimParsersTest {
    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static DnsQuery dns(String time, String client, String host, String name, int type, int rcode, String addresses, String process) {
        return new DnsQuery(t(time), client, host, name, type, rcode, addresses, null, "asim-dns", "ASimDnsActivityLogs", process);
    }

    @Test
    void everyLineOfTheDnsFixture() {
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new AsimDnsParser(), LineOutcomes.fixture("/asim/dns.jsonl"), records);
        assertEquals(List.of(
                "record", // A response, with host and process
                "record", // TXT, NXDOMAIN: EventStartTime, not TimeGenerated
                "record", // AAAA by DnsQueryTypeName, rcode by EventResultDetails, a structured DnsResponseName
                "skip: request (its response row repeats it)",
                "skip: another EventType", // a dynamic update
                "record", // no SrcIpAddr: the host only
                "dead: missing DnsQuery",
                "dead: unparsable SrcIpAddr \"not-an-ip\"",
                "dead: DnsQueryType out of range 70000",
                "dead: missing TimeGenerated",
                "-"), out);
        assertEquals(List.of(
                dns("2026-11-20T10:15:30.123Z", "10.0.0.5", "ws05", "www.rare-exfil.example", 1, 0, "93.184.216.50",
                        "C:\\Windows\\System32\\curl.exe"),
                dns("2026-11-20T10:16:00.456Z", "10.0.0.7", null, "0.t.bad.example", 16, 3, null, null),
                dns("2026-11-20T10:17:00.099Z", "2001:db8::5", null, "api.rare-exfil.example", 28, 0, "2606:4700::50", null),
                dns("2026-11-20T10:19:00Z", null, "ws04", "cdn.rare-exfil.example", 1, 0, "93.184.216.51,93.184.216.52", null)),
                records);
    }

    @Test
    void everyLineOfTheNetworkSessionFixture() {
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new AsimNetworkSessionParser(DetectionMode.DEFAULT),
                LineOutcomes.fixture("/asim/network-sessions.jsonl"), records);
        assertEquals(List.of(
                "record", // End, Outbound
                "record", // Flow without a direction: private to public
                "skip: session start (its end row repeats it)",
                "skip: another direction", // Inbound
                "skip: another direction", // Local
                "skip: another EventType", // IDS
                "skip: no bytes",
                "record", // NA: public IPv6 source, so not outbound
                "dead: SrcBytes out of range -5",
                "dead: missing DstIpAddr",
                "dead: DstPortNumber out of range 70000"), out.subList(0, 11));
        assertEquals(12, out.size());
        assertTrue(out.get(11).startsWith("dead: invalid JSON"), out.get(11));
        assertEquals(List.of(
                new NetworkFlow(t("2026-11-20T10:15:35Z"), "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, "ASIM", true),
                new NetworkFlow(t("2026-11-20T10:16:30Z"), "10.0.0.6", "93.184.216.51", 8443, 700_000, 2_000, "ASIM", true),
                new NetworkFlow(t("2026-11-20T10:19:00Z"), "2001:4860::5", "2606:4700::50", 443, 1_200, 3_400, "ASIM", false)),
                records);
    }

    /** The portal CSV export of each table, read through the Sentinel file parser as the pipeline does. */
    @Test
    void portalCsvExport() throws Exception {
        var dnsFile = new dev.dnshunter.inputs.sentinel.SentinelFileParser<>(new AsimDnsParser(), null);
        assertNull(dnsFile.parse("TenantId,TimeGenerated [UTC],EventStartTime [UTC],EventType,EventSubType,SrcIpAddr,DnsQuery,"
                + "DnsQueryType,DnsResponseCode,DnsResponseName,SrcProcessName,Type"));
        assertEquals(dns("2026-11-20T10:15:30.123Z", "10.0.0.5", null, "www.rare-exfil.example", 1, 0, "93.184.216.50", null),
                dnsFile.parse("t1,\"11/20/2026, 10:15:30.123 AM\",\"11/20/2026, 10:15:30.000 AM\",Query,response,10.0.0.5,"
                        + "www.rare-exfil.example,1,0,93.184.216.50,,ASimDnsActivityLogs"));
        var sessionFile = new dev.dnshunter.inputs.sentinel.SentinelFileParser<>(new AsimNetworkSessionParser(DetectionMode.DEFAULT), null);
        assertNull(sessionFile.parse("TimeGenerated [UTC],EventType,EventSubType,NetworkDirection,SrcIpAddr,DstIpAddr,DstPortNumber,"
                + "SrcBytes,DstBytes,Type"));
        assertEquals(new NetworkFlow(t("2026-11-20T10:20:00Z"), "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, "ASIM", true),
                sessionFile.parse("\"11/20/2026, 10:20:00.000 AM\",NetworkSession,End,Outbound,10.0.0.5,93.184.216.50,443,5000000,1000,"
                        + "ASimNetworkSessionLogs"));
        assertTrue(dnsFile.recognizes(List.of("TimeGenerated [UTC],EventType,SrcIpAddr,DnsQuery,DnsQueryType")));
    }

    @Test
    void responseAddresses() {
        assertEquals("93.184.216.50,2606:4700::50", AsimDnsParser.addresses("93.184.216.50, 2606:4700::50"));
        assertEquals("93.184.216.50", AsimDnsParser.addresses("type:  5 cdn.example;::ffff:93.184.216.50;"));
        assertEquals("10.0.0.4", AsimDnsParser.addresses("www.example.com. 300 IN A 10.0.0.4"));
        assertNull(AsimDnsParser.addresses("cdn.example.com"));
        assertNull(AsimDnsParser.addresses(""));
        assertNull(AsimDnsParser.addresses(null));
    }

    @Test
    void recognition() {
        List<String> dnsLines = LineOutcomes.fixture("/asim/dns.jsonl");
        List<String> sessionLines = LineOutcomes.fixture("/asim/network-sessions.jsonl");
        assertTrue(new AsimDnsParser().recognizes(dnsLines));
        assertTrue(!new AsimDnsParser().recognizes(sessionLines));
        assertTrue(new AsimNetworkSessionParser(DetectionMode.DEFAULT).recognizes(sessionLines));
        assertTrue(!new AsimNetworkSessionParser(DetectionMode.DEFAULT).recognizes(dnsLines));
    }
}
