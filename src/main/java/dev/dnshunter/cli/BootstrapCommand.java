package dev.dnshunter.cli;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.io.FileSources;
import dev.dnshunter.pipeline.BaselineSavepoint;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.InputCounts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code bootstrap}: the domain baseline of historical DnsEvents, written as a savepoint for {@code stream}. */
final class BootstrapCommand {
    static final String USAGE = "usage: dns-hunter bootstrap [--dns-events PATH] [--zeek-dns PATH] [--suricata-eve PATH] [--ecs PATH] [--sysmon-events PATH] [--asim-dns PATH] --savepoint-out DIR [--parallelism N] "
            + "[--lenient-utf8] [--kql-compatible] [detection flags]";

    static final String HELP = USAGE + """


            Reads historical DnsEvents (a file or a directory, .gz allowed) in BATCH mode and writes a savepoint that
            holds, under the uid of the streaming job's baseline operator (domain-baseline), the per-day lookup
            counts of every domain. Start `stream --savepoint DIR` (or `flink run -s DIR … stream …`) from it and the
            first live day is judged against the last seven days of history instead of an empty baseline. Give it the
            same detection flags as the streaming job (mode, buckets): the counts are kept by the mode's domain.

              --dns-events PATH     historical DnsEvents rows, e.g. the last 7 days of an export
              --zeek-dns PATH       historical Zeek dns.log (TSV or JSON)
              --suricata-eve PATH   historical Suricata eve.json (its dns events; flows are not needed)
              --ecs PATH            historical Elastic ECS NDJSON (its DNS events)
              --sysmon-events PATH  historical Sysmon event 22 rows
              --asim-dns PATH       historical ASIM ASimDnsActivityLogs rows; at least one input is required
              --savepoint-out DIR   a new or empty directory for the savepoint
              --parallelism N       parallel tasks (default 2)
              --lenient-utf8        use lines that are not valid UTF-8, decoded with U+FFFD (default: skip them)

            Lines that cannot be used are counted, not kept (the bootstrap writes no dead letters). A file that cannot
            be read to its end (truncated or corrupt .gz, I/O error) does not stop the bootstrap: its lines before the
            damage count, the other files are read, the savepoint is written, and the command exits with code 3 and
            lists the damaged files.
            """ + DetectionFlags.HELP;

    private BootstrapCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse(args, BackfillCommand.union(DetectionFlags.VALUED, Set.of("dns-events", "zeek-dns", "suricata-eve", "ecs", "sysmon-events", "asim-dns", "savepoint-out", "parallelism")),
                BackfillCommand.union(DetectionFlags.SWITCHES, Set.of("lenient-utf8")), DetectionFlags.REPEATABLE);
        Path dns = f.existingPath("dns-events");
        Path zeekDns = f.existingPath("zeek-dns");
        Path suricataEve = f.existingPath("suricata-eve");
        Path ecs = f.existingPath("ecs");
        Path sysmon = f.existingPath("sysmon-events");
        Path asimDns = f.existingPath("asim-dns");
        if (dns == null && zeekDns == null && suricataEve == null && ecs == null && sysmon == null && asimDns == null) {
            throw new UsageException("--dns-events, --zeek-dns, --suricata-eve, --ecs, --sysmon-events or --asim-dns is required");
        }
        Path savepoint = Path.of(f.required("savepoint-out")).toAbsolutePath().normalize();
        if (Files.exists(savepoint)) {
            try (Stream<Path> s = Files.list(savepoint)) {
                if (s.findAny().isPresent()) throw new UsageException("--savepoint-out " + savepoint + " is not empty");
            }
        }
        DetectionConfig config = DetectionFlags.toConfig(f);
        if (config.enabledRules() != null && !config.enabledRules().contains(dev.dnshunter.alert.RareDnsAlert.RULE)) {
            throw new UsageException("--rules: bootstrap builds only the " + dev.dnshunter.alert.RareDnsAlert.RULE
                    + " baseline, so the list must include that rule");
        }
        InputCounts counts = write(new FileSources().with(Input.DNS_EVENTS, dns).with(Input.ZEEK_DNS, zeekDns)
                .with(Input.SURICATA_EVE, suricataEve).with(Input.ECS, ecs).with(Input.SYSMON_EVENTS, sysmon)
                .with(Input.ASIM_DNS, asimDns), savepoint, config, f.integer("parallelism", 2, 1, BaselineSavepoint.MAX_PARALLELISM),
                f.has("lenient-utf8"), err);
        out.println("savepoint: " + savepoint);
        return BackfillCommand.reportFiles("bootstrap", counts, out, err);
    }

    static InputCounts write(Path dnsEvents, Path savepoint, DetectionConfig config, int parallelism, boolean lenientUtf8,
            PrintStream progress) throws Exception {
        return write(dnsEvents, null, savepoint, config, parallelism, lenientUtf8, progress);
    }

    static InputCounts write(Path dnsEvents, Path zeekDns, Path savepoint, DetectionConfig config, int parallelism,
            boolean lenientUtf8, PrintStream progress) throws Exception {
        return write(new FileSources().with(Input.DNS_EVENTS, dnsEvents).with(Input.ZEEK_DNS, zeekDns), savepoint, config,
                parallelism, lenientUtf8, progress);
    }

    static InputCounts write(FileSources inputs, Path savepoint, DetectionConfig config, int parallelism,
            boolean lenientUtf8, PrintStream progress) throws Exception {
        StreamExecutionEnvironment env = LocalJobRunner.batchEnvironment(parallelism, "batch", true);
        BaselineSavepoint.build(env, inputs.lenientUtf8(lenientUtf8), config, savepoint.toUri().toString());
        progress.println("bootstrap: " + config);
        return InputCounts.of(LocalJobRunner.run(env, "dns-hunter bootstrap", progress));
    }
}
