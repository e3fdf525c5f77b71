package dev.dnshunter.cli;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.io.FileSinks;
import dev.dnshunter.io.FileSources;
import dev.dnshunter.pipeline.DetectionGraph;
import dev.dnshunter.pipeline.Input;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code backfill}: the detection in BATCH mode over exported log files, alerts and dead letters to files. */
final class BackfillCommand {
    static final String USAGE = "usage: dns-hunter backfill [--dns-events PATH] [--firewall-events PATH] [--vm-connections PATH] "
            + "--alerts-out DIR [--dead-letter-out DIR] [--parallelism N] [--detect-from ISO] [--kql-compatible] [detection flags]";

    static final String HELP = USAGE + """


            Runs the detection over JSON-lines exports (a file or a directory; .gz read transparently) in Flink's
            BATCH mode on an embedded MiniCluster, and writes alerts as JSON lines into files under --alerts-out.

              --dns-events PATH          DnsEvents rows
              --firewall-events PATH     CommonSecurityLog rows (Palo Alto Networks TRAFFIC)
              --vm-connections PATH      VMConnection rows (outbound)
              --alerts-out DIR           where alert files go (new or empty directory)
              --dead-letter-out DIR      where unusable lines go, with their reason (default: DIR-dead-letters,
                                         beside --alerts-out)
              --parallelism N            parallel tasks (default 2)
            """ + DetectionFlags.HELP;

    private static final Set<String> VALUED = union(DetectionFlags.VALUED,
            Set.of("dns-events", "firewall-events", "vm-connections", "alerts-out", "dead-letter-out", "parallelism"));

    private BackfillCommand() {}

    /** Parsed and checked arguments of a backfill. */
    record Plan(Path dnsEvents, Path firewallEvents, Path vmConnections, Path alertsDir, Path deadLetterDir,
                int parallelism, DetectionConfig config) {}

    static Plan plan(List<String> args) {
        Flags f = Flags.parse(args, VALUED, DetectionFlags.SWITCHES);
        Path dns = f.existingPath("dns-events");
        Path fw = f.existingPath("firewall-events");
        Path vm = f.existingPath("vm-connections");
        if (dns == null && fw == null && vm == null) {
            throw new UsageException("give at least one input: --dns-events, --firewall-events or --vm-connections");
        }
        Path alerts = Path.of(f.required("alerts-out")).toAbsolutePath().normalize();
        Path deadLetters = f.path("dead-letter-out", alerts.resolveSibling(alerts.getFileName() + "-dead-letters"))
                .toAbsolutePath().normalize();
        if (deadLetters.startsWith(alerts) || alerts.startsWith(deadLetters)) {
            throw new UsageException("--dead-letter-out must not be inside --alerts-out (or the other way round)");
        }
        requireEmptyOrNew("alerts-out", alerts);
        requireEmptyOrNew("dead-letter-out", deadLetters);
        int parallelism = f.integer("parallelism", 2, 1, 1024);
        return new Plan(dns, fw, vm, alerts, deadLetters, parallelism, DetectionFlags.toConfig(f));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Plan plan = plan(args);
        execute(plan, err);
        long alerts = countLines(plan.alertsDir());
        long deadLetters = countLines(plan.deadLetterDir());
        out.printf("%d alerts in %s%n", alerts, plan.alertsDir());
        out.printf("%d dead letters in %s%n", deadLetters, plan.deadLetterDir());
        return 0;
    }

    static void execute(Plan plan, PrintStream progress) throws Exception {
        Files.createDirectories(plan.alertsDir());
        Files.createDirectories(plan.deadLetterDir());
        StreamExecutionEnvironment env = LocalJobRunner.batchEnvironment(plan.parallelism());
        FileSources sources = new FileSources()
                .with(Input.DNS_EVENTS, plan.dnsEvents())
                .with(Input.FIREWALL_EVENTS, plan.firewallEvents())
                .with(Input.VM_CONNECTIONS, plan.vmConnections());
        DetectionGraph.build(env, sources, new FileSinks(plan.alertsDir(), plan.deadLetterDir()), plan.config(), true);
        progress.println("backfill: " + plan.config());
        LocalJobRunner.run(env, "dns-hunter backfill", progress);
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
}
