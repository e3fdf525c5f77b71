package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.generate.DataSetFormat.Stream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Writes a benchmark data set of about N input records in the layout and formats {@link DataSetGenerator} writes (four
 * input directories of JSON lines, 14 days: a baseline week, then a detection week), but streaming: it generates one
 * minute of event time after the other and keeps in memory only the rows whose time has not been passed yet, so its
 * memory does not grow with N (a few small per-domain and per-client arrays aside), and 100M records fit the launcher's
 * 2 GB heap. It computes no ground truth: at this size only the job's throughput is of interest.
 *
 * <p>The traffic is modelled as the generator models it: {@link BenchTraffic} (benign, minute by minute) and
 * {@link BenchAttacks} (planned first: attacks and bad lines) make the rows, {@link SentinelWriter} renders them, and
 * this class orders them by time and writes each input as {@link #PARTS} files, each covering a consecutive stretch of
 * time and strictly in time order. The data set is built in a hidden sibling directory and moved into place when
 * complete, so an interrupted run never leaves something a cache could mistake for a data set.
 */
public final class BenchDataWriter {
    public static final int DAYS = 14;
    /** Files per input: a log export is many files, and Flink reads one file per source task. */
    public static final int PARTS = 8;
    /** Written last into the data set: what it holds, read back when a cached data set is reused. */
    public static final String SUMMARY = "bench-data.json";
    /** Bumped whenever the data changes, so that a cache keyed on it is never reused across versions. */
    public static final int VERSION = 3;
    /** Malformed lines (one cut short, one with an impossible date) in every part file, which the job must survive. */
    static final int BAD_LINES_PER_PART = 2;

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long SLICE = MINUTE;
    /** No row is generated earlier than this before the slice being generated (a flow just before its lookup). */
    private static final long MAX_BACKWARD = BenignTraffic.BEFORE_LOOKUP + 1 + MINUTE;
    /** Weekends are quieter in an office. */
    private static final double WEEKEND_WEIGHT = 0.5;
    /** By {@link Stream} ordinal. */
    private static final String[] INPUT_DIRS = {DataSetGenerator.DNS_EVENTS_DIR, DataSetGenerator.FIREWALL_EVENTS_DIR,
        DataSetGenerator.VM_CONNECTIONS_DIR, DataSetGenerator.DNS_CLIENT_EVENTS_DIR};

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a data set holds. {@code domains} counts the distinct registrable domains and {@code clients} the distinct
     * client addresses of the DnsEvents lookups (LookupQuery rows) that parse; the universes are what they were drawn
     * from. Line counts include the {@code badLinesPerInput} malformed lines of each input.
     */
    public record Result(Path dir, long seed, long requestedRecords, long records, long dnsEventLines,
                         long firewallEventLines, long vmConnectionLines, long dnsClientEventLines, int badLinesPerInput,
                         long domains, long clients, int domainUniverse, int clientUniverse, int exfiltrations,
                         int dnsTxtBursts, int clientTxtBursts, long startMillis, long detectFromMillis,
                         double seconds) {

        public Path input(String inputDir) {
            return dir.resolve(inputDir);
        }
    }

    private final long requested;
    private final long seed;
    private final PrintStream progress;
    private final long start = GeneratorOptions.DEFAULT_START.toEpochMilli();
    private final long end = start + DAYS * DAY;
    private final BenchTraffic traffic;
    private final BenchAttacks attacks;
    private final SentinelWriter sentinel = new SentinelWriter();

    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private long seq;
    private final BenchPartWriter[] writers = new BenchPartWriter[INPUT_DIRS.length];

    private BenchDataWriter(long records, long seed, PrintStream progress) {
        this.requested = records;
        this.seed = seed;
        this.progress = progress;
        this.traffic = new BenchTraffic(records, seed, this::add);
        this.attacks = new BenchAttacks(traffic);
    }

    /**
     * Writes a data set of about {@code records} lines into {@code dir}, which must not exist yet.
     *
     * @param progress receives a line at every tenth of the way
     */
    public static Result write(Path dir, long records, long seed, PrintStream progress) throws IOException {
        if (records < 1_000) throw new IllegalArgumentException("records must be at least 1000, got " + records);
        if (Files.exists(dir)) throw new IOException(dir + " exists already");
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        try {
            Result r = new BenchDataWriter(records, seed, progress).run(tmp, dir);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            return r;
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
    }

    /** The data set written into {@code dir} earlier, or null if there is none (or an older version's). */
    public static Result read(Path dir) throws IOException {
        return BenchSummary.read(dir);
    }

    /** Detection starts after the baseline week, as {@link DataSetGenerator#detectFromMillis} has it. */
    public static long detectFromMillis() {
        return DataSetGenerator.detectFromMillis(GeneratorOptions.defaults(Path.of(".")).withDays(DAYS));
    }

    private Result run(Path tmp, Path finalDir) throws IOException {
        long startNanos = System.nanoTime();
        for (int i = 0; i < writers.length; i++) writers[i] = new BenchPartWriter(tmp.resolve(INPUT_DIRS[i]));
        try {
            // Planned first, into the queue that orders every row: they are few, and sit there until their time.
            attacks.attacks(end);
            attacks.badLines(start, end, PARTS);
            long benign = Math.max(0, requested - traffic.generated);

            int slices = (int) ((end - start) / SLICE);
            double[] weights = new double[slices];
            double total = 0;
            for (int k = 0; k < slices; k++) {
                long t = start + k * SLICE;
                int hour = (int) ((t - start) % DAY / HOUR);
                int weekday = LocalDate.ofEpochDay(Math.floorDiv(t, DAY)).getDayOfWeek().getValue();
                weights[k] = BenignTraffic.HOURLY_WEIGHTS[hour] * (weekday >= 6 ? WEEKEND_WEIGHT : 1.0);
                total += weights[k];
            }
            long base = traffic.generated;
            double cumulative = 0;
            long nextReport = requested / 10;
            for (int k = 0; k < slices; k++) {
                cumulative += weights[k];
                long sliceStart = start + k * SLICE;
                traffic.fill(sliceStart, SLICE, base + Math.round(benign * cumulative / total));
                flush(sliceStart + SLICE - MAX_BACKWARD);
                while (nextReport > 0 && traffic.generated >= nextReport && nextReport <= requested) {
                    progress.printf("bench data: %d%% (%,d records, %.0f s)%n", Math.round(100.0 * nextReport / requested),
                            traffic.generated, (System.nanoTime() - startNanos) / 1e9);
                    nextReport += requested / 10;
                }
            }
            flush(Long.MAX_VALUE);
        } finally {
            for (BenchPartWriter w : writers) w.close();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long records = 0;
        for (BenchPartWriter w : writers) records += w.lines;
        Result r = new Result(finalDir, seed, requested, records, writers[Stream.DNS.ordinal()].lines,
                writers[Stream.FIREWALL.ordinal()].lines, writers[Stream.VM.ordinal()].lines,
                writers[Stream.CLIENT.ordinal()].lines, PARTS * BAD_LINES_PER_PART, traffic.domainsSeen(),
                traffic.clientsSeen(), traffic.domainUniverse, traffic.clientUniverse, attacks.exfiltrations,
                attacks.dnsTxtBursts, attacks.clientTxtBursts, start, detectFromMillis(), seconds);
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(SUMMARY).toFile(), BenchSummary.json(r));
        progress.printf("bench data: %,d records in %.0f s: %,d distinct registrable domains, %,d clients%n", records,
                seconds, r.domains(), r.clients());
        return r;
    }

    /** A row of the traffic, held until its time has passed. */
    private void add(Stream input, long t, int ticks, Object row) {
        pending.add(new Pending(t, ticks, seq++, input.ordinal(), row));
    }

    /** Renders and writes the rows due before {@code before}, in time order. */
    private void flush(long before) throws IOException {
        while (!pending.isEmpty() && pending.peek().time < before) {
            Pending p = pending.poll();
            long part = (p.time - start) * PARTS / (end - start);
            StringBuilder line = (p.row instanceof BadRow b ? sentinel.bad(b) : sentinel.row(p.row)).append('\n');
            writers[p.input].write((int) Math.max(0, Math.min(PARTS - 1, part)), bytes(line), lineLength);
        }
    }

    private char[] chars = new char[1024];
    private byte[] bytes = new byte[1024];
    private int lineLength;

    /** The line's UTF-8 bytes, in a buffer reused for the next line ({@link #lineLength} of them). */
    private byte[] bytes(StringBuilder line) {
        int n = line.length();
        if (chars.length < n) {
            chars = new char[2 * n];
            bytes = new byte[2 * n];
        }
        line.getChars(0, n, chars, 0);
        int any = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            any |= c;
            bytes[i] = (byte) c;
        }
        if (any < 0x80) {
            lineLength = n;
            return bytes;
        }
        byte[] utf8 = line.toString().getBytes(StandardCharsets.UTF_8);
        lineLength = utf8.length;
        return utf8;
    }

    /** A row and its place in time: its TimeGenerated, then the order it was made in. */
    private record Pending(long time, int ticks, long seq, int input, Object row) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            if (time != o.time) return Long.compare(time, o.time);
            if (ticks != o.ticks) return Integer.compare(ticks, o.ticks);
            return Long.compare(seq, o.seq);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the partial data set " + dir, e);
        }
    }
}
