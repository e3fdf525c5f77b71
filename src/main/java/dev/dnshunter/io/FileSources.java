package dev.dnshunter.io;

import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import dev.dnshunter.pipeline.Sources;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * JSON-lines files: each input is a file or a directory (read recursively; names starting with '.' or '_' are
 * skipped, as Flink's file source does). Files ending in .gz are decompressed on the fly. A damaged file or a line
 * that is not UTF-8 becomes a dead letter ({@link ParsingLineFormat}), never a failed job.
 */
public final class FileSources implements Sources {
    private final Map<Input, Path> paths = new EnumMap<>(Input.class);
    private boolean lenientUtf8;

    public FileSources with(Input input, Path path) {
        if (path != null) paths.put(input, path);
        return this;
    }

    /** Decode lines that are not UTF-8 with U+FFFD and use them, instead of making them dead letters. */
    public FileSources lenientUtf8(boolean lenient) {
        this.lenientUtf8 = lenient;
        return this;
    }

    @Override
    public DataStream<ParsedRecord> records(StreamExecutionEnvironment env, RecordParser parser, WatermarkStrategy<ParsedRecord> watermarks) {
        Input input = parser.input();
        Path path = paths.get(input);
        if (path == null) return null;
        FileSource<ParsedRecord> source = FileSource
                .forBulkFileFormat(new ParsingLineFormat(parser, lenientUtf8), new org.apache.flink.core.fs.Path(path.toAbsolutePath().toUri()))
                .build();
        return env.fromSource(source, watermarks, "Read and parse " + input.id).uid("source-" + input.id);
    }
}
