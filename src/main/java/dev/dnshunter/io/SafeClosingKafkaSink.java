package dev.dnshunter.io;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KafkaSink} whose writer never throws from {@code close()}: a broker outage must not take a TaskManager
 * down. Everything else is the connector's (same writer and committer, state, serializers, operators and uids).
 *
 * <p>The connector's writer rethrows, when it is closed, a send error that its producer reported after the last
 * {@code write} or {@code flush} (KafkaWriter#close, flink-connector-kafka 5.0.0-2.2). After a broker outage the
 * producer fails every batch in flight, one callback each: the first error fails the checkpoint's flush, and the task
 * fails; a later one is still pending when the failing task closes its operators. Flink 2.2 runs that close in the
 * task's failure handler, and an exception there is a fatal error of the TaskManager ({@code FATAL - exception in
 * exception handler of task}): the process ends. The job then waits for slots instead of restoring, and the check of
 * {@link CommitLossGuard} never runs (CommitLossIT saw it as a job left RUNNING with none of its alerts committed).
 *
 * <p>Nothing is lost by logging such an error instead of throwing it. {@code close()} runs either after the final
 * {@code flush(endOfInput)}, which waits for every send and has already thrown any error, or while the task fails or
 * is cancelled, when the records of the open transaction (or, at least once, those sent since the last checkpoint)
 * are replayed from the last checkpoint anyway. A {@code flush} still throws: a checkpoint never completes over a
 * failed send.
 */
class SafeClosingKafkaSink<IN> implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState, KafkaCommittable>,
        SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SafeClosingKafkaSink.class);

    final KafkaSink<IN> delegate;

    SafeClosingKafkaSink(KafkaSink<IN> delegate) {
        this.delegate = delegate;
    }

    /** The writer the operator gets; a subclass adds to it (and keeps the safe close). */
    PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> wrap(
            PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> writer) {
        return new SafeClosingWriter<>(writer);
    }

    @Override
    public final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(WriterInitContext context)
            throws IOException {
        return wrap(delegate.createWriter(context));
    }

    @Override
    public final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(WriterInitContext context,
            Collection<KafkaWriterState> states) throws IOException {
        return wrap(delegate.restoreWriter(context, states));
    }

    @Override
    public final SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public final SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    @Override
    public final void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        delegate.addPostCommitTopology(committables);
    }

    @Override
    public final LineageVertex getLineageVertex() {
        return delegate.getLineageVertex();
    }

    /** Delegates everything; an exception from the delegate's {@code close()} is logged, not thrown. */
    static class SafeClosingWriter<IN> implements PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> {
        final PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> delegate;

        SafeClosingWriter(PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            delegate.write(element, context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            delegate.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            delegate.flush(endOfInput);
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() throws IOException, InterruptedException {
            return delegate.prepareCommit();
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            return delegate.snapshotState(checkpointId);
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a cancelled task: its thread stays interrupted
                LOG.warn("The Kafka writer was interrupted while closing", e);
            } catch (Exception e) {
                LOG.warn("The Kafka writer reported an error while closing; its uncommitted records are replayed from the last "
                        + "checkpoint, so the error is logged here rather than made a fatal error of the TaskManager", e);
            }
        }
    }
}
