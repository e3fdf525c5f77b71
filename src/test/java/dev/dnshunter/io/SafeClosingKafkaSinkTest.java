package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector's own writer with sends that fail (no broker listens; metadata waits 300 ms). In Flink's sink writer
 * operator it rethrows a pending send error from {@code close()}; in a MiniCluster that close, run by a failing task,
 * is a fatal error of the TaskManager. Wrapped ({@link SafeClosingKafkaSink}, {@link CommitLossGuard}), the close
 * returns, a flush still fails, the job fails with its own cause, and the job graph is the connector's.
 */
class SafeClosingKafkaSinkTest {
    static final String EXPECTED = "One or more Kafka Producer send requests have encountered exception";

    /** An at-least-once sink towards a port nothing listens on. */
    static KafkaSink<String> unreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("max.block.ms", "300");
        return KafkaSink.<String>builder().setBootstrapServers("127.0.0.1:" + port).setKafkaProducerConfig(p)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("unreachable")
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .build();
    }

    static OneInputStreamOperatorTestHarness<String, CommittableMessage<Object>> harness(Sink<String> sink) throws Exception {
        OneInputStreamOperatorTestHarness<String, CommittableMessage<Object>> h =
                new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<String, Object>(sink), StringSerializer.INSTANCE);
        h.open();
        return h;
    }

    @Test
    void theConnectorsWriterThrowsAPendingSendErrorFromClose() throws Exception {
        var h = harness(unreachable());
        h.processElement("lost with the failing attempt", 1L);
        Exception e = assertThrows(Exception.class, h::close);
        assertTrue(chain(e).contains(EXPECTED) && chain(e).contains(TimeoutException.class.getName()), chain(e));
    }

    @Test
    void wrappedItClosesWithoutThrowingAndAFlushStillFails() throws Exception {
        for (Function<KafkaSink<String>, Sink<String>> wrap : List.<Function<KafkaSink<String>, Sink<String>>>of(
                SafeClosingKafkaSink::new, s -> new CommitLossGuard<>(s, new Properties(), 20_000))) {
            var h = harness(wrap.apply(unreachable()));
            h.processElement("a send that fails", 1L);
            // A checkpoint's flush reports the failed send: no checkpoint completes over it.
            Exception flush = assertThrows(Exception.class, () -> h.prepareSnapshotPreBarrier(1));
            assertTrue(chain(flush).contains(EXPECTED), chain(flush));
            h.processElement("another send that fails, pending when the task closes", 2L);
            assertDoesNotThrow(h::close);
        }
    }

    @Test
    void anInterruptedCloseKeepsTheThreadInterrupted() {
        var writer = new SafeClosingKafkaSink.SafeClosingWriter<String>(new ClosingOnly(new InterruptedException("cancelled")));
        try {
            assertDoesNotThrow(writer::close);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aRuntimeErrorFromCloseIsLoggedNotThrown() {
        var writer = new SafeClosingKafkaSink.SafeClosingWriter<String>(new ClosingOnly(new IllegalStateException("not closed")));
        assertDoesNotThrow(writer::close);
    }

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /**
     * In a MiniCluster: a task fails while its Kafka writer holds a send error nothing has reported yet (the send
     * failed in the same mailbox step). With the connector's sink alone, the close throws in Flink's failure handler,
     * the TaskManager ends and the restart waits for a slot that never comes. Wrapped, the task fails with its own
     * cause, restarts once, fails again, and the job ends FAILED; the TaskManager still runs the next job.
     */
    @Test
    void aTaskFailingWithAPendingSendErrorFailsTheJobAndTheTaskManagerLivesOn() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromData("a record").uid("input")
                .flatMap(new SendThenFail()).uid("send-then-fail").name("Send, then fail")
                .sinkTo(new SafeClosingKafkaSink<>(unreachable())).uid("sink").name("Unreachable Kafka");
        JobClient job = env.executeAsync("safe close");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES));
        assertTrue(chain(failed).contains(SendThenFail.WHY), chain(failed));
        assertEquals(JobStatus.FAILED, job.getJobStatus().get(30, TimeUnit.SECONDS));

        StreamExecutionEnvironment next = StreamExecutionEnvironment.getExecutionEnvironment();
        next.fromData(1, 2, 3).uid("next-input").sinkTo(new DiscardingSink<>()).uid("next-sink");
        assertDoesNotThrow(() -> next.executeAsync("the next job").getJobExecutionResult().get(1, TimeUnit.MINUTES));
    }

    /** Sends its record on, then fails in the same call: the send's error is still pending in the writer. */
    static final class SendThenFail implements FlatMapFunction<String, String> {
        static final String WHY = "the task fails right after a send that failed";

        @Override
        public void flatMap(String value, Collector<String> out) {
            out.collect(value);
            throw new IllegalStateException(WHY);
        }
    }

    /**
     * The wrappers change no operator: the job graph of a wrapped sink has the same vertices, operator ids and names
     * as the connector's sink under the same uid, so savepoints of either restore into the other.
     */
    @Test
    void aWrappedSinkHasTheConnectorsOperatorsAndIds() throws Exception {
        KafkaSink<String> atLeastOnce = unreachable();
        assertEquals(operators(atLeastOnce), operators(new SafeClosingKafkaSink<>(atLeastOnce)));
        KafkaSink<String> exactlyOnce = KafkaSink.<String>builder().setBootstrapServers("127.0.0.1:9")
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix("ids")
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("t")
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .build();
        List<String> plain = operators(exactlyOnce);
        assertEquals(plain, operators(new CommitLossGuard<>(exactlyOnce, new Properties(), 20_000)));
        assertTrue(plain.toString().contains("Writer") && plain.toString().contains("Committer"), plain.toString());
    }

    /** Each job vertex's name and operator ids. */
    static List<String> operators(Sink<String> sink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        env.fromData("x").uid("input").sinkTo(sink).uid("the-sink").name("The sink");
        List<String> out = new ArrayList<>();
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            out.add(v.getName() + " " + v.getOperatorIDs().stream().map(id -> id.getGeneratedOperatorID().toString()).toList());
        }
        out.sort(null);
        return out;
    }

    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }

    /** A writer whose close fails as given (the other calls are not made by these tests). */
    static final class ClosingOnly implements PrecommittingStatefulSinkWriter<String, KafkaWriterState, KafkaCommittable> {
        final Exception failure;

        ClosingOnly(Exception failure) {
            this.failure = failure;
        }

        @Override public void write(String element, Context context) { throw new UnsupportedOperationException(); }
        @Override public void flush(boolean endOfInput) { throw new UnsupportedOperationException(); }
        @Override public Collection<KafkaCommittable> prepareCommit() { throw new UnsupportedOperationException(); }
        @Override public List<KafkaWriterState> snapshotState(long id) { throw new UnsupportedOperationException(); }
        @Override public void close() throws Exception { throw failure; }
    }
}
