package dev.dnshunter.compat;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink without state that hands every record to a queue of this JVM (the MiniCluster runs in it): a savepoint
 * holds nothing of it, unlike a collect sink, whose buffer is operator state under a generated id.
 */
public final class CollectingSink implements Sink<String> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, BlockingQueue<String>> QUEUES = new ConcurrentHashMap<>();

    private final String key;

    public CollectingSink(String key) {
        this.key = key;
    }

    /** The queue the sinks under {@code key} write to (created on first use). */
    public static BlockingQueue<String> queue(String key) {
        return QUEUES.computeIfAbsent(key, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        BlockingQueue<String> q = queue(key);
        return new SinkWriter<>() {
            @Override
            public void write(String element, Context context) {
                q.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
