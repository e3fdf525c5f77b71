package dev.dnshunter.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where records come from (files in a backfill, topics when streaming): the detection never knows. A source parses
 * its raw records with the given parser and applies the watermark strategy itself (in the source, so that Kafka
 * partitions get their own watermarks).
 */
public interface Sources {
    /** The parsed records of one input, or null when that input is not configured. */
    DataStream<ParsedRecord> records(StreamExecutionEnvironment env, RecordParser parser, WatermarkStrategy<ParsedRecord> watermarks);
}
