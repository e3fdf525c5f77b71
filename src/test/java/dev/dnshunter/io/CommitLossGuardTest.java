package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.cli.UsageException;
import dev.dnshunter.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit loss: the connector's committer gives up on a transaction the broker aborted (ProducerFencedException,
 * InvalidTxnStateException), logs that data is probably lost and lets the job run on. {@link CommitLossGuard} asks
 * the broker and fails the commit unless the transaction is committed. The broker's answers are real here.
 */
class CommitLossGuardTest {
    @TempDir
    static Path dir;
    static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start(dir);
        kafka.createTopics(1, "commit-loss");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    /** A request that records what the committer signalled. */
    static final class Request implements Committer.CommitRequest<KafkaCommittable> {
        final KafkaCommittable committable;
        final List<String> signals = new ArrayList<>();
        Throwable failure;

        Request(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override public KafkaCommittable getCommittable() { return committable; }
        @Override public int getNumberOfRetries() { return 0; }
        @Override public void signalFailedWithKnownReason(Throwable t) { signals.add("known"); failure = t; }
        @Override public void signalFailedWithUnknownReason(Throwable t) { signals.add("unknown"); failure = t; }
        @Override public void retryLater() { signals.add("retry"); }
        @Override public void updateAndRetryLater(KafkaCommittable c) { signals.add("retry"); }
        @Override public void signalAlreadyCommitted() { signals.add("alreadyCommitted"); }
    }

    /** What the connector's committer does with a transaction the broker aborted. */
    static Committer<KafkaCommittable> connectorGivingUp(RuntimeException why) {
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
                for (CommitRequest<KafkaCommittable> r : requests) r.signalFailedWithKnownReason(why);
            }

            @Override
            public void close() {}
        };
    }

    private static String transaction(String id, boolean commit) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("transactional.id", id);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("commit-loss", "alert"));
            if (commit) producer.commitTransaction(); else producer.abortTransaction();
        }
        return id;
    }

    /**
     * Waits until the broker reports the transaction in {@code state}: right after a commit or an abort the coordinator
     * reports PREPARE_COMMIT or PREPARE_ABORT while it writes the markers.
     */
    private static void awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String seen;
        while (!(seen = broker().state(id)).equals(state)) {
            if (System.nanoTime() > deadline) throw new AssertionError("transaction " + id + " stayed " + seen + ", not " + state);
            Thread.onSpinWait();
        }
    }

    private static CommitLossGuard.BrokerTransactions broker() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new CommitLossGuard.BrokerTransactions(p);
    }

    @Test
    void anAbortedTransactionOfACompletedCheckpointFailsTheCommitAndCountsItsAlerts() throws Exception {
        String id = transaction("dns-hunter-alerts-0-7", false);
        awaitState(id, "COMPLETE_ABORT");
        KafkaCommittable c = new KafkaCommittable(42, (short) 0, id, null);
        CommitLossGuard.RECORDS_PER_TRANSACTION.put(CommitLossGuard.key(c), 3L);
        SimpleCounter transactions = new SimpleCounter();
        SimpleCounter alerts = new SimpleCounter();
        var committer = new CommitLossGuard.VerifyingCommitter(connectorGivingUp(new ProducerFencedException("fenced")), broker(),
                transactions, alerts, 20_000);
        Request r = new Request(c);
        committer.commit(List.of(r));
        assertEquals(List.of("unknown"), r.signals);
        assertInstanceOf(CommitLossGuard.CommitLostException.class, r.failure);
        assertTrue(r.failure.getMessage().contains("its 3 records are lost"), r.failure.getMessage());
        assertTrue(r.failure.getMessage().contains("broker state COMPLETE_ABORT"), r.failure.getMessage());
        assertEquals(1, transactions.getCount());
        assertEquals(3, alerts.getCount());
    }

    @Test
    void aTransactionTheBrokerNeverHeardOfIsLostToo() throws Exception {
        KafkaCommittable c = new KafkaCommittable(43, (short) 0, "dns-hunter-alerts-1-9", null);
        SimpleCounter transactions = new SimpleCounter();
        var committer = new CommitLossGuard.VerifyingCommitter(connectorGivingUp(new InvalidTxnStateException("invalid")), broker(),
                transactions, new SimpleCounter(), 20_000);
        Request r = new Request(c);
        committer.commit(List.of(r));
        assertEquals(List.of("unknown"), r.signals);
        assertEquals(1, transactions.getCount());
    }

    @Test
    void aTransactionCommittedBeforeARestoreIsNotALoss() throws Exception {
        // A restore commits the restored checkpoint's transactions again; the connector may call that fenced.
        String id = transaction("dns-hunter-alerts-0-8", true);
        SimpleCounter transactions = new SimpleCounter();
        var committer = new CommitLossGuard.VerifyingCommitter(connectorGivingUp(new ProducerFencedException("fenced")), broker(),
                transactions, new SimpleCounter(), 20_000);
        Request r = new Request(new KafkaCommittable(44, (short) 0, id, null));
        committer.commit(List.of(r));
        assertEquals(List.of("alreadyCommitted"), r.signals);
        assertEquals(0, transactions.getCount());
    }

    @Test
    void aTransactionTheCoordinatorIsStillCommittingIsNotALossButOneItIsAbortingIs() throws Exception {
        // The states the broker reports for a moment after a commit or an abort, whichever the test above happened to see.
        for (String state : List.of("PREPARE_COMMIT", "COMPLETE_COMMIT", "PREPARE_ABORT", "COMPLETE_ABORT", "ONGOING", "EMPTY")) {
            SimpleCounter transactions = new SimpleCounter();
            var committer = new CommitLossGuard.VerifyingCommitter(connectorGivingUp(new ProducerFencedException("fenced")),
                    id -> state, transactions, new SimpleCounter(), 20_000);
            Request r = new Request(new KafkaCommittable(45, (short) 0, "dns-hunter-alerts-0-9", null));
            committer.commit(List.of(r));
            boolean committed = state.endsWith("_COMMIT");
            assertEquals(List.of(committed ? "alreadyCommitted" : "unknown"), r.signals, state);
            assertEquals(committed ? 0 : 1, transactions.getCount(), state);
            if (!committed) assertTrue(r.failure.getMessage().contains("broker state " + state), r.failure.getMessage());
        }
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsAStartError() {
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = kafka.bootstrapServers();
        k.transactionTimeoutMillis = 20 * 60_000L;
        UsageException e = assertThrows(UsageException.class,
                () -> StreamCommandAccess.checkTransactionTimeout(k, new PrintStream(new ByteArrayOutputStream())));
        assertEquals("--transaction-timeout 1200s is above the broker's transaction.max.timeout.ms 900000 (900 s): lower it, "
                + "or raise transaction.max.timeout.ms on the brokers", e.getMessage());
        k.transactionTimeoutMillis = 20_000;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamCommandAccess.checkTransactionTimeout(k, new PrintStream(err));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theFlagIsParsedAndBoundedByTheCheckpointInterval() {
        List<String> base = List.of("--bootstrap-servers", "127.0.0.1:1", "--dns-events-topic", "d", "--alerts-topic", "a");
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of("--transaction-timeout", "20s", "--checkpoint-interval", "2s"));
        assertEquals(20_000, StreamCommandAccess.plan(args).kafka().transactionTimeoutMillis);
        assertEquals(KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT_MILLIS, StreamCommandAccess.plan(base).kafka().transactionTimeoutMillis);
        List<String> tooShort = new ArrayList<>(base);
        tooShort.addAll(List.of("--transaction-timeout", "15s"));
        assertThrows(UsageException.class, () -> StreamCommandAccess.plan(tooShort));
    }
}
