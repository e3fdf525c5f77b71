package dev.dnshunter.io;

import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.Sources;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * JSON-lines files: each input is a file or a directory (read recursively; names starting with '.' or '_' are
 * skipped, as Flink's file source does). Files ending in .gz are decompressed on the fly.
 */
public final class FileSources implements Sources {
    private final Map<Input, Path> paths = new EnumMap<>(Input.class);

    public FileSources with(Input input, Path path) {
        if (path != null) paths.put(input, path);
        return this;
    }

    @Override
    public DataStream<String> lines(StreamExecutionEnvironment env, Input input) {
        Path path = paths.get(input);
        if (path == null) return null;
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(path.toAbsolutePath().toUri()))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Read " + input.id)
                .uid("source-" + input.id);
    }
}
