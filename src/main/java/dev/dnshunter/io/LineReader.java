package dev.dnshunter.io;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.pipeline.FileTally;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * The records of one input file, parsed line by line: what the backfill's file source reads ({@link ParsingLineFormat})
 * and what {@code inspect} reads, so both see the same lines. Files ending in .gz or .gzip are read member by member
 * and checked ({@link GzipMembers}); other compressed extensions go through Flink's decompressors.
 *
 * <p>A file that cannot be read to its end (truncated or corrupt compression, an I/O error) gives the records of the
 * lines before the damage, then one dead letter that names the file, the fault and how many lines came before it
 * (reason {@code unreadable file: …}). A line that is not valid UTF-8 is a dead letter with its bytes kept, unless
 * {@code lenientUtf8}. The last record of every file carries its {@link FileTally}; after it {@link #next()} is null.
 */
public final class LineReader implements Closeable {
    private final Path path;
    private final RecordParser parser;
    private final boolean lenientUtf8;
    private InputStream stream;
    private ByteLines lines;
    private long lineCount;
    private long blankLines;
    private long skippedLines;
    private final Map<String, Long> skippedReasons = new LinkedHashMap<>();
    /** The tally is still to be handed out (after the last line, or after the dead letter of a damage). */
    private boolean tallyDue;
    private boolean ended;

    /** @param parser the parser for this file ({@link RecordParser#forNewFile()}) */
    public LineReader(Path path, RecordParser parser, boolean lenientUtf8) {
        this.path = path;
        this.parser = parser;
        this.lenientUtf8 = lenientUtf8;
    }

    /** How a file is named in reasons: its local path, or its URI on another file system. */
    public static String display(Path path) {
        return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : path.toString();
    }

    static InputStream open(Path path) throws IOException {
        FSDataInputStream raw = path.getFileSystem().open(path);
        String name = path.getName().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".gz") || name.endsWith(".gzip")) return new GzipMembers(raw);
            InflaterInputStreamFactory<?> other = StandardDeCompressors.getDecompressorForFileName(path.getName());
            return other == null ? raw : other.create(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Up to {@code max} non-blank lines from the start of a file, decoded as the reader decodes them (U+FFFD for bytes
     * that are not UTF-8), for recognizing its format; fewer when the file is shorter or damaged.
     */
    public static List<String> firstLines(Path path, int max) {
        List<String> out = new ArrayList<>();
        try (InputStream in = open(path)) {
            ByteLines lines = new ByteLines(in);
            while (out.size() < max && lines.next()) {
                String text = lines.lenient();
                if (!text.isBlank()) out.add(text);
            }
        } catch (IOException | RuntimeException e) {
            // What was read before the damage is all there is to recognize; reading the file reports the damage.
        }
        return out;
    }

    /** The next record of the file: an event, a skipped row's time, a dead letter, or last the tally; then null. */
    public ParsedRecord next() {
        if (ended) return null;
        if (tallyDue) {
            ended = true;
            closeQuietly();
            return ParsedRecord.endOf(new FileTally(display(path), lineCount, blankLines, skippedLines, skippedReasons));
        }
        try {
            if (lines == null) {
                stream = open(path);
                lines = new ByteLines(stream);
            }
            while (lines.next()) {
                lineCount++;
                if (parser.parsesBytes() && lines.isAsciiObject()) {
                    // The common line of a JSON-lines export: parsed from its bytes, never decoded into a String.
                    ParsedRecord r = parser.parse(lines.buffer(), 0, lines.length());
                    if (r != null) return r;
                    skippedLines++;
                    skippedReasons.merge(parser.skippedReason(), 1L, Long::sum);
                    continue;
                }
                String text = lines.lenient();
                if (!lenientUtf8) {
                    int bad = lines.invalidAt(text);
                    if (bad >= 0) {
                        return parser.unusable(DeadLetter.INVALID_UTF8 + " at byte " + bad + " of line " + lineCount + " of "
                                + display(path), text, lines.bytes());
                    }
                }
                ParsedRecord r = parser.parse(text);
                if (r != null) return r;
                if (text.isBlank()) {
                    blankLines++;
                } else {
                    // A row with no record and no time (a header line): counted here, with its reason.
                    skippedLines++;
                    skippedReasons.merge(parser.skippedReason(), 1L, Long::sum);
                }
            }
            tallyDue = true;
            return next();
        } catch (IOException | RuntimeException e) {
            tallyDue = true;
            String fault = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String file = display(path);
            DeadLetter d = new DeadLetter(parser.input().id, DeadLetter.UNREADABLE_FILE + file + ": " + fault + " (after "
                    + lineCount + " lines)", file);
            return ParsedRecord.dead(d);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // The file was read as far as it could be; a failing close changes nothing of what it gave.
        }
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            InputStream s = stream;
            stream = null;
            s.close();
        }
    }
}
