package dev.dnshunter.pipeline;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where the raw JSON lines come from (files in a backfill, topics when streaming): the detection never knows. */
public interface Sources {
    /** The raw lines of one input, or null when that input is not configured. */
    DataStream<String> lines(StreamExecutionEnvironment env, Input input);
}
