package dev.dnshunter.cli;

import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.AlertFormat;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.exclusions.ExclusionFile;
import dev.dnshunter.exclusions.ExclusionFormatException;
import dev.dnshunter.exclusions.Guardrails;
import dev.dnshunter.io.FileSinks;
import dev.dnshunter.io.FileSources;
import dev.dnshunter.pipeline.DetectionGraph;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.InputCounts;
import dev.dnshunter.pipeline.SeverityCounts;
import dev.dnshunter.report.HuntReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code backfill}: the detection in BATCH mode over exported log files, alerts and dead letters to files. */
final class BackfillCommand {
    static final String USAGE = "usage: dns-hunter backfill [--dns-events PATH] [--firewall-events PATH] [--vm-connections PATH] "
            + "[--dns-client-events PATH] [--zeek-dns PATH] [--zeek-conn PATH] [--suricata-eve PATH] [--ecs PATH] [--sysmon-events PATH] [--asim-dns PATH] [--asim-network-sessions PATH] [--exclusions FILE] [--exclusion-updates PATH] --alerts-out DIR [--dead-letter-out DIR] "
            + "[--excluded-out DIR] [--report FILE.html] [--min-severity low|medium|high] [--alert-format native|ocsf|ecs] [--parallelism N] [--lenient-utf8] [--detect-from ISO] [--kql-compatible] [detection flags]";

    static final String HELP = USAGE + """


            Runs the detection over JSON-lines exports (a file or a directory; .gz read transparently) in Flink's
            BATCH mode on an embedded MiniCluster, and writes alerts as JSON lines into files under --alerts-out.

              --dns-events PATH          DnsEvents rows
              --firewall-events PATH     CommonSecurityLog rows (Palo Alto Networks TRAFFIC)
              --vm-connections PATH      VMConnection rows (outbound)
              --dns-client-events PATH   Event table rows of Microsoft-Windows-DNS-Client/Operational (TXT rule)
              --zeek-dns PATH            Zeek dns.log, TSV (with its # header lines) or JSON, recognized per line
              --zeek-conn PATH           Zeek conn.log, TSV or JSON
              --suricata-eve PATH        Suricata eve.json: dns (v1, v2, v3) and flow events
              --ecs PATH                 Elastic ECS NDJSON (nested or dotted keys): DNS events and flows
              --sysmon-events PATH       Sysmon event 22 (Sentinel Event/WindowsEvent rows, event XML, flat JSON);
                                         no client address: counts for the baselines, never paired with flows
              --asim-dns PATH            ASIM ASimDnsActivityLogs rows (JSON lines or the portal CSV export)
              --asim-network-sessions PATH
                                         ASIM ASimNetworkSessionLogs rows (JSON lines or CSV export)
              --exclusions FILE          the analysts' exclusion list (YAML or JSON), in force from the start
              --exclusion-updates PATH   exclusion changes (JSON lines), each effective from the time it carries
              --alerts-out DIR           where alert files go (new or empty directory)
              --dead-letter-out DIR      where unusable lines go, with their reason (default: DIR-dead-letters,
                                         beside --alerts-out)
              --excluded-out DIR         alerts an exclusion removed, with the entry (default: DIR-excluded)
              --report FILE.html         after the job, write the hunt report: one self-contained page over the
                                         alerts written (counts, alerts per hour, top domains and hosts, every
                                         alert with its evidence and fields), read from the native alerts
                                         whatever --alert-format
              --parallelism N            parallel tasks (default 2)
              --lenient-utf8             use lines that are not valid UTF-8, decoded with U+FFFD (default: such a
                                         line is a dead letter "invalid UTF-8 …" that keeps its bytes in base64)

            A file that cannot be read to its end (truncated or corrupt .gz, I/O error) does not stop the run: its
            lines before the damage are used, a dead letter "unreadable file: FILE: …" says where it broke, the other
            files are read, and the command exits with code 3 and lists the damaged files.
            """ + DetectionFlags.OUTPUT_HELP + DetectionFlags.HELP;

    /** Exit code of a run that finished but could not read every input file to its end. */
    static final int DAMAGED_FILES = 3;

    private static final Set<String> SWITCHES = union(DetectionFlags.SWITCHES, Set.of("lenient-utf8"));

    private static final Set<String> VALUED = union(union(DetectionFlags.VALUED, DetectionFlags.OUTPUT_VALUED),
            Set.of("dns-events", "firewall-events", "vm-connections", "dns-client-events", "zeek-dns", "zeek-conn", "suricata-eve", "ecs", "sysmon-events", "asim-dns", "asim-network-sessions", "exclusions", "exclusion-updates",
                    "alerts-out", "dead-letter-out", "excluded-out", "parallelism", "report"));

    private BackfillCommand() {}

    /** Parsed and checked arguments of a backfill. */
    record Plan(Path dnsEvents, Path firewallEvents, Path vmConnections, Path dnsClientEvents, Path exclusionUpdates,
                List<ExclusionEntry> exclusions, Path alertsDir, Path deadLetterDir, Path excludedDir,
                int parallelism, DetectionConfig config, boolean lenientUtf8, Path zeekDns, Path zeekConn, Path suricataEve, Path ecs,
                Path sysmonEvents, Path asimDns, Path asimNetworkSessions) {
        /** A plan of the Sentinel inputs only, read strictly. */
        Plan(Path dnsEvents, Path firewallEvents, Path vmConnections, Path dnsClientEvents, Path exclusionUpdates,
                List<ExclusionEntry> exclusions, Path alertsDir, Path deadLetterDir, Path excludedDir, int parallelism,
                DetectionConfig config) {
            this(dnsEvents, firewallEvents, vmConnections, dnsClientEvents, exclusionUpdates, exclusions, alertsDir, deadLetterDir,
                    excludedDir, parallelism, config, false, null, null, null, null, null, null, null);
        }
    }

    static Plan plan(List<String> args) {
        Flags f = Flags.parse(args, VALUED, SWITCHES, DetectionFlags.REPEATABLE);
        Path dns = f.existingPath("dns-events");
        Path fw = f.existingPath("firewall-events");
        Path vm = f.existingPath("vm-connections");
        Path client = f.existingPath("dns-client-events");
        Path updates = f.existingPath("exclusion-updates");
        Path zeekDns = f.existingPath("zeek-dns");
        Path zeekConn = f.existingPath("zeek-conn");
        Path suricataEve = f.existingPath("suricata-eve");
        Path ecs = f.existingPath("ecs");
        Path sysmon = f.existingPath("sysmon-events");
        Path asimDns = f.existingPath("asim-dns");
        Path asimSessions = f.existingPath("asim-network-sessions");
        if (dns == null && fw == null && vm == null && client == null && zeekDns == null && zeekConn == null && suricataEve == null
                && ecs == null && sysmon == null && asimDns == null && asimSessions == null) {
            throw new UsageException("give at least one input: --dns-events, --firewall-events, --vm-connections, "
                    + "--dns-client-events, --zeek-dns, --zeek-conn, --suricata-eve, --ecs, --sysmon-events, --asim-dns "
                    + "or --asim-network-sessions");
        }
        DetectionConfig config = DetectionFlags.toConfig(f);
        List<ExclusionEntry> exclusions = List.of();
        Path exclusionFile = f.existingPath("exclusions");
        if (exclusionFile != null) {
            try {
                exclusions = ExclusionFile.load(exclusionFile, Guardrails.of(config));
            } catch (ExclusionFormatException e) {
                throw new UsageException("--exclusions: " + e.getMessage());
            }
        }
        Path alerts = Path.of(f.required("alerts-out")).toAbsolutePath().normalize();
        Path deadLetters = f.path("dead-letter-out", alerts.resolveSibling(alerts.getFileName() + "-dead-letters"))
                .toAbsolutePath().normalize();
        Path excluded = f.path("excluded-out", alerts.resolveSibling(alerts.getFileName() + "-excluded")).toAbsolutePath().normalize();
        if (nested(alerts, deadLetters) || nested(alerts, excluded) || nested(deadLetters, excluded)) {
            throw new UsageException("--alerts-out, --dead-letter-out and --excluded-out must be separate directories, none inside another");
        }
        requireEmptyOrNew("alerts-out", alerts);
        requireEmptyOrNew("dead-letter-out", deadLetters);
        requireEmptyOrNew("excluded-out", excluded);
        int parallelism = f.integer("parallelism", 2, 1, 1024);
        return new Plan(dns, fw, vm, client, updates, exclusions, alerts, deadLetters, excluded, parallelism, config,
                f.has("lenient-utf8"), zeekDns, zeekConn, suricataEve, ecs, sysmon, asimDns, asimSessions);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Plan plan = plan(args);
        Path report = reportFile(args, plan);
        // With --alert-format ocsf or ecs the report still reads native alerts: the job writes a copy of them, before
        // the format, into a temporary directory that is deleted once the page is written.
        Path reportAlerts = report != null && plan.config().alertFormat() != AlertFormat.NATIVE
                ? Files.createTempDirectory("dns-hunter-report-alerts") : null;
        JobExecutionResult result = execute(plan, err, "batch", reportAlerts);
        InputCounts lines = InputCounts.of(result);
        SeverityCounts severities = SeverityCounts.of(result.getAllAccumulatorResults());
        long alerts = countLines(plan.alertsDir());
        long deadLetters = countLines(plan.deadLetterDir());
        out.printf("%d alerts in %s%n", alerts, plan.alertsDir());
        severities.written.forEach((rule, counts) -> out.printf("  %s: %s%n", rule, Severity.summary(counts)));
        out.printf("%d alerts below --min-severity %s, counted and not written%n", SeverityCounts.total(severities.belowMin),
                plan.config().minSeverity().label());
        severities.belowMin.forEach((rule, counts) -> out.printf("  %s: %s%n", rule, Severity.summary(counts)));
        out.printf("%d dead letters in %s%n", deadLetters, plan.deadLetterDir());
        out.printf("%d alerts removed by exclusions in %s%n", countLines(plan.excludedDir()), plan.excludedDir());
        if (report != null) {
            try {
                writeReport(reportAlerts != null ? reportAlerts : plan.alertsDir(), report, out);
            } finally {
                if (reportAlerts != null) deleteTree(reportAlerts);
            }
        }
        return reportFiles("backfill", lines, out, err);
    }

    /** {@code --report}'s file, checked before the job runs; null without the flag. */
    static Path reportFile(List<String> args, Plan plan) {
        Path report = Flags.parse(args, VALUED, SWITCHES, DetectionFlags.REPEATABLE).path("report", null);
        if (report == null) return null;
        report = report.toAbsolutePath().normalize();
        if (Files.isDirectory(report)) throw new UsageException("--report " + report + " is a directory; give a file name such as hunt.html");
        if (report.startsWith(plan.alertsDir()) || report.startsWith(plan.deadLetterDir()) || report.startsWith(plan.excludedDir())) {
            throw new UsageException("--report must not be inside --alerts-out, --dead-letter-out or --excluded-out");
        }
        return report;
    }

    /** Writes the hunt report over the alert files of {@code alertsDir} and prints its path. */
    static HuntReport.Written writeReport(Path alertsDir, Path report, PrintStream out) throws IOException {
        HuntReport.Written w = HuntReport.write(jsonLinesFiles(alertsDir), report, "dns-hunter hunt report: " + alertsDir.getFileName());
        out.printf("hunt report (%d alerts): %s%n", w.alerts(), w.file());
        if (w.unreadableLines() > 0) out.printf("  %d lines of the alert files were not JSON objects and are not in the report%n", w.unreadableLines());
        return w;
    }

    /**
     * The lines' equation on {@code out}; with damaged files, their list on {@code out} and {@code err} and exit code 3.
     */
    static int reportFiles(String command, InputCounts counts, PrintStream out, PrintStream err) {
        out.println(counts.lines());
        counts.inputLines().forEach(out::println);
        if (counts.damagedFiles.isEmpty()) return 0;
        String head = counts.damagedFiles.size() + " damaged input file" + (counts.damagedFiles.size() == 1 ? "" : "s")
                + " (read up to the damage, the other files in full):";
        out.println(head);
        err.println("dns-hunter " + command + ": " + head);
        for (String reason : counts.damagedFiles) {
            out.println("  " + reason);
            err.println("  " + reason);
        }
        return DAMAGED_FILES;
    }

    static JobExecutionResult execute(Plan plan, PrintStream progress) throws Exception {
        return execute(plan, progress, "batch");
    }

    /** @param stateBackend "batch" (Flink's BATCH keyed state), or "hashmap"/"rocksdb" to use that backend instead */
    static JobExecutionResult execute(Plan plan, PrintStream progress, String stateBackend) throws Exception {
        return execute(plan, progress, stateBackend, null);
    }

    /** @param reportAlerts where to write the native alerts for the report when the format is not native, or null */
    static JobExecutionResult execute(Plan plan, PrintStream progress, String stateBackend, Path reportAlerts) throws Exception {
        Files.createDirectories(plan.alertsDir());
        Files.createDirectories(plan.deadLetterDir());
        Files.createDirectories(plan.excludedDir());
        StreamExecutionEnvironment env = LocalJobRunner.batchEnvironment(plan.parallelism(), stateBackend);
        FileSources sources = new FileSources()
                .with(Input.DNS_EVENTS, plan.dnsEvents())
                .with(Input.FIREWALL_EVENTS, plan.firewallEvents())
                .with(Input.VM_CONNECTIONS, plan.vmConnections())
                .with(Input.DNS_CLIENT_EVENTS, plan.dnsClientEvents())
                .with(Input.ZEEK_DNS, plan.zeekDns())
                .with(Input.ZEEK_CONN, plan.zeekConn())
                .with(Input.SURICATA_EVE, plan.suricataEve())
                .with(Input.ECS, plan.ecs())
                .with(Input.SYSMON_EVENTS, plan.sysmonEvents())
                .with(Input.ASIM_DNS, plan.asimDns())
                .with(Input.ASIM_NETWORK_SESSIONS, plan.asimNetworkSessions())
                .with(Input.EXCLUSION_UPDATES, plan.exclusionUpdates())
                .lenientUtf8(plan.lenientUtf8());
        DetectionGraph.build(env, sources, new FileSinks(plan.alertsDir(), plan.deadLetterDir(), plan.excludedDir(), reportAlerts),
                plan.config(), true, plan.exclusions());
        progress.println("backfill: " + plan.config());
        return LocalJobRunner.run(env, "dns-hunter backfill", progress);
    }

    /** Lines of the finished JSON-lines files of a directory (Flink's in-progress files are hidden, and skipped). */
    static long countLines(Path dir) throws IOException {
        long n = 0;
        for (Path p : jsonLinesFiles(dir)) {
            try (Stream<String> lines = Files.lines(p)) {
                n += lines.filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }

    static List<Path> jsonLinesFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static boolean nested(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    private static void requireEmptyOrNew(String flag, Path dir) {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new UsageException("--" + flag + " is a file, not a directory: " + dir);
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UsageException("--" + flag + " " + dir + " is not empty; give a new or empty directory so results of runs do not mix");
            }
        } catch (IOException e) {
            throw new UsageException("--" + flag + ": cannot read " + dir + ": " + e.getMessage());
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
