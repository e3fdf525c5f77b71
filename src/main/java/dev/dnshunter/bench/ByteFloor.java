package dev.dnshunter.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dnshunter.event.ByteSearch;
import dev.dnshunter.event.JsonLineScanner;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.inputs.sentinel.SentinelTableParser;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import dev.dnshunter.pipeline.Input;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The floor under any implementation of the detection over JSON-lines exports: read the bytes, split them into lines,
 * and find in each line the values of the columns the rules read. Nothing is kept. Plain threads, one file at a time
 * each, no Flink. Two ways to find the values ({@link Parser}):
 *
 * <ul>
 *   <li>{@link Parser#SCANNER}, the floor: {@link JsonLineScanner} over the bytes (the line checked against the JSON
 *       grammar, only the wanted values looked at, an escaped one decoded into a reused buffer); a line it leaves to a
 *       full parser (not ASCII, malformed, ...) is read as {@link Parser#JACKSON} reads it, so both find the same
 *       values in every line;
 *   <li>{@link Parser#JACKSON}: Jackson's UTF-8 streaming parser over the bytes themselves (no {@code String} per
 *       line, the wanted values decoded into the parser's buffer).
 * </ul>
 */
public final class ByteFloor {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int BUFFER = 1 << 20;

    private ByteFloor() {}

    /** The columns the job's parsers read, per Sentinel input among {@code inputs} (the bench's four). */
    public static Map<Path, Set<String>> parserColumns(Map<Input, Path> inputs) {
        Map<Path, Set<String>> m = new LinkedHashMap<>();
        inputs.forEach((input, path) -> {
            SentinelTableParser<?> parser = switch (input) {
                case DNS_EVENTS -> new DnsEventParser();
                case FIREWALL_EVENTS -> new FirewallEventParser();
                case VM_CONNECTIONS -> new VmConnectionParser();
                case DNS_CLIENT_EVENTS -> new DnsClientEventParser();
                default -> throw new IllegalArgumentException("no byte floor for " + input.id);
            };
            m.put(path, Set.copyOf(parser.row().names()));
        });
        return m;
    }

    /** How the values are found in a line. */
    public enum Parser {
        /** {@link JsonLineScanner}, and Jackson for the lines it leaves to a full parser. */
        SCANNER("scanner"),
        /** Jackson's streaming parser over the bytes. */
        JACKSON("jackson");

        public final String id;

        Parser(String id) {
            this.id = id;
        }

        /** The parser named {@code id}, or null. */
        public static Parser of(String id) {
            for (Parser p : values()) {
                if (p.id.equals(id)) return p;
            }
            return null;
        }
    }

    /**
     * Lines read, bytes read, values found (wanted columns with a non-null scalar value, at the top level of a line),
     * wall seconds, and the lines that were read by Jackson (all of them for {@link Parser#JACKSON}).
     */
    public record Result(Parser parser, long lines, long bytes, long values, double seconds, long jacksonLines) {}

    /** The floor with {@link Parser#SCANNER}. */
    public static Result run(Map<Path, Set<String>> columns, int threads) throws Exception {
        return run(columns, threads, Parser.SCANNER);
    }

    /** @param columns per file or directory of JSON-lines files, the column names to find */
    public static Result run(Map<Path, Set<String>> columns, int threads, Parser parser) throws Exception {
        List<Map.Entry<Path, Set<String>>> tasks = new ArrayList<>();
        for (Map.Entry<Path, Set<String>> e : columns.entrySet()) {
            Set<String> wanted = interned(e.getValue());
            for (Path file : ParseOnlyPass.files(e.getKey())) tasks.add(Map.entry(file, wanted));
        }
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong values = new AtomicLong();
        AtomicLong jackson = new AtomicLong();
        List<Runnable> work = new ArrayList<>();
        for (Map.Entry<Path, Set<String>> t : tasks) {
            work.add(() -> {
                long[] counts = scan(t.getKey(), t.getValue(), parser);
                lines.addAndGet(counts[0]);
                bytes.addAndGet(counts[1]);
                values.addAndGet(counts[2]);
                jackson.addAndGet(counts[3]);
            });
        }
        double seconds = ParseOnlyPass.timed(work, threads);
        return new Result(parser, lines.get(), bytes.get(), values.get(), seconds, jackson.get());
    }

    /** Lines, bytes, values found and lines read by Jackson in one file. */
    static long[] scan(Path file, Set<String> wanted, Parser parser) {
        long[] counts = new long[4];
        JsonLineScanner scanner = parser == Parser.SCANNER ? new JsonLineScanner(List.copyOf(wanted)) : null;
        boolean wordwise = scanner != null;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = open(file)) {
            int filled = 0;
            int n;
            while ((n = in.read(buf, filled, buf.length - filled)) > 0 || filled > 0) {
                int end = n > 0 ? filled + n : filled;
                counts[1] += Math.max(n, 0);
                int from = 0;
                for (int i = indexOf(buf, from, end, wordwise); i >= 0; i = indexOf(buf, from, end, wordwise)) {
                    line(buf, from, i, wanted, scanner, counts);
                    from = i + 1;
                }
                if (n <= 0) {
                    // The last line, without a newline.
                    if (from < end) line(buf, from, end, wanted, scanner, counts);
                    break;
                }
                filled = end - from;
                if (filled == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                System.arraycopy(buf, from, buf, 0, filled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private static void line(byte[] buf, int from, int to, Set<String> wanted, JsonLineScanner scanner, long[] counts) {
        counts[0]++;
        if (to == from) return;
        if (scanner != null && scanner.scan(buf, from, to)) {
            for (int k = 0, n = scanner.count(); k < n; k++) {
                byte kind = scanner.kind(k);
                if (kind != JsonLineScanner.NULL && kind != JsonLineScanner.OBJECT && kind != JsonLineScanner.ARRAY) {
                    // The value's length: an escaped string is decoded into the scanner's buffer; no String.
                    scanner.length(k);
                    counts[2]++;
                }
            }
            return;
        }
        counts[3]++;
        try (JsonParser p = FACTORY.createParser(buf, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (wanted.contains(name) && t != JsonToken.VALUE_NULL) {
                    // Decodes the value into the parser's own character buffer; no String.
                    p.getTextLength();
                    counts[2]++;
                }
            }
        } catch (IOException e) {
            // A malformed line: the job makes it a dead letter; the floor only finds values.
        }
    }

    /** The next newline: eight bytes at a time with the scanner, byte by byte (as the floor always did) with Jackson. */
    private static int indexOf(byte[] buf, int from, int to, boolean wordwise) {
        if (wordwise) return ByteSearch.newline(buf, from, to);
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }

    private static Set<String> interned(Set<String> names) {
        return Set.copyOf(names.stream().map(String::intern).toList());
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
