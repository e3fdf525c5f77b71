package dev.dnshunter.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once Kafka sink, with commit loss made loud. When a checkpoint has completed, its transaction holds
 * alerts that no replay will produce again (the sources restart after them). If the broker aborted that transaction
 * before the commit reached it (an outage longer than {@code --transaction-timeout}), the connector's committer logs
 * that data is "probably lost" and lets the job go on: those alerts are gone and nothing fails.
 *
 * <p>This sink delegates everything to {@link KafkaSink} (same writer and committer state, same operators and uids;
 * its writer closes without throwing, see {@link SafeClosingKafkaSink}) and changes one thing: a commit the
 * connector gives up on with a "known reason" (producer fenced, invalid transaction state) is checked against the
 * broker ({@code describeTransactions}). A transaction the broker reports committed, or prepared to commit (which it
 * completes as committed), was committed before (a restore re-commits the last checkpoint's transactions) and is
 * fine; any other state means its records are lost, and the commit fails with {@link CommitLostException}: the job
 * fails, restarts from the same checkpoint, fails again, and with {@code --max-restarts} ends with exit code 1. The
 * metrics {@code expiredTransactions} and {@code alertsInExpiredTransactions} (records the writer put into the
 * transaction, known when the writer ran in the same process) count them.
 */
public final class CommitLossGuard<IN> extends SafeClosingKafkaSink<IN> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommitLossGuard.class);
    /** Records written per transaction, from the writer to the committer of the same process. */
    static final Map<String, Long> RECORDS_PER_TRANSACTION = new ConcurrentHashMap<>();

    private final Properties adminProperties;
    private final long transactionTimeoutMillis;

    public CommitLossGuard(KafkaSink<IN> delegate, Properties adminProperties, long transactionTimeoutMillis) {
        super(delegate);
        this.adminProperties = adminProperties;
        this.transactionTimeoutMillis = transactionTimeoutMillis;
    }

    static String key(KafkaCommittable c) {
        return c.getTransactionalId() + '/' + c.getProducerId() + '/' + c.getEpoch();
    }

    @Override
    PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> wrap(
            PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer) {
        return new CountingWriter<>(writer);
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        Counter transactions = context.metricGroup().counter("expiredTransactions");
        Counter alerts = context.metricGroup().counter("alertsInExpiredTransactions");
        return new VerifyingCommitter(delegate.createCommitter(context), new BrokerTransactions(adminProperties), transactions,
                alerts, transactionTimeoutMillis);
    }

    /** The alert sink's failure: the transaction of a completed checkpoint was aborted by the broker. */
    public static final class CommitLostException extends IOException {
        private static final long serialVersionUID = 1L;

        CommitLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What the broker says about a transaction: its state's name, or why it could not be asked. */
    interface TransactionStates {
        String state(String transactionalId) throws Exception;
    }

    static final class BrokerTransactions implements TransactionStates {
        private final Properties properties;

        BrokerTransactions(Properties properties) {
            this.properties = properties;
        }

        @Override
        public String state(String transactionalId) throws Exception {
            Properties p = new Properties();
            p.putAll(properties);
            p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
            try (Admin admin = Admin.create(p)) {
                TransactionDescription d = admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                        .get(60, TimeUnit.SECONDS);
                return d.state().name();
            }
        }
    }

    /**
     * Whether the broker's state of a transaction means it is committed. {@code PREPARE_COMMIT} counts: the
     * coordinator writes it to its log before it answers the commit and before the partitions' markers are written, and
     * from then on the transaction can only complete as committed. A transaction committed a moment ago is often
     * still in that state.
     */
    static boolean isCommitted(String state) {
        return TransactionState.COMPLETE_COMMIT.name().equals(state) || TransactionState.PREPARE_COMMIT.name().equals(state);
    }

    static final class VerifyingCommitter implements Committer<KafkaCommittable> {
        private final Committer<KafkaCommittable> delegate;
        private final TransactionStates broker;
        private final Counter expiredTransactions;
        private final Counter alertsInExpiredTransactions;
        private final long transactionTimeoutMillis;

        VerifyingCommitter(Committer<KafkaCommittable> delegate, TransactionStates broker, Counter expiredTransactions,
                Counter alertsInExpiredTransactions, long transactionTimeoutMillis) {
            this.delegate = delegate;
            this.broker = broker;
            this.expiredTransactions = expiredTransactions;
            this.alertsInExpiredTransactions = alertsInExpiredTransactions;
            this.transactionTimeoutMillis = transactionTimeoutMillis;
        }

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
            List<Tracked> tracked = new ArrayList<>(requests.size());
            for (CommitRequest<KafkaCommittable> r : requests) tracked.add(new Tracked(r));
            delegate.commit(new ArrayList<>(tracked));
            for (Tracked t : tracked) {
                KafkaCommittable c = t.real.getCommittable();
                if (t.knownFailure == null) {
                    if (!t.retry) RECORDS_PER_TRANSACTION.remove(key(c));
                    continue;
                }
                String state;
                try {
                    state = broker.state(c.getTransactionalId());
                } catch (Exception e) {
                    state = "unknown (" + e + ")";
                }
                if (isCommitted(state)) {
                    // Committed before: a restore commits the restored checkpoint's transactions again.
                    LOG.info("Kafka transaction {} is already committed (broker state {})", c.getTransactionalId(), state);
                    RECORDS_PER_TRANSACTION.remove(key(c));
                    t.real.signalAlreadyCommitted();
                    continue;
                }
                Long records = RECORDS_PER_TRANSACTION.remove(key(c));
                expiredTransactions.inc();
                if (records != null) alertsInExpiredTransactions.inc(records);
                String message = "Kafka transaction " + c.getTransactionalId() + " of a completed checkpoint could not be committed ("
                        + t.knownFailure.getClass().getSimpleName() + "; broker state " + state + "): its "
                        + (records == null ? "" : records + " ") + "records are lost, most likely because the broker was out of reach "
                        + "for longer than the transaction timeout (" + transactionTimeoutMillis / 1000 + " s). The job fails rather "
                        + "than run on without them; see docs/security.md, Commit loss, for how to recover";
                LOG.error(message, t.knownFailure);
                t.real.signalFailedWithUnknownReason(new CommitLostException(message, t.knownFailure));
            }
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }

    /** Passes every signal through, except a known-reason failure, which is held for verification. */
    private static final class Tracked implements Committer.CommitRequest<KafkaCommittable> {
        final Committer.CommitRequest<KafkaCommittable> real;
        Throwable knownFailure;
        boolean retry;

        Tracked(Committer.CommitRequest<KafkaCommittable> real) {
            this.real = real;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return real.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return real.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            knownFailure = t;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            real.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            retry = true;
            real.retryLater();
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            retry = true;
            real.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            real.signalAlreadyCommitted();
        }
    }

    /** Counts the records of each transaction, for the metric of alerts lost with it; closes safely. */
    static final class CountingWriter<IN> extends SafeClosingWriter<IN> {
        private long written;

        CountingWriter(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> delegate) {
            super(delegate);
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            delegate.write(element, context);
            written++;
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
            Collection<KafkaCommittable> committables = delegate.prepareCommit();
            for (KafkaCommittable c : committables) {
                RECORDS_PER_TRANSACTION.merge(key(c), written, Long::sum);
                written = 0;
            }
            return committables;
        }
    }
}
