package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.operators.LocalProgress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bench-streaming --catch-up}: a backlog. The input topics are filled first, then the streaming job starts
 * from the earliest offsets, once per state backend (its own alerts topic, consumer group and checkpoint directory),
 * and the figure is the records per second from the job's submission until it has read every record in the topics.
 * The alerts it committed are then compared with the ground truth, and its checkpoints counted.
 */
final class StreamingCatchUp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(30);

    private StreamingCatchUp() {}

    /** Sends every line as fast as the broker takes them (the backlog), then the closing records; returns the count. */
    static long fill(List<StreamingBenchCommand.Line> lines, byte[] tick, String[] topics, int partitions, String bootstrap,
            PrintStream err) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        long start = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (StreamingBenchCommand.Line l : lines) {
                producer.send(new ProducerRecord<>(l.topic(), l.json()));
                sent++;
            }
            for (String topic : topics) {
                for (int partition = 0; partition < partitions; partition++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, tick));
                    sent++;
                }
            }
            producer.flush();
        }
        err.printf("bench-streaming: backlog of %,d records written in %.1f s%n", sent, (System.nanoTime() - start) / 1e9);
        return sent;
    }

    /** One catch-up run with the given state backend; its figures as a JSON object. */
    static ObjectNode run(String backend, List<String> planArgs, long records, Set<String> expected, String bootstrap,
            String alertsTopic, PrintStream err) throws Exception {
        StreamCommand.Plan plan = StreamCommand.plan(planArgs);
        StreamExecutionEnvironment env = StreamCommand.environment(plan);
        StreamCommand.build(env, plan, new dev.dnshunter.io.KafkaSources(plan.kafka()), new dev.dnshunter.io.KafkaSinks(plan.kafka()));
        CheckpointLog checkpoints = CheckpointLog.install(err);
        LocalProgress.reset();
        JobClient job = null;
        try {
            long start = System.nanoTime();
            job = env.executeAsync("dns-hunter stream (bench-streaming --catch-up, " + backend + ")");
            long deadline = start + CATCH_UP_LIMIT.toNanos();
            long nextReport = start + TimeUnit.SECONDS.toNanos(10);
            while (LocalProgress.RECORDS.get() < records) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("not caught up after " + CATCH_UP_LIMIT);
                if (checkpoints.hopeless() != null) throw new IllegalStateException("checkpoints cannot succeed: " + checkpoints.hopeless());
                try {
                    job.getJobExecutionResult().get(100, TimeUnit.MILLISECONDS);
                    throw new IllegalStateException("the job ended before it caught up");
                } catch (java.util.concurrent.TimeoutException running) {
                    // the pause between polls
                }
                if (System.nanoTime() > nextReport) {
                    err.printf("bench-streaming: %s: %,d of %,d records read, checkpoints %d completed, %d failed%n", backend,
                            LocalProgress.RECORDS.get(), records, checkpoints.completed.get(), checkpoints.failed.get());
                    nextReport += TimeUnit.SECONDS.toNanos(10);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Set<String> got = committedAlerts(bootstrap, alertsTopic, expected);
            ObjectNode n = JSON.createObjectNode();
            n.put("stateBackend", backend);
            n.put("records", records);
            n.put("recordsRead", LocalProgress.RECORDS.get());
            n.put("secondsToCatchUp", Math.round(seconds * 10) / 10.0);
            n.put("recordsPerSecond", Math.round(records / seconds));
            n.put("checkpointsCompleted", checkpoints.completed.get());
            n.put("checkpointsFailed", checkpoints.failed.get());
            n.put("restarts", checkpoints.restarts.get());
            n.put("largestCheckpointBytes", checkpoints.maxCompletedBytes.get());
            n.put("alerts", got.size());
            n.put("groundTruthMatches", got.equals(expected));
            err.printf("bench-streaming: %s caught up with %,d records in %.1f s: %,.0f records/s; %d checkpoints, %d failed, "
                    + "%d restarts; alerts %s%n", backend, records, seconds, records / seconds, checkpoints.completed.get(),
                    checkpoints.failed.get(), checkpoints.restarts.get(), got.equals(expected) ? "match the ground truth" : "DIFFER");
            return n;
        } finally {
            if (job != null) {
                job.cancel().get(60, TimeUnit.SECONDS);
                try {
                    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                } catch (Exception cancelled) {
                    // the expected end of a cancelled job
                }
            }
            checkpoints.uninstall();
        }
    }

    /** The alert ids readable (read_committed) once all expected ones are, or after two minutes. */
    private static Set<String> committedAlerts(String bootstrap, String topic, Set<String> expected) throws Exception {
        Set<String> got = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaDemo.alertsReader(bootstrap, "bench-catch-up-" + topic, topic)) {
            while (!got.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    got.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)).get("alertId").asText());
                }
            }
            // A little longer: anything beyond the expected alerts shows up as a difference.
            for (int i = 0; i < 5; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    got.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)).get("alertId").asText());
                }
            }
        }
        return got;
    }

    static Path checkpointDir(Path work, String backend) {
        return work.resolve("checkpoints-" + backend);
    }
}
