package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.generate.ZeekWriter;
import dev.dnshunter.io.FileSources;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same normalized events rendered as Sentinel JSON (DnsEvents, CommonSecurityLog) and as Zeek (dns.log and
 * conn.log, TSV and JSON) give the same alerts in both rules and both modes. Only the labels that name the log differ:
 * the flow's DataType and the TXT alert's source, and with them the alert id, which is a hash over the alert.
 */
class ZeekEquivalenceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    Path dir;

    static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static DnsQuery query(String time, String client, String name, int type, String addresses, String... others) {
        return new DnsQuery(t(time), client, null, name, type, addresses == null && type == 16 ? DnsQuery.ABSENT : 0,
                addresses, others.length == 0 ? null : others, null, null, null);
    }

    static List<DnsQuery> queries() {
        List<DnsQuery> q = new ArrayList<>();
        // A rare domain, resolved twice (IPv4 and IPv6 answers behind a CNAME), then an upload to its address.
        q.add(query("2026-11-20T10:00:00.250Z", "10.0.0.5", "www.rare-exfil.example", 1, "93.184.216.50", "cdn.rare-exfil.example"));
        q.add(query("2026-11-20T10:01:00Z", "2001:4860::5", "api.rare-exfil.example", 28, "2606:4700::50"));
        // A lookup without an address answer: a query, not a lookup.
        q.add(query("2026-11-20T10:02:00Z", "10.0.0.5", "nothing.example", 1, null));
        // A TXT burst of request-only queries, 10 s apart.
        for (int i = 0; i < 6; i++) q.add(query("2026-11-20T11:00:" + (10 + 8 * i) + "Z", "10.0.0.7", i + ".t.bad.example", 16, null));
        // In time order, as a log is: a query an hour behind the burst would be late in STREAMING, or not, depending on
        // whether a periodic watermark was emitted between them.
        return q;
    }

    static List<NetworkFlow> flows() {
        return List.of(
                new NetworkFlow(t("2026-11-20T10:05:00.999Z"), "10.0.0.5", "93.184.216.50", 443, 5_000_000, 1_000, null, true),
                new NetworkFlow(t("2026-11-20T10:06:00Z"), "2001:4860::5", "2606:4700::50", 443, 70_000, 900, null, true),
                new NetworkFlow(t("2026-11-20T10:07:00Z"), "10.0.0.9", "93.184.216.60", 443, 10, 10, null, true));
    }

    static String dnsEventsRow(DnsQuery q) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(q.time) + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"" + q.clientAddress
                + "\",\"Name\":\"" + q.name + "\"" + (q.addresses == null ? "" : ",\"IPAddresses\":\"" + q.addresses + "\"")
                + ",\"QueryType\":\"" + q.queryType + "\",\"Computer\":\"dns01\"}";
    }

    static String firewallRow(NetworkFlow f) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(f.time) + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\","
                + "\"SourceIP\":\"" + f.sourceAddress + "\",\"SourcePort\":50000,\"DestinationIP\":\"" + f.destinationAddress
                + "\",\"DestinationPort\":" + f.destinationPort + ",\"SentBytes\":" + f.bytesFromClient + ",\"ReceivedBytes\":"
                + f.bytesToClient + "}";
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, lines);
        return p;
    }

    /** The alerts, with the labels that name the log made the same, and the alert id (a hash that includes them) left out. */
    private static List<String> comparable(GraphRun run) {
        return run.alerts.stream()
                .map(a -> a.replace("\"Zeek dns.log\"", "\"DnsEvents\"").replace("\"Zeek\"", "\"Palo Alto Networks\"")
                        .replaceFirst("\"alertId\":\"[0-9a-f]+\",", ""))
                .sorted().toList();
    }

    @Test
    void sameEventsSameAlerts() throws Exception {
        List<String> dns = queries().stream().map(ZeekEquivalenceTest::dnsEventsRow).toList();
        List<String> fw = flows().stream().map(ZeekEquivalenceTest::firewallRow).toList();
        Path sentinelDns = write("sentinel/dns.jsonl", dns);
        Path sentinelFw = write("sentinel/fw.jsonl", fw);
        // Two TSV files in one directory: each keeps its own header.
        write("zeek-tsv/dns/a.log", ZeekWriter.dnsTsv(queries().subList(0, 4)));
        write("zeek-tsv/dns/b.log", ZeekWriter.dnsTsv(queries().subList(4, queries().size())));
        Path tsvConn = write("zeek-tsv/conn.log", ZeekWriter.connTsv(flows()));
        Path jsonDns = write("zeek-json/dns.json", ZeekWriter.dnsJson(queries(), false));
        Path jsonConn = write("zeek-json/conn.json", ZeekWriter.connJson(flows(), true));

        for (DetectionMode mode : DetectionMode.values()) {
            DetectionConfig config = mode == DetectionMode.KQL_COMPATIBLE ? DetectionConfig.defaults().withMode(mode) : DetectionConfig.defaults();
            for (boolean batch : new boolean[] {true, false}) {
                GraphRun sentinel = GraphRun.run(new FileSources().with(Input.DNS_EVENTS, sentinelDns).with(Input.FIREWALL_EVENTS, sentinelFw),
                        config, batch, 2, List.of());
                GraphRun tsv = GraphRun.run(new FileSources().with(Input.ZEEK_DNS, dir.resolve("zeek-tsv/dns")).with(Input.ZEEK_CONN, tsvConn),
                        config, batch, 2, List.of());
                GraphRun json = GraphRun.run(new FileSources().with(Input.ZEEK_DNS, jsonDns).with(Input.ZEEK_CONN, jsonConn),
                        config, batch, 2, List.of());
                String what = mode + (batch ? " batch" : " streaming");
                assertEquals(mode == DetectionMode.KQL_COMPATIBLE ? 1 : 3, sentinel.alerts.size(), what + ": " + sentinel.alerts);
                assertEquals(List.of(), sentinel.deadLetters, what);
                assertEquals(List.of(), tsv.deadLetters, what);
                assertEquals(List.of(), json.deadLetters, what);
                assertEquals(comparable(sentinel), comparable(tsv), what + " TSV");
                assertEquals(comparable(sentinel), comparable(json), what + " JSON");
            }
        }
    }
}
