package dev.dnshunter.io;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.pipeline.FileTally;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Text lines of a file, parsed into records as they are read. Files ending in .gz or .gzip are read member by member
 * and checked ({@link GzipMembers}); other compressed extensions go through Flink's decompressors as before.
 *
 * <p>A file that cannot be read to its end (truncated or corrupt compression, an I/O error) never fails the job: the
 * lines read before the damage are used, then one dead letter names the file, the fault and how many lines came
 * before it (reason {@code unreadable file: …}), and the other files go on. A line that is not valid UTF-8 is a dead
 * letter with its bytes kept, unless {@code lenientUtf8} (then it is decoded with U+FFFD, as Flink's text format
 * does). Every file ends with a record that carries its {@link FileTally}.
 */
public final class ParsingLineFormat implements BulkFormat<ParsedRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    private final RecordParser parser;
    private final boolean lenientUtf8;

    public ParsingLineFormat(RecordParser parser, boolean lenientUtf8) {
        this.parser = parser;
        this.lenientUtf8 = lenientUtf8;
    }

    @Override
    public BulkFormat.Reader<ParsedRecord> createReader(Configuration config, FileSourceSplit split) {
        return new FileReader(split.path(), parser.forNewFile(), lenientUtf8, 0);
    }

    @Override
    public BulkFormat.Reader<ParsedRecord> restoreReader(Configuration config, FileSourceSplit split) {
        // Records carry no byte offset (a compressed file cannot seek): a restore reads the file again and drops the
        // records handed out before the checkpoint (a file-scoped input, Zeek TSV, reads its header again on the way).
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(split.path(), parser.forNewFile(), lenientUtf8, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }

    /** How a file is named in reasons: its local path, or its URI on another file system. */
    static String display(Path path) {
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

    private static final class FileReader implements BulkFormat.Reader<ParsedRecord> {
        private final Path path;
        private final RecordParser parser;
        private final boolean lenientUtf8;
        private long toSkip;
        private long emitted;
        private InputStream stream;
        private ByteLines lines;
        private long lineCount;
        private long blankLines;
        private long skippedLines;
        /** The tally is still to be handed out (after the last line, or after the dead letter of a damage). */
        private boolean tallyDue;
        private boolean ended;

        FileReader(Path path, RecordParser parser, boolean lenientUtf8, long toSkip) {
            this.path = path;
            this.parser = parser;
            this.lenientUtf8 = lenientUtf8;
            this.toSkip = toSkip;
        }

        @Override
        public RecordIterator<ParsedRecord> readBatch() {
            ParsedRecord[] batch = new ParsedRecord[BATCH];
            int n = 0;
            while (n < batch.length && !ended) {
                ParsedRecord r = next();
                emitted++;
                if (toSkip > 0) {
                    toSkip--;
                } else {
                    batch[n++] = r;
                }
            }
            if (n == 0) return null;
            ArrayResultIterator<ParsedRecord> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted - n);
            return it;
        }

        private ParsedRecord next() {
            if (tallyDue) {
                ended = true;
                closeQuietly();
                return ParsedRecord.endOf(new FileTally(display(path), lineCount, blankLines, skippedLines));
            }
            try {
                if (lines == null) {
                    stream = open(path);
                    lines = new ByteLines(stream);
                }
                while (lines.next()) {
                    lineCount++;
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
                        skippedLines++;
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
}
