package dev.dnshunter.io;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.pipeline.Sinks;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Alerts to the SOC's topic exactly once (Kafka transactions committed on checkpoints; consumers read with
 * read_committed), keyed by alertId so a compacted topic or a consumer can de-duplicate, with the rule in a header.
 * Dead letters keep the original bytes and say where they came from and why, in headers.
 */
public final class KafkaSinks implements Sinks {
    public static final String RULE_HEADER = "rule";
    public static final String REASON_HEADER = "dns-hunter.reason";
    public static final String INPUT_HEADER = "dns-hunter.input";
    public static final String TOPIC_HEADER = "dns-hunter.source.topic";
    public static final String PARTITION_HEADER = "dns-hunter.source.partition";
    public static final String OFFSET_HEADER = "dns-hunter.source.offset";
    /** Set on a dead letter whose value was cut to a prefix: the original value's length in bytes, and its SHA-256. */
    public static final String LENGTH_HEADER = "dns-hunter.original-length";
    public static final String SHA256_HEADER = "dns-hunter.original-sha256";

    private final KafkaSettings settings;

    public KafkaSinks(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    public void alerts(DataStream<AlertRecord> alerts) {
        alerts.sinkTo(guarded(KafkaSink.<AlertRecord>builder()
                        .setBootstrapServers(settings.bootstrapServers)
                        .setKafkaProducerConfig(producerConfig())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(settings.transactionalIdPrefix + "-alerts")
                        .setRecordSerializer(new AlertSerializer(settings.alertsTopic))
                        .build()))
                .uid("alerts-sink").name("Alerts to Kafka " + settings.alertsTopic);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        if (settings.deadLetterTopic == null) {
            deadLetters.map(d -> d).uid("dead-letters-unrouted").name("Dead letters (no --dead-letter-topic: counted only)");
            return;
        }
        // At least once, no transaction: only the safe close (a broker outage must not end the TaskManager).
        deadLetters.sinkTo(new SafeClosingKafkaSink<>(KafkaSink.<DeadLetter>builder()
                        .setBootstrapServers(settings.bootstrapServers)
                        .setKafkaProducerConfig(producerConfig())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setRecordSerializer(new DeadLetterSerializer(settings.deadLetterTopic))
                        .build()))
                .uid("dead-letter-sink").name("Dead letters to Kafka " + settings.deadLetterTopic);
    }

    @Override
    public void excluded(DataStream<ExcludedAlert> excluded) {
        if (settings.excludedTopic == null) {
            excluded.map(e -> e).uid("excluded-unrouted").name("Excluded alerts (no --excluded-topic: counted only)");
            return;
        }
        excluded.sinkTo(guarded(KafkaSink.<ExcludedAlert>builder()
                        .setBootstrapServers(settings.bootstrapServers)
                        .setKafkaProducerConfig(producerConfig())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(settings.transactionalIdPrefix + "-excluded")
                        .setRecordSerializer(new ExcludedSerializer(settings.excludedTopic))
                        .build()))
                .uid("excluded-sink").name("Excluded alerts to Kafka " + settings.excludedTopic);
    }

    /** Exactly-once sinks fail the job when a completed checkpoint's transaction was lost (see {@link CommitLossGuard}). */
    private <T> CommitLossGuard<T> guarded(KafkaSink<T> sink) {
        Properties admin = settings.clientProperties();
        admin.setProperty("bootstrap.servers", settings.bootstrapServers);
        return new CommitLossGuard<>(sink, admin, settings.transactionTimeoutMillis);
    }

    private Properties producerConfig() {
        Properties p = settings.clientProperties();
        p.setProperty("transaction.timeout.ms", Long.toString(settings.transactionTimeoutMillis));
        // Every value is bounded by --max-record-bytes before it gets here (OutputLimit); the request limit leaves room
        // for the key, headers and batch overhead, and stays below the broker's default 1 MB with the default bound.
        p.putIfAbsent("max.request.size", Integer.toString(settings.maxRecordBytes + KafkaSettings.RECORD_OVERHEAD_BYTES));
        return p;
    }

    static final class AlertSerializer implements KafkaRecordSerializationSchema<AlertRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        AlertSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(AlertRecord a, KafkaSinkContext context, Long timestamp) {
            // No record timestamp: the producer stamps the time the alert is written. Stamping the alert's event time
            // would make a topic's time-based retention delete alerts about old events (a replay, a late backfill)
            // as soon as they are written, before the SOC reads them. The event time is the JSON's "time".
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, null, bytes(a.alertId), bytes(a.json));
            r.headers().add(new RecordHeader(RULE_HEADER, bytes(a.rule)));
            return r;
        }
    }

    static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        DeadLetterSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
            byte[] value = d.raw != null ? d.raw : d.record == null ? null : bytes(d.record);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, value);
            r.headers().add(new RecordHeader(REASON_HEADER, bytes(d.reason)));
            r.headers().add(new RecordHeader(INPUT_HEADER, bytes(d.source)));
            if (d.topic != null) {
                r.headers().add(new RecordHeader(TOPIC_HEADER, bytes(d.topic)));
                r.headers().add(new RecordHeader(PARTITION_HEADER, bytes(Integer.toString(d.partition))));
                r.headers().add(new RecordHeader(OFFSET_HEADER, bytes(Long.toString(d.offset))));
            }
            if (d.originalLength >= 0) {
                r.headers().add(new RecordHeader(LENGTH_HEADER, bytes(Long.toString(d.originalLength))));
                r.headers().add(new RecordHeader(SHA256_HEADER, bytes(d.originalSha256)));
            }
            return r;
        }
    }

    static final class ExcludedSerializer implements KafkaRecordSerializationSchema<ExcludedAlert> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        ExcludedSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(ExcludedAlert e, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, bytes(e.alertId), bytes(ExcludedAlertJson.toJson(e)));
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
