package dev.dnshunter.io;

import dev.dnshunter.pipeline.Input;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything the Kafka edges need: the broker, topics per input, the output topics, where to start and the client
 * properties passed through (security settings among them). {@link #toString()} never shows a secret.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where to start reading when the job starts without a checkpoint. */
    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED, TIMESTAMP }

    public String bootstrapServers;
    public final Map<Input, String> inputTopics = new EnumMap<>(Input.class);
    public String alertsTopic;
    public String deadLetterTopic;
    public String excludedTopic;
    /** The control topic's record header that names a change's author. */
    public String authorHeader = "author";
    public String groupId = "dns-hunter";
    public StartingOffsets startingOffsets = StartingOffsets.COMMITTED;
    public long startingTimestampMillis;
    /** Stop at the offsets that are the latest when the job starts (replay a topic, then finish). */
    public boolean stopAtLatest;
    public String transactionalIdPrefix = "dns-hunter";
    /**
     * {@code --transaction-timeout}: how long the broker keeps a transaction open before it aborts it. Must not exceed
     * the broker's transaction.max.timeout.ms (15 min by default) and must be well above the checkpoint interval; an
     * outage longer than this after a checkpoint loses that checkpoint's alerts, and the job then fails.
     */
    public static final long DEFAULT_TRANSACTION_TIMEOUT_MILLIS = 10 * 60_000L;
    public long transactionTimeoutMillis = DEFAULT_TRANSACTION_TIMEOUT_MILLIS;
    public final Map<String, String> clientProperties = new TreeMap<>();
    /** The largest alert or dead letter value the sinks write ({@code --max-record-bytes}). */
    public int maxRecordBytes = dev.dnshunter.config.DetectionConfig.DEFAULT_MAX_RECORD_BYTES;
    /** What a producer request holds besides the value: key, headers, record and batch headers. */
    public static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        return p;
    }

    /** Whether a client property holds a secret (passwords, JAAS configs with credentials, keys, tokens). */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credentials") || k.contains("keystore.key");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? "******" : v));
        return "bootstrap=" + bootstrapServers + " inputs=" + inputTopics + " alerts=" + alertsTopic
                + " deadLetters=" + deadLetterTopic + (excludedTopic == null ? "" : " excluded=" + excludedTopic)
                + " group=" + groupId + " start=" + startingOffsets.name().toLowerCase(Locale.ROOT)
                + (stopAtLatest ? " stopAtLatest" : "") + " transactionalIdPrefix=" + transactionalIdPrefix
                + " transactionTimeout=" + java.time.Duration.ofMillis(transactionTimeoutMillis)
                + " clientProperties=" + shown;
    }
}
