package dev.dnshunter.cli;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.inspect.FileReport;
import dev.dnshunter.inspect.Inspector;
import dev.dnshunter.inspect.Reports;
import dev.dnshunter.pipeline.Input;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code inspect}: what the backfill would make of some files, per file, without running a job. */
final class InspectCommand {
    static final String USAGE = "usage: dns-hunter inspect PATH... [--as INPUT] [--json]";

    static final String HELP = USAGE + """


            The first thing to run on new data. For each file (a directory is read recursively, as backfill reads
            it: names starting with . or _ skipped, .gz decompressed), the format it was recognized as from its first
            lines (JSON keys, a Zeek #path header), and what the backfill would make of every line: rows read, used,
            skipped by reason, blank and dead letters by reason (they add up as the backfill's summary does), DNS
            queries, lookups the rare-lookup rule qualifies (at least one answer address), TXT queries, flows,
            outbound flows to public addresses (default-mode address rules), and the first and last event time.

              --as INPUT   read every file as this input instead of recognizing it: %s
              --json       one JSON object {"files":[{"path":…,"format":…,"rows":…,…}]} instead of the table

            A file no input recognizes is reported as "unrecognized". Exit code 3 when a file could not be read to
            its end (truncated or corrupt .gz, I/O error), as backfill.
            """.formatted(inputIds());

    private InspectCommand() {}

    private static String inputIds() {
        return Arrays.stream(Input.values()).map(i -> i.id).collect(Collectors.joining(", "));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        List<String> flagArgs = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                flagArgs.add(a);
                if (a.equals("--as") && i + 1 < args.size()) flagArgs.add(args.get(++i));
            } else {
                paths.add(Path.of(a));
            }
        }
        Flags f = Flags.parse(flagArgs, Set.of("as"), Set.of("json"));
        Input as = null;
        if (f.has("as")) {
            String id = f.required("as");
            as = Arrays.stream(Input.values()).filter(i -> i.id.equals(id)).findFirst()
                    .orElseThrow(() -> new UsageException("--as: unknown input '" + id + "'; one of " + inputIds()));
        }
        if (paths.isEmpty()) throw new UsageException("give at least one PATH (a file or a directory)");
        for (Path p : paths) {
            if (!Files.exists(p)) throw new UsageException("no such file or directory: " + p);
        }
        DetectionConfig config = DetectionFlags.toConfig(f);
        Inspector inspector = new Inspector(config);
        List<FileReport> reports = new ArrayList<>();
        for (org.apache.flink.core.fs.Path file : Inspector.files(paths)) reports.add(inspector.inspect(file, as));
        if (f.has("json")) {
            out.println(Reports.json(reports));
        } else {
            Reports.table(reports, out);
            if (reports.isEmpty()) out.println("no files");
        }
        List<String> damaged = reports.stream().filter(r -> r.damage != null).map(r -> r.damage).toList();
        if (damaged.isEmpty()) return 0;
        err.println("dns-hunter inspect: " + damaged.size() + " damaged file" + (damaged.size() == 1 ? "" : "s") + ":");
        damaged.forEach(d -> err.println("  " + d));
        return BackfillCommand.DAMAGED_FILES;
    }
}
