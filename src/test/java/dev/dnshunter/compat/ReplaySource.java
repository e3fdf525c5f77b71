package dev.dnshunter.compat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source of fixed lines whose position is its checkpointed state, like a Kafka partition's offset: a job that is
 * stopped with a savepoint and started again from it goes on with the line after the last one it read. The savepoint
 * compatibility test uses it in place of the Kafka sources, so that the savepoint holds exactly the first part of the
 * events and the restored job reads exactly the rest.
 *
 * <p>{@code endless}: after its last line the source stays open (a stream with nothing new) and counts down the
 * latch registered under its key, so that a test knows every line has been handed on before it takes a savepoint.
 * Otherwise it ends after its last line, as a bounded input, and the final watermark fires every timer.
 *
 * <p>The state format (split: id and position; enumerator: the unassigned splits) must stay readable by later
 * versions of this class: savepoints in the test resources hold it.
 */
public final class ReplaySource implements Source<String, ReplaySource.Split, List<ReplaySource.Split>> {
    private static final long serialVersionUID = 1L;

    /** Latches counted down by endless sources once every line is out, by key. */
    private static final Map<String, CountDownLatch> DRAINED = new ConcurrentHashMap<>();

    private final String id;
    private final List<String> lines;
    private final boolean endless;
    private final String latchKey;

    private ReplaySource(String id, List<String> lines, boolean endless, String latchKey) {
        this.id = id;
        this.lines = new ArrayList<>(lines);
        this.endless = endless;
        this.latchKey = latchKey;
    }

    public static ReplaySource bounded(String id, List<String> lines) {
        return new ReplaySource(id, lines, false, null);
    }

    /** Stays open after its lines and then counts down {@link #latch(String, int)} registered under {@code latchKey}. */
    public static ReplaySource endless(String id, List<String> lines, String latchKey) {
        return new ReplaySource(id, lines, true, latchKey);
    }

    /** Registers a latch that {@code sources} endless sources under this key count down. */
    public static CountDownLatch latch(String key, int sources) {
        CountDownLatch l = new CountDownLatch(sources);
        DRAINED.put(key, l);
        return l;
    }

    @Override
    public Boundedness getBoundedness() {
        return endless ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<Split, List<Split>> createEnumerator(SplitEnumeratorContext<Split> context) {
        List<Split> all = new ArrayList<>();
        all.add(new Split(id, 0));
        return new Enumerator(context, all);
    }

    @Override
    public SplitEnumerator<Split, List<Split>> restoreEnumerator(SplitEnumeratorContext<Split> context, List<Split> checkpoint) {
        return new Enumerator(context, new ArrayList<>(checkpoint));
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<Split>> getEnumeratorCheckpointSerializer() {
        return new EnumeratorSerializer();
    }

    @Override
    public SourceReader<String, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    /** The one split of a source: its id and the index of the next line. */
    public static final class Split implements SourceSplit {
        final String id;
        int position;

        Split(String id, int position) {
            this.id = id;
            this.position = position;
        }

        @Override
        public String splitId() {
            return id;
        }

        @Override
        public String toString() {
            return id + "@" + position;
        }
    }

    private final class Reader implements SourceReader<String, Split> {
        private final List<Split> splits = new ArrayList<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private boolean signalled;

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) {
            for (Split s : splits) {
                if (s.position < lines.size()) {
                    output.collect(lines.get(s.position));
                    s.position++;
                    return InputStatus.MORE_AVAILABLE;
                }
            }
            if (noMoreSplits && !endless) return InputStatus.END_OF_INPUT;
            if (noMoreSplits && !signalled) {
                signalled = true;
                CountDownLatch l = DRAINED.get(latchKey);
                if (l != null) l.countDown();
            }
            if (available.isDone()) available = new CompletableFuture<>();
            return InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            List<Split> copy = new ArrayList<>();
            for (Split s : splits) copy.add(new Split(s.id, s.position));
            return copy;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Split> added) {
            splits.addAll(added);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {}
    }

    private static final class Enumerator implements SplitEnumerator<Split, List<Split>> {
        private final SplitEnumeratorContext<Split> context;
        private final List<Split> unassigned;

        Enumerator(SplitEnumeratorContext<Split> context, List<Split> unassigned) {
            this.context = context;
            this.unassigned = unassigned;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<Split> splits, int subtaskId) {
            unassigned.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            for (Split s : unassigned) context.assignSplit(s, subtaskId);
            unassigned.clear();
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return new ArrayList<>(unassigned);
        }

        @Override
        public void close() {}
    }

    private static void write(DataOutputStream out, Split s) throws IOException {
        out.writeUTF(s.id);
        out.writeInt(s.position);
    }

    private static Split read(DataInputStream in) throws IOException {
        return new Split(in.readUTF(), in.readInt());
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Split split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public Split deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown split version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }
    }

    private static final class EnumeratorSerializer implements SimpleVersionedSerializer<List<Split>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<Split> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (Split s : splits) write(out, s);
            }
            return bytes.toByteArray();
        }

        @Override
        public List<Split> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("unknown enumerator version " + version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<Split> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) splits.add(read(in));
                return splits;
            }
        }
    }
}
