package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.generate.SentinelCsvWriter;
import dev.dnshunter.generate.SentinelWriter;
import dev.dnshunter.io.FileSources;
import dev.dnshunter.model.NetworkFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events of {@link ZeekEquivalenceTest} rendered as Sentinel JSON (DnsEvents, PAN-OS CommonSecurityLog), as the
 * portal's CSV export of the same rows, and with the flows as Cortex Data Lake rows (IPv6 in the labelled columns,
 * every session also logged at its start): the same alerts, byte for byte (the labels are the same), in both rules.
 * The CSV export gives them in both modes; the Cortex Data Lake rows in the default mode only, as the Sentinel query's
 * {@code Activity == "TRAFFIC"} finds none of them.
 */
class SentinelEquivalenceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    Path dir;

    private Path write(String name, List<String> lines) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, lines);
        return p;
    }

    private static List<String> sorted(GraphRun run) {
        return run.alerts.stream().sorted().toList();
    }

    @Test
    void sameEventsSameAlerts() throws Exception {
        List<String> dns = ZeekEquivalenceTest.queries().stream().map(SentinelWriter::dnsEvents).toList();
        List<String> fw = ZeekEquivalenceTest.flows().stream().map(f -> SentinelWriter.panOsCef(f, "end")).toList();
        List<String> cdl = new ArrayList<>();
        for (NetworkFlow f : ZeekEquivalenceTest.flows()) {
            NetworkFlow start = new NetworkFlow(f.time, f.sourceAddress, f.destinationAddress, f.destinationPort, 74, 0, null, true);
            cdl.add(SentinelWriter.cortexDataLake(start, "start"));
            cdl.add(SentinelWriter.cortexDataLake(f, "end"));
        }
        Path jsonDns = write("json/dns.jsonl", dns);
        Path jsonFw = write("json/fw.jsonl", fw);
        // Batch: two CSV files in one directory, each recognized by its own header. Streaming reads one file, as two
        // read in either order would make the earlier events of one late behind the other's.
        write("csv/dns/a.csv", SentinelCsvWriter.export(dns.subList(0, 4)));
        write("csv/dns/b.csv", SentinelCsvWriter.export(dns.subList(4, dns.size())));
        Path csvDns = write("csv/dns.csv", SentinelCsvWriter.export(dns));
        Path csvFw = write("csv/fw.csv", SentinelCsvWriter.export(fw));
        Path cdlFw = write("cdl/fw.jsonl", cdl);

        for (DetectionMode mode : DetectionMode.values()) {
            DetectionConfig config = DetectionConfig.defaults().withMode(mode);
            for (boolean batch : new boolean[] {true, false}) {
                GraphRun json = GraphRun.run(new FileSources().with(Input.DNS_EVENTS, jsonDns).with(Input.FIREWALL_EVENTS, jsonFw),
                        config, batch, 2, List.of());
                GraphRun csv = GraphRun.run(new FileSources().with(Input.DNS_EVENTS, batch ? dir.resolve("csv/dns") : csvDns).with(Input.FIREWALL_EVENTS, csvFw),
                        config, batch, 2, List.of());
                GraphRun cortex = GraphRun.run(new FileSources().with(Input.DNS_EVENTS, jsonDns).with(Input.FIREWALL_EVENTS, cdlFw),
                        config, batch, 2, List.of());
                String what = mode + (batch ? " batch" : " streaming");
                boolean kql = mode == DetectionMode.KQL_COMPATIBLE;
                assertEquals(kql ? 1 : 3, json.alerts.size(), what + ": " + json.alerts);
                assertEquals(List.of(), json.deadLetters, what);
                assertEquals(List.of(), csv.deadLetters, what);
                assertEquals(List.of(), cortex.deadLetters, what);
                assertEquals(sorted(json), sorted(csv), what + " CSV");
                if (kql) {
                    // Only the TXT alert, which reads no flow.
                    assertEquals(json.alerts.stream().filter(a -> a.contains("\"rule\":\"DnsTxtTunneling\"")).count(), cortex.alerts.size(), what + " CDL");
                } else {
                    assertEquals(sorted(json), sorted(cortex), what + " CDL");
                }
            }
        }
    }
}
