package dev.dnshunter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy that CommitLossIT stalls the broker with: clients that bootstrap through it stay behind it. */
class KafkaProxyTest {
    @TempDir
    Path dir;

    private static void commit(String bootstrap, String transactionalId, String value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("through", value));
            producer.commitTransaction();
        }
    }

    @Test
    void theFirstCommitOfThePrefixStallsEverythingForTheGivenTimeThenGoesThrough() throws Exception {
        try (KafkaProxy proxy = KafkaProxy.bind(); KafkaBroker broker = KafkaBroker.startBehind(dir, proxy.port())) {
            proxy.forwardTo(broker.externalPort());
            broker.createTopics(1, "through");
            List<CompletableFuture<KafkaProxy.Stall>> stall = proxy.stallAtFirstCommit("held-", Duration.ofSeconds(3));

            commit(proxy.address(), "other-1", "a");
            assertFalse(stall.get(0).isDone(), "a commit of another prefix passes");
            long start = System.nanoTime();
            commit(proxy.address(), "held-1", "b");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            KafkaProxy.Stall s = stall.get(1).get(10, TimeUnit.SECONDS);
            assertEquals("held-1", s.transactionalId());
            assertTrue(tookMillis >= 3000, "the commit returned after " + tookMillis + " ms, within the stall");
            // Every connection of the producer went through the proxy, reconnections included: the broker advertises it.
            List<String> values = broker.readAll("through", true, Duration.ofSeconds(30)).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            assertEquals(List.of("a", "b"), values);
        }
    }
}
