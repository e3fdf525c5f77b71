package dev.dnshunter.inputs.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.inputs.LineOutcomes;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line of the ECS fixture (Packetbeat, a dotted-key export, Winlogbeat Sysmon 22, flows), with what it must become. */
class EcsParserTest {
    static final long T0 = 1_795_169_730_123L; // 2026-11-20T10:15:30.123Z

    static DnsQuery dns(long time, String client, String host, String name, int type, int rcode, String addresses, String process,
            String... others) {
        return new DnsQuery(time, client, host, name, type, rcode, addresses, others.length == 0 ? null : others, "ecs", "ECS", process);
    }

    @Test
    void everyLineOfTheFixture() {
        List<Object> records = new ArrayList<>();
        List<String> out = LineOutcomes.outcomes(new EcsParser(DetectionMode.DEFAULT), LineOutcomes.fixture("/ecs/events.ndjson"), records);
        assertEquals(List.of(
                "record", // Packetbeat DNS transaction, nested
                "record", // dotted keys
                "record", // Winlogbeat Sysmon 22
                "record", // request-only query
                "record", // Packetbeat flow
                "record", // inbound flow, dotted keys
                "skip: another event.kind", // a Suricata alert through Filebeat
                "skip: neither a DNS query nor a flow", // a process event
                "skip: no bytes", // a connection start without byte counts
                "-",
                "dead: missing @timestamp",
                "dead: unparsable source.ip \"host-a\"",
                "dead: destination.port out of range 70000",
                "dead: unparsable dns.question.name: an object",
                "dead: not a JSON object"), out);
        assertEquals(List.of(
                dns(T0, "10.0.0.5", "sensor01", "www.rare-exfil.example", 1, 0, "93.184.216.50", null, "cdn.rare-exfil.example"),
                dns(T0 + 1000, "2001:4860::5", null, "api.rare-exfil.example", 28, 0, "2606:4700::50", null),
                dns(T0 + 2000, null, "WS01.corp.example", "img.rare-exfil.example", DnsQuery.ABSENT, DnsQuery.ABSENT, "93.184.216.60",
                        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "cdn.rare-exfil.example"),
                dns(T0 + 3000, "10.0.0.7", null, "0.t.bad.example", 16, DnsQuery.ABSENT, null, null),
                new NetworkFlow(T0 + 270_876, "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, "ECS", true),
                new NetworkFlow(T0 + 329_877, "93.184.216.70", "10.0.0.5", 50001, 700, 9_000, "ECS", false)), records);
    }

    @Test
    void directionDecidesWhenGivenAddressesOtherwise() throws Exception {
        EcsParser p = new EcsParser(DetectionMode.DEFAULT);
        String flow = "{\"@timestamp\":\"2026-11-20T10:21:00Z\",\"source\":{\"ip\":\"10.0.0.5\",\"bytes\":1},"
                + "\"destination\":{\"ip\":\"93.184.216.1\",\"port\":443,\"bytes\":2}%s}";
        assertEquals(true, ((NetworkFlow) p.parse(String.format(flow, ""))).outbound);
        assertEquals(false, ((NetworkFlow) p.parse(String.format(flow, ",\"network\":{\"direction\":\"internal\"}"))).outbound);
        assertEquals(true, ((NetworkFlow) p.parse(String.format(flow, ",\"network\":{\"direction\":\"unknown\"}"))).outbound);
        assertEquals(false, ((NetworkFlow) p.parse(String.format(flow, ",\"network\":{\"direction\":\"ingress\"}"))).outbound);
        assertEquals(true, ((NetworkFlow) p.parse(String.format(flow, ",\"network.direction\":\"outbound\"")
                .replace("10.0.0.5", "198.51.100.7"))).outbound);
    }
}
