package dev.dnshunter.io;

import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Text lines of a file, parsed into records as they are read, by a {@link LineReader} (which {@code inspect} reads
 * files with too). Files ending in .gz or .gzip are read member by member and checked ({@link GzipMembers}); other
 * compressed extensions go through Flink's decompressors as before.
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

    private static final class FileReader implements BulkFormat.Reader<ParsedRecord> {
        private final LineReader lines;
        private long toSkip;
        private long emitted;

        FileReader(Path path, RecordParser parser, boolean lenientUtf8, long toSkip) {
            this.lines = new LineReader(path, parser, lenientUtf8);
            this.toSkip = toSkip;
        }

        @Override
        public RecordIterator<ParsedRecord> readBatch() {
            ParsedRecord[] batch = new ParsedRecord[BATCH];
            int n = 0;
            ParsedRecord r;
            while (n < batch.length && (r = lines.next()) != null) {
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

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
