package dev.dnshunter.inspect;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.Flow;
import dev.dnshunter.io.LineReader;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rules.rarelookup.FlowNormaliser;
import dev.dnshunter.rules.rarelookup.LookupQualifier;
import dev.dnshunter.rules.txtburst.TxtQueries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.Collector;

/**
 * Reads files as the backfill reads them, without a Flink job: the files of a directory as the backfill's file source
 * finds them, each line through the input's {@link RecordParser} and the shared {@link LineReader}, and each record
 * through the rules' own qualifiers ({@link LookupQualifier}, {@link TxtQueries}, {@link FlowNormaliser}). A file's
 * format is the first {@link Input} whose parser recognizes its first lines, unless the caller names one.
 */
public final class Inspector {
    /** How many non-blank lines from the start of a file recognition looks at. */
    public static final int FIRST_LINES = 20;

    private final DetectionConfig config;
    private final Map<Input, RecordParser> parsers = new EnumMap<>(Input.class);
    private final LookupQualifier lookups;
    private final FlowNormaliser flows;

    public Inspector(DetectionConfig config) {
        this.config = config;
        this.lookups = new LookupQualifier(config);
        this.lookups.open(null);
        this.flows = new FlowNormaliser(config);
    }

    /** The files a backfill would read for these paths (directories recursively, names starting '.' or '_' skipped). */
    public static List<Path> files(List<java.nio.file.Path> paths) throws IOException {
        Path[] roots = new Path[paths.size()];
        for (int i = 0; i < roots.length; i++) roots[i] = new Path(paths.get(i).toAbsolutePath().toUri());
        List<Path> files = new ArrayList<>();
        for (FileSourceSplit split : new NonSplittingRecursiveEnumerator().enumerateSplits(roots, 1)) files.add(split.path());
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    /** The input whose parser recognizes the file's first lines, or null. */
    public Input recognize(Path file) {
        List<String> first = LineReader.firstLines(file, FIRST_LINES);
        if (first.isEmpty()) return null;
        for (Input input : RECOGNITION_ORDER) {
            if (parser(input).recognizes(first)) return input;
        }
        return null;
    }

    /**
     * The inputs in the order recognition tries them: Sysmon before the Sentinel Event table's DNS client rows, since
     * a Sysmon row exported from the same table has their columns too (its provider tells them apart).
     */
    private static final List<Input> RECOGNITION_ORDER = recognitionOrder();

    private static List<Input> recognitionOrder() {
        List<Input> order = new ArrayList<>(List.of(Input.SYSMON_EVENTS));
        for (Input input : Input.values()) if (!order.contains(input)) order.add(input);
        return List.copyOf(order);
    }

    /** @param as the input to read the file as, or null to recognize it */
    public FileReport inspect(Path file, Input as) throws IOException {
        Input input = as != null ? as : recognize(file);
        String path = LineReader.display(file);
        if (input == null) return new FileReport(path, FileReport.UNRECOGNIZED);
        FileReport report = new FileReport(path, input.id);
        Counting<DnsLookup> lookup = new Counting<>();
        Counting<Flow> flow = new Counting<>();
        try (LineReader reader = new LineReader(file, parser(input).forNewFile(), false)) {
            for (ParsedRecord r = reader.next(); r != null; r = reader.next()) {
                if (r.fileTally != null) {
                    report.rows = r.fileTally.lines;
                    report.blank = r.fileTally.blankLines;
                    r.fileTally.skippedReasons.forEach((reason, n) -> report.skipped.merge(reason, n, Long::sum));
                } else if (r.deadLetter != null) {
                    if (r.deadLetter.reason != null && r.deadLetter.reason.startsWith(DeadLetter.UNREADABLE_FILE)) {
                        report.damage = r.deadLetter.reason;
                    } else {
                        report.deadLetters.merge(FileReport.kind(r.deadLetter.reason), 1L, Long::sum);
                    }
                } else if (r.carriesOnlyTime()) {
                    report.time(r.time);
                    report.skipped.merge(r.skipReason, 1L, Long::sum);
                } else {
                    report.time(r.time);
                    report.used++;
                    if (r.dnsQuery != null) {
                        report.dnsQueries++;
                        lookups.flatMap(r.dnsQuery, lookup);
                        if (TxtQueries.fromDnsQuery(r.dnsQuery) != null) report.txtQueries++;
                    }
                    if (r.flow != null) {
                        report.flows++;
                        flows.flatMap(r.flow, flow);
                    }
                }
            }
        }
        report.lookups = lookup.n;
        report.outboundPublicFlows = flow.n;
        return report;
    }

    private RecordParser parser(Input input) {
        return parsers.computeIfAbsent(input, i -> new RecordParser(i, config));
    }

    /** Counts what a rule's function lets through. */
    private static final class Counting<T> implements Collector<T> {
        long n;

        @Override
        public void collect(T record) {
            n++;
        }

        @Override
        public void close() {}
    }
}
