package dev.dnshunter.generate;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.DataSetFormat.Output;
import dev.dnshunter.generate.DataSetFormat.Stream;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code bench --format F}: the bench data set ({@link BenchDataWriter}, Sentinel JSON) rendered in another format, file
 * by file in bounded memory. Each Sentinel row is read into the normalized model with its parser and rendered by the
 * format's writer, so the events are the same; rows the parser skips (other SubTypes, other vendors) are left out, its
 * bad lines are copied as they are (no format's parser reads them), and the DNS client events, which only Sentinel
 * has, are not written. The Sentinel CSV export holds one part file in memory at a time (its header needs every
 * column).
 */
public final class BenchTranscoder {
    private static final Stream[] STREAMS = {Stream.DNS, Stream.FIREWALL, Stream.VM};
    private static final Input[] SENTINEL = {Input.DNS_EVENTS, Input.FIREWALL_EVENTS, Input.VM_CONNECTIONS};
    private static final String COMPLETE = "transcoded";

    private BenchTranscoder() {}

    /** The data set in {@code format} under {@code dir}, written from {@code sentinel} unless it is there already. */
    public static Path transcode(BenchDataWriter.Result sentinel, DataSetFormat format, Path dir) throws IOException {
        if (Files.exists(dir.resolve(COMPLETE))) return dir;
        Path tmp = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "." + dir.getFileName() + ".partial-");
        FormatWriter writer = format.writer();
        DetectionConfig config = DetectionConfig.defaults();
        for (int s = 0; s < STREAMS.length; s++) {
            Output o = format.output(STREAMS[s]);
            Path inDir = sentinel.input(SENTINEL[s].id);
            List<Path> parts;
            try (java.util.stream.Stream<Path> l = Files.list(inDir)) {
                parts = l.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            for (Path part : parts) {
                String name = STREAMS[s].name().toLowerCase(java.util.Locale.ROOT) + "-" + part.getFileName().toString()
                        .replaceAll("\\.jsonl(\\.gz)?$", "") + o.file().substring(o.file().indexOf('.'));
                List<String> lines = lines(part, SENTINEL[s], STREAMS[s], format, writer, config);
                Path file = tmp.resolve(o.dir()).resolve(name);
                try (Writer w = JsonLines.writer(file, false)) {
                    for (String line : lines) {
                        w.write(line);
                        w.write('\n');
                    }
                }
            }
        }
        Files.writeString(tmp.resolve(COMPLETE), format.id + "\n");
        if (Files.exists(dir)) throw new IOException(dir + " exists but is incomplete; delete it");
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /**
     * The query as a sensor logs it; DnsEvents has answers but its adapter reads no response code, so a query with
     * answer addresses is rendered as answered (NOERROR) and one without as a request only.
     */
    private static DnsQuery answered(DnsQuery q) {
        DnsQuery c = GenDns.clean(q);
        if (c.responseCode == DnsQuery.ABSENT && c.addresses != null) c.responseCode = 0;
        return c;
    }

    private static List<String> lines(Path part, Input input, Stream stream, DataSetFormat format, FormatWriter writer,
            DetectionConfig config) {
        RecordParser parser = new RecordParser(input, config);
        List<String> out = new ArrayList<>(writer.header(stream));
        List<String> csvRows = new ArrayList<>();
        int[] index = {0};
        JsonLines.forEachLine(part, line -> {
            if (format == DataSetFormat.SENTINEL_CSV) {
                // Whole rows for the export; the parser only says which to keep.
                ParsedRecord r = parser.parse(line);
                if (r != null && (r.dnsQuery != null || r.flow != null)) csvRows.add(line);
                return;
            }
            ParsedRecord r = parser.parse(line);
            if (r == null) return;
            if (r.deadLetter != null) out.add(line);
            else if (r.dnsQuery != null && r.dnsQuery.clientAddress != null) writer.dns(answered(r.dnsQuery), index[0]++, out);
            else if (r.flow != null) out.add(writer.flow(r.flow, index[0]++));
        });
        if (format == DataSetFormat.SENTINEL_CSV) out.addAll(SentinelCsvWriter.export(csvRows));
        out.addAll(writer.footer(stream));
        return out;
    }
}
