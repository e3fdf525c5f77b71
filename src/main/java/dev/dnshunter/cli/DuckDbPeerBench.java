package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.Times;
import dev.dnshunter.bench.AlertDiff;
import dev.dnshunter.bench.ByteFloor;
import dev.dnshunter.bench.PairedTimings;
import dev.dnshunter.bench.PeerReport;
import dev.dnshunter.generate.BenchDataWriter;
import dev.dnshunter.generate.DataSetGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench --vs-duckdb}: the kql-mode rare-lookup backfill against a DuckDB peer of the same rule
 * ({@code bench/duckdb/rare_lookup_kql.py}) on the same bench files. Each side runs as its own process, in turn (ours,
 * the peer's, ours, ...); wall and CPU seconds are the whole processes', start-up included. The alerts of every pair are
 * compared key by key and field by field. DuckDB is optional: without it this says how to install it and fails; it
 * installs nothing.
 */
final class DuckDbPeerBench {
    static final String RULE = "RareDnsLookupWithDataTransfer";
    static final String SCRIPT = "bench/duckdb/rare_lookup_kql.py";
    /** Exit code when the peer cannot run (no Python, no duckdb package, no script). */
    static final int PEER_MISSING = 4;

    /** The columns the peer reads (its DNS_COLUMNS, FIREWALL_COLUMNS and VM_COLUMNS), per input directory. */
    static final Map<String, Set<String>> RULE_COLUMNS = Map.of(
            DataSetGenerator.DNS_EVENTS_DIR, Set.of("TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses"),
            DataSetGenerator.FIREWALL_EVENTS_DIR, Set.of("TimeGenerated", "DeviceVendor", "Activity", "SourceIP", "DestinationIP",
                    "DestinationPort", "SentBytes", "ReceivedBytes"),
            DataSetGenerator.VM_CONNECTIONS_DIR, Set.of("TimeGenerated", "Direction", "SourceIp", "DestinationIp", "DestinationPort",
                    "BytesSent", "BytesReceived"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private DuckDbPeerBench() {}

    record Options(long events, long seed, Path cache, int threads, int pairs, String python, Path script, Path report) {}

    static int run(Options o, PrintStream out, PrintStream err) throws Exception {
        String version = duckDbVersion(o.python(), o.script(), err);
        if (version == null) return PEER_MISSING;
        BenchDataWriter.Result data = BenchCommand.dataSet(o.cache(), o.events(), o.seed(), err);
        Path dns = data.input(DataSetGenerator.DNS_EVENTS_DIR);
        Path fw = data.input(DataSetGenerator.FIREWALL_EVENTS_DIR);
        Path vm = data.input(DataSetGenerator.VM_CONNECTIONS_DIR);
        String detectFrom = Times.iso(data.detectFromMillis());
        Path runDir = Files.createTempDirectory("dns-hunter-vs-duckdb");
        String loadBefore = loadAverage();

        PairedTimings rule = new PairedTimings();
        ArrayNode diffs = JSON.createArrayNode();
        boolean identical = true;
        AlertDiff.Result first = null;
        for (int i = 1; i <= o.pairs(); i++) {
            Path ours = runDir.resolve("ours-" + i);
            Path peer = runDir.resolve("peer-" + i + ".jsonl");
            err.printf("vs-duckdb: pair %d of %d, dns-hunter backfill --kql-compatible%n", i, o.pairs());
            PairedTimings.Run a = ChildProcess.time(ourJob(List.of("backfill", "--kql-compatible", "--rules", RULE,
                    "--dns-events", dns.toString(), "--firewall-events", fw.toString(), "--vm-connections", vm.toString(),
                    "--detect-from", detectFrom, "--parallelism", Integer.toString(o.threads()), "--alerts-out", ours.toString())),
                    runDir.resolve("ours-" + i + ".log"));
            err.printf("vs-duckdb: pair %d of %d, DuckDB peer%n", i, o.pairs());
            PairedTimings.Run b = ChildProcess.time(List.of(o.python(), o.script().toString(), "--dns-events", dns.toString(),
                    "--firewall-events", fw.toString(), "--vm-connections", vm.toString(), "--detect-from", detectFrom,
                    "--threads", Integer.toString(o.threads()), "--out", peer.toString()), runDir.resolve("peer-" + i + ".log"));
            rule.add(a, b);
            AlertDiff.Result d = AlertDiff.compare(AlertDiff.lines(ours), AlertDiff.lines(peer));
            if (first == null) first = d;
            identical &= d.identical();
            diffs.add(d.summary());
            err.printf("vs-duckdb: pair %d: %.2f s against %.2f s (%.2f×); alerts: %s%n", i, a.wallSeconds(), b.wallSeconds(),
                    a.wallSeconds() / b.wallSeconds(), d.summary());
        }

        PairedTimings read = new PairedTimings();
        for (int i = 1; i <= o.pairs(); i++) {
            err.printf("vs-duckdb: read pair %d of %d%n", i, o.pairs());
            PairedTimings.Run a = ChildProcess.time(ourJob(List.of("bench", "--byte-floor-only", "--events", Long.toString(o.events()),
                    "--seed", Long.toString(o.seed()), "--cache-dir", o.cache().toString(), "--parallelism", Integer.toString(o.threads()))),
                    runDir.resolve("floor-" + i + ".log"));
            PairedTimings.Run b = ChildProcess.time(List.of(o.python(), o.script().toString(), "--mode", "read", "--dns-events",
                    dns.toString(), "--firewall-events", fw.toString(), "--vm-connections", vm.toString(), "--detect-from", detectFrom,
                    "--threads", Integer.toString(o.threads())), runDir.resolve("read-" + i + ".log"));
            read.add(a, b);
        }
        String loadAfter = loadAverage();

        ObjectNode r = JSON.createObjectNode();
        r.put("date", Instant.now().toString());
        r.put("machine", BenchCommand.machine());
        r.put("loadAverageBefore", loadBefore);
        r.put("loadAverageAfter", loadAfter);
        r.put("events", o.events());
        r.put("seed", o.seed());
        r.put("dataSet", data.dir().toString());
        r.put("detectFrom", detectFrom);
        r.put("threads", o.threads());
        r.put("duckdb", version);
        r.put("rule", RULE + " --kql-compatible (DnsEvents, CommonSecurityLog, VMConnection)");
        r.set("timings", PeerReport.timings("dns-hunter", "duckdb", rule));
        r.set("readTimings", PeerReport.timings("dns-hunter byte floor", "duckdb read_json of the rule's columns", read));
        ObjectNode alerts = r.putObject("alerts");
        alerts.put("identicalInEveryPair", identical);
        alerts.set("perPair", diffs);
        alerts.set("firstPair", PeerReport.alerts(first));

        out.printf("machine: %s; load average %s before, %s after%n", r.get("machine").asText(), loadBefore, loadAfter);
        out.printf("data set: %,d events, %s; DuckDB %s, %d threads each%n", o.events(), data.dir(), version, o.threads());
        PeerReport.print("kql-mode rare backfill, whole processes (A = dns-hunter, B = DuckDB):", "A", "B", rule, out);
        PeerReport.print("reading the rule's columns, whole processes (A = byte floor, B = DuckDB read_json):", "A", "B", read, out);
        out.printf("alerts: %s%s%n", first.summary(), identical ? " in every pair" : "; NOT identical in every pair, see the report");
        Path parent = o.report().toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writerWithDefaultPrettyPrinter().writeValue(o.report().toFile(), r);
        out.println("report: " + o.report().toAbsolutePath());
        if (identical) {
            DemoCommand.deleteTree(runDir);
        } else {
            out.println("the alerts and logs of every run are kept in " + runDir);
        }
        return identical ? 0 : 1;
    }

    /** {@code bench --byte-floor-only}: the byte floor over the rule's three inputs and columns, in this process. */
    static int byteFloor(BenchDataWriter.Result data, int threads, ByteFloor.Parser parser, PrintStream out) throws Exception {
        Map<Path, Set<String>> columns = new LinkedHashMap<>();
        RULE_COLUMNS.forEach((dir, names) -> columns.put(data.input(dir), names));
        ByteFloor.Result r = ByteFloor.run(columns, threads, parser);
        out.printf("byte floor (%s): %.2f s, %,d lines, %,d bytes, %,d values found, %,d lines read by Jackson (%d threads)%n",
                parser.id, r.seconds(), r.lines(), r.bytes(), r.values(), r.jacksonLines(), threads);
        return 0;
    }

    /** The duckdb version the peer would use, or null after saying on {@code err} how to install it. */
    static String duckDbVersion(String python, Path script, PrintStream err) throws InterruptedException {
        if (!Files.isRegularFile(script)) {
            err.println("bench --vs-duckdb: the peer script " + script + " is missing (give --peer-script FILE)");
            return null;
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import duckdb; print(duckdb.__version__)").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0) return output;
        } catch (IOException e) {
            // no such interpreter: the same advice
        }
        err.println("bench --vs-duckdb: the duckdb Python package is not importable by '" + python + "'. Nothing was installed.");
        err.println("  Install it yourself, e.g.:  python3 -m pip install --user duckdb");
        err.println("  or into a virtual environment:  python3 -m venv target/duckdb-venv && target/duckdb-venv/bin/pip install duckdb");
        err.println("  then run again with --python target/duckdb-venv/bin/python");
        return null;
    }

    /** This JVM's java, options and class path running {@code Main} with {@code args}: the launcher's own command. */
    static List<String> ourJob(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A profile of the bench itself, or the launcher's class-data archive being written, is not every child's.
            if (!a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-agentlib")
                    && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
