package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both rules in one job on a MiniCluster, with the exclusion list from a file and from the control stream. */
class BothRulesJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static String clientEvent(String time, String computer, int eventId, String name, int type) {
        return "{\"TimeGenerated\":\"" + time + "\",\"EventLog\":\"Microsoft-Windows-DNS-Client/Operational\",\"EventID\":" + eventId
                + ",\"Computer\":\"" + computer + "\",\"RenderedDescription\":\"DNS query is called for the name " + name + ", type "
                + type + ", query options 140738562228224, Server List , isNetwork query 0, network index 0, interface index 0, is asynchronous query 0\"}";
    }

    static String dnsTxt(String time, String client, String name) {
        return "{\"TimeGenerated\":\"" + time + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"" + client + "\",\"Name\":\"" + name
                + "\",\"QueryType\":\"TXT\",\"Computer\":\"dns01\"}";
    }

    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static DnsTxtAlert txt(String host, String source, String first, String last, String[] names, String... domains) {
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = host;
        a.source = source;
        a.firstQueryTime = t(first);
        a.lastQueryTime = t(last);
        a.queryCount = 6;
        a.queryNames = names;
        a.registeredDomains = domains;
        return a;
    }

    @Test
    void bothRulesRunInOneJobAndExclusionsRemoveWhatTheyMatch() throws Exception {
        List<String> client = new ArrayList<>();
        // WS01: a DNSlivery burst, launcher then chunks, 8 s apart; 3008 duplicates must not count.
        client.add(clientEvent("2026-11-20T10:00:00Z", "WS01.corp.contoso.com", 3006, "launcher.payload.evil.example", 16));
        for (int i = 1; i <= 6; i++) {
            String time = String.format("2026-11-20T10:00:%02dZ", i * 8);
            client.add(clientEvent(time, "WS01.corp.contoso.com", 3006, i + ".payload.evil.example", 16));
            client.add(clientEvent(time, "WS01.corp.contoso.com", 3008, i + ".payload.evil.example", 16));
        }
        // WS02: type 160 and type 1 are not TXT.
        for (int i = 0; i < 8; i++) client.add(clientEvent("2026-11-20T11:00:0" + i + "Z", "ws02", 3006, i + ".x.example", i % 2 == 0 ? 160 : 1));
        // MAIL01: a burst of SPF checks, excluded by the start-up file.
        for (int i = 0; i < 6; i++) client.add(clientEvent("2026-11-20T12:00:0" + i + "Z", "mail01", 3006, "spf" + i + ".partner.example", 16));
        // WS03: a burst at 13:00, but the control stream excludes its domain from 12:59 on.
        for (int i = 0; i < 6; i++) client.add(clientEvent("2026-11-20T13:00:0" + i + "Z", "ws03", 3006, i + ".tunnel.example", 16));

        List<String> dns = new ArrayList<>();
        for (int i = 0; i < 6; i++) dns.add(dnsTxt("2026-11-20T14:00:0" + i + "Z", "2606:4700:0:0:0:0:0:9", i + ".t.bad.example."));

        List<String> updates = List.of(
                "{\"time\":\"2026-11-20T12:59:00Z\",\"op\":\"add\",\"domain\":\"tunnel.example\",\"comment\":\"red team exercise\"}");

        for (boolean batch : new boolean[] {false, true}) {
            GraphRun run = GraphRun.run(Map.of(Input.DNS_CLIENT_EVENTS, client, Input.DNS_EVENTS, dns, Input.EXCLUSION_UPDATES, updates),
                    DetectionConfig.defaults(), batch, 2,
                    List.of(ExclusionEntry.create(ExclusionEntry.HOST, "mail01", "SPF/DKIM/DMARC checks", ExclusionEntry.NEVER, "mail01-txt")));

            List<String> expected = new ArrayList<>(List.of(
                    AlertJson.toJson(txt("ws01.corp.contoso.com", "DnsClientEvents", "2026-11-20T10:00:00Z", "2026-11-20T10:00:40Z",
                            new String[] {"launcher.payload.evil.example", "1.payload.evil.example", "2.payload.evil.example",
                                    "3.payload.evil.example", "4.payload.evil.example", "5.payload.evil.example"}, "evil.example")),
                    AlertJson.toJson(txt("2606:4700::9", "DnsEvents", "2026-11-20T14:00:00Z", "2026-11-20T14:00:05Z",
                            new String[] {"0.t.bad.example", "1.t.bad.example", "2.t.bad.example", "3.t.bad.example",
                                    "4.t.bad.example", "5.t.bad.example"}, "bad.example"))));
            expected.sort(null);
            assertEquals(expected, run.alerts);
            assertEquals(List.of("domain:tunnel.example", "mail01-txt"),
                    run.excluded.stream().map(e -> e.entryId).sorted().toList());
            assertEquals(List.of(), run.deadLetters);
        }
    }
}
