package dev.dnshunter.io;

import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/** Text lines of a file (decompressed by extension, e.g. .gz), parsed into records as they are read. */
public final class ParsingLineFormat implements StreamFormat<ParsedRecord> {
    private static final long serialVersionUID = 1L;

    private final TextLineInputFormat lines = new TextLineInputFormat();
    private final RecordParser parser;

    public ParsingLineFormat(RecordParser parser) {
        this.parser = parser;
    }

    @Override
    public Reader<ParsedRecord> createReader(Configuration config, FSDataInputStream stream, long fileLen, long splitEnd) throws IOException {
        return new ParsingReader(lines.createReader(config, stream, fileLen, splitEnd), parser.forNewFile());
    }

    @Override
    public Reader<ParsedRecord> restoreReader(Configuration config, FSDataInputStream stream, long restoredOffset, long fileLen,
            long splitEnd) throws IOException {
        // A file-scoped input restored mid-file has lost its header (files are read in BATCH backfills only).
        return new ParsingReader(lines.restoreReader(config, stream, restoredOffset, fileLen, splitEnd), parser.forNewFile());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }

    private static final class ParsingReader implements StreamFormat.Reader<ParsedRecord> {
        private final StreamFormat.Reader<String> lines;
        private final RecordParser parser;

        ParsingReader(StreamFormat.Reader<String> lines, RecordParser parser) {
            this.lines = lines;
            this.parser = parser;
        }

        @Override
        public ParsedRecord read() throws IOException {
            String line;
            while ((line = lines.read()) != null) {
                ParsedRecord r = parser.parse(line);
                if (r != null) return r;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
