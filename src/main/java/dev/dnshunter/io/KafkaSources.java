package dev.dnshunter.io;

import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import dev.dnshunter.pipeline.Sources;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.header.Header;
import java.nio.charset.StandardCharsets;

/**
 * One KafkaSource per input topic. Records are parsed in the deserializer so that the watermark strategy runs per
 * partition (a split) with the event time of each record, and idleness lets an empty partition or an unused topic
 * stop holding event time back.
 */
public final class KafkaSources implements Sources {
    private final KafkaSettings settings;

    public KafkaSources(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    public DataStream<ParsedRecord> records(StreamExecutionEnvironment env, RecordParser parser, WatermarkStrategy<ParsedRecord> watermarks) {
        Input input = parser.input();
        String topic = settings.inputTopics.get(input);
        if (topic == null) return null;
        KafkaSourceBuilder<ParsedRecord> builder = KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(settings.bootstrapServers)
                .setTopics(topic)
                .setGroupId(settings.groupId)
                .setClientIdPrefix("dns-hunter-" + input.id)
                .setProperties(settings.clientProperties())
                .setStartingOffsets(startingOffsets())
                .setDeserializer(new Parsing(parser, input == Input.EXCLUSION_UPDATES ? settings.authorHeader : null));
        if (settings.stopAtLatest) builder.setBounded(OffsetsInitializer.latest());
        return env.fromSource(builder.build(), watermarks, "Kafka " + topic + " (" + input.id + ")").uid("source-" + input.id);
    }

    private OffsetsInitializer startingOffsets() {
        return switch (settings.startingOffsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            // A new consumer group has no committed offsets yet: start from the beginning rather than fail.
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case TIMESTAMP -> OffsetsInitializer.timestamp(settings.startingTimestampMillis);
        };
    }

    /**
     * Parses each record's value; a tombstone or an unparsable value becomes a dead letter with its coordinates. On the
     * control topic the author header (blank counts as absent) names who made the change; two headers of that name
     * that disagree make the record a dead letter.
     */
    static final class Parsing implements KafkaRecordDeserializationSchema<ParsedRecord> {
        private static final long serialVersionUID = 1L;
        private final RecordParser parser;
        /** The header that names a change's author; null for inputs without authors. */
        private final String authorHeader;

        Parsing(RecordParser parser) {
            this(parser, null);
        }

        Parsing(RecordParser parser, String authorHeader) {
            this.parser = parser;
            this.authorHeader = authorHeader;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
            String author = null;
            if (authorHeader != null) {
                for (Header h : record.headers().headers(authorHeader)) {
                    String v = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8).trim();
                    if (v.isEmpty()) continue;
                    if (author != null && !author.equals(v)) {
                        out.collect(parser.dead("conflicting " + authorHeader + " headers", record.value(), record.topic(),
                                record.partition(), record.offset()));
                        return;
                    }
                    author = v;
                }
            }
            ParsedRecord r = parser.parse(record.value(), record.topic(), record.partition(), record.offset(), author);
            if (r != null) out.collect(r);
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return TypeInformation.of(ParsedRecord.class);
        }
    }
}
