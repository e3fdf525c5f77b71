package dev.dnshunter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dataDir.resolve("shared"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producedValuesReadBackAtBothIsolationLevels() {
        broker.createTopics(3, "plain");
        List<String> values = IntStream.range(0, 10).mapToObj(i -> "value-" + i).collect(Collectors.toList());
        broker.produce("plain", values);

        for (boolean readCommitted : new boolean[] {true, false}) {
            List<ConsumerRecord<byte[], byte[]>> read = broker.readAll("plain", readCommitted, READ_TIMEOUT);
            assertEquals(values.stream().sorted().collect(Collectors.toList()), sortedValues(read),
                    "readCommitted=" + readCommitted);
        }
    }

    @Test
    void keyedRecordGoesToTheRequestedPartition() {
        broker.createTopics(3, "keyed");
        broker.produce("keyed", 2, bytes("k"), bytes("v"));

        List<ConsumerRecord<byte[], byte[]>> read = broker.readAll("keyed", false, READ_TIMEOUT);
        assertEquals(1, read.size());
        assertEquals(2, read.get(0).partition());
        assertEquals("k", new String(read.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("v", new String(read.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void abortedTransactionIsInvisibleToReadCommitted() {
        broker.createTopics(3, "transactional");
        try (KafkaProducer<String, String> producer = transactionalProducer("tx-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>("transactional", p, null, "aborted-" + p));
            }
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>("transactional", p, null, "committed-" + p));
            }
            producer.commitTransaction();
        }

        assertEquals(List.of("committed-0", "committed-1", "committed-2"),
                sortedValues(broker.readAll("transactional", true, READ_TIMEOUT)));
        assertEquals(List.of("aborted-0", "aborted-1", "aborted-2", "committed-0", "committed-1", "committed-2"),
                sortedValues(broker.readAll("transactional", false, READ_TIMEOUT)));
    }

    @Test
    void openTransactionDoesNotBlockReadCommitted() {
        broker.createTopics(1, "open-transaction");
        broker.produce("open-transaction", List.of("before"));
        try (KafkaProducer<String, String> producer = transactionalProducer("tx-open")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("open-transaction", "pending"));
            producer.flush();

            assertEquals(List.of("before"), sortedValues(broker.readAll("open-transaction", true, READ_TIMEOUT)));
            assertEquals(List.of("before", "pending"),
                    sortedValues(broker.readAll("open-transaction", false, READ_TIMEOUT)));
            producer.abortTransaction();
        }
    }

    @Test
    void brokersStartOneAfterAnotherAndRestartOnTheirData() throws Exception {
        Path dir = Files.createDirectories(dataDir.resolve("sequential"));
        try (KafkaBroker first = KafkaBroker.start(dir)) {
            first.createTopics(2, "kept");
            first.produce("kept", List.of("a", "b"));
        }
        try (KafkaBroker other = KafkaBroker.start(dataDir.resolve("other"))) {
            other.createTopics(1, "elsewhere");
            other.produce("elsewhere", List.of("x"));
            assertEquals(List.of("x"), sortedValues(other.readAll("elsewhere", true, READ_TIMEOUT)));
        }
        try (KafkaBroker restarted = KafkaBroker.start(dir)) {
            assertEquals(List.of("a", "b"), sortedValues(restarted.readAll("kept", true, READ_TIMEOUT)));
        }
        assertTrue(Files.exists(dir.resolve("kafka-logs").resolve("meta.properties")), "data directory is kept");
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static List<String> sortedValues(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted()
                .collect(Collectors.toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
