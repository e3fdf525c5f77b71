package dev.dnshunter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;

/**
 * A real single-node Kafka 4.2 cluster (KRaft, combined broker and controller) inside the test JVM, listening on
 * 127.0.0.1 only. Kafka's own test kit binds every interface, hence this class.
 *
 * <p>Brokers may be started one after another in the same JVM, each with its own data directory. Starting again on a
 * directory that is already formatted reuses its data (a restart), whatever ports the new run gets.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);
    /** Generous: the broker shares two cores with Flink clusters in the cluster tests. */
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(90);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The listener of clients that reach the broker through a proxy: it advertises the proxy's port. */
    private static final String EXTERNAL_LISTENER = "EXTERNAL";
    private static final int BIND_ATTEMPTS = 3;

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    private static boolean exitProceduresInstalled;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Admin admin;
    /** Where the EXTERNAL listener is bound (0 without one). */
    private final int externalPort;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, Admin admin, int externalPort) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.externalPort = externalPort;
    }

    /**
     * Formats {@code dataDir} (unless it already holds a formatted node), starts the node on two free 127.0.0.1 ports
     * and returns once it answers clients. Kafka's files go to a subdirectory, so the caller's directory may hold
     * other things.
     */
    public static KafkaBroker start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * The same with a second client listener, bound to a free port ({@link #externalPort()}) but advertised as
     * 127.0.0.1:{@code advertisedPort}: a proxy listening there (and forwarding to the external port) is then the
     * broker for every client that bootstraps through it, since Kafka clients connect to the advertised address of
     * the listener they came in on. {@link #bootstrapServers()} and the broker's own connections (the transaction
     * coordinator's markers) stay direct.
     */
    public static KafkaBroker startBehind(Path dataDir, int advertisedPort) {
        if (advertisedPort <= 0) throw new IllegalArgumentException("advertised port " + advertisedPort);
        return start(dataDir, advertisedPort);
    }

    private static KafkaBroker start(Path dataDir, int advertisedPort) {
        installExitProcedures();
        Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeException bindFailure = null;
        // Free ports are found by binding and releasing them, so another process can take one in between: retry.
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int[] ports = freePorts(advertisedPort > 0 ? 3 : 2);
            Properties props = serverProperties(logDir, ports[0], ports[1]);
            if (advertisedPort > 0) addExternalListener(props, ports[2], advertisedPort);
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            format(config, logDir);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                stopQuietly(server);
                if (!isBindFailure(e)) {
                    throw new IllegalStateException("Kafka broker in " + logDir + " failed to start", e);
                }
                bindFailure = e;
                continue;
            }
            RUNNING.incrementAndGet();
            String bootstrap = "127.0.0.1:" + ports[0];
            Admin admin = null;
            try {
                admin = Admin.create(adminProperties(bootstrap));
                awaitReady(admin, bootstrap);
                return new KafkaBroker(server, bootstrap, admin, advertisedPort > 0 ? ports[2] : 0);
            } catch (RuntimeException | Error e) {
                if (admin != null) {
                    admin.close(Duration.ZERO);
                }
                stopQuietly(server);
                released();
                throw e;
            }
        }
        throw new IllegalStateException("Kafka broker in " + logDir + " found no free ports", bindFailure);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The port the EXTERNAL listener of {@link #startBehind} is bound to: where its proxy forwards. */
    public int externalPort() {
        if (externalPort == 0) throw new IllegalStateException("this broker has no external listener (see startBehind)");
        return externalPort;
    }

    /** Creates the topics with replication factor 1 and returns once every partition has a leader. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Map.of(), topics);
    }

    /** The same with topic configs, e.g. {@code max.message.bytes} for a topic that takes records over 1 MB. */
    public void createTopics(int partitions, Map<String, String> configs, String... topics) {
        List<NewTopic> newTopics = Arrays.stream(topics)
                .map(t -> new NewTopic(t, partitions, (short) 1).configs(configs))
                .collect(Collectors.toList());
        await(admin.createTopics(newTopics).all(), "create topics " + Arrays.toString(topics));
        // The controller acknowledges creation before the broker side has applied it to its metadata cache.
        long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
        List<String> names = List.of(topics);
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        await(admin.describeTopics(names).allTopicNames(), "describe topics " + names);
                boolean allLed = described.values().stream()
                        .allMatch(d -> d.partitions().size() == partitions
                                && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (allLed) {
                    return;
                }
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leaders after " + OPERATION_TIMEOUT);
            }
            pause(50);
        }
    }

    /** Sends UTF-8 values without keys (the default partitioner picks partitions) and waits for every ack. */
    public void produce(String topic, List<String> values) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(values.size());
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        }
        send(records);
    }

    /** Sends one record; {@code partition} null lets the partitioner choose (by key, when there is one). */
    public void produce(String topic, Integer partition, byte[] key, byte[] value) {
        send(List.of(new ProducerRecord<>(topic, partition, key, value)));
    }

    /**
     * Reads every partition of {@code topic} from the beginning up to the end offsets taken when the call starts: the
     * high watermarks, or for {@code readCommitted} the last stable offsets (records of open transactions beyond them
     * are not waited for). Records come sorted by partition, then offset.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = clientProperties("reader");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                (readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED).toString());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The consumer's isolation level decides which end it reports: high watermark or last stable offset.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            // A topic's time-based retention deletes records by their timestamps: reading "everything" would then
            // silently read less, so say so.
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, remaining(deadline));
            starts.forEach((partition, start) -> {
                if (start > 0) {
                    throw new IllegalStateException(partition + " starts at offset " + start + ": earlier records were "
                            + "deleted (retention by record timestamp?); ends " + ends);
                }
            });
            while (!reachedEnds(consumer, ends, deadline)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach " + ends + " within " + timeout
                            + " (read " + out.size() + " records)");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    /** The values committed to {@code topic} (read_committed, up to the last stable offset), as UTF-8, sorted. */
    public List<String> committedValues(String topic) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic, true, Duration.ofSeconds(60))) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        values.sort(null);
        return values;
    }

    /** Shuts the node down and waits for it; the data directory stays as it is. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            stopQuietly(server);
            released();
        }
    }

    /** Sends the records in order through one producer and waits for every ack. */
    public void produceRecords(List<ProducerRecord<byte[], byte[]>> records) {
        send(records);
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = clientProperties("producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: each send() is a new producer, and an idempotent one first needs a producer id, which a
        // KRaft broker takes in blocks from its controller; twice in CI a test's first batch waited past its delivery
        // timeout without a single error logged (our guess: waiting for that id). One request in flight keeps the order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // Tests send records over 1 MB to topics that allow them (createTopics with max.message.bytes).
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(OPERATION_TIMEOUT.toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(OPERATION_TIMEOUT.toMillis()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            producer.flush();
            // flush() does not report failed sends; the futures do.
            for (Future<RecordMetadata> ack : acks) {
                await(ack, "produce to " + records.get(0).topic());
            }
        }
    }

    private Properties clientProperties(String role) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-" + role + "-" + CLIENT_IDS.incrementAndGet());
        return props;
    }

    private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
            long deadline) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            // Position, not the last record's offset: aborted records and transaction markers are skipped silently.
            if (consumer.position(end.getKey(), remaining(deadline)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static voter set (rather than bootstrap servers plus a formatted dynamic quorum) keeps the controller's
        // address out of the formatted storage, so a restart on the same directory may use new ports.
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Tests create their topics; a typo should fail rather than silently create a one-partition topic.
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small footprint: the test JVM shares two cores with Flink's MiniCluster.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("group.coordinator.threads", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("offsets.topic.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("transaction.state.log.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("share.coordinator.state.topic.segment.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        // startup() otherwise waits forever for metadata catch-up if something is wrong.
        p.put("server.max.startup.time.ms", String.valueOf(STARTUP_DEADLINE.toMillis()));
        return p;
    }

    private static void addExternalListener(Properties p, int port, int advertisedPort) {
        p.put("listeners", p.get("listeners") + "," + EXTERNAL_LISTENER + "://127.0.0.1:" + port);
        p.put("advertised.listeners", p.get("advertised.listeners") + "," + EXTERNAL_LISTENER + "://127.0.0.1:" + advertisedPort);
        p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + EXTERNAL_LISTENER + ":PLAINTEXT");
    }

    private static void format(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + logDir + " failed", e);
        }
    }

    private static void awaitReady(Admin admin, String bootstrap) {
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Collection<?> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Kafka at " + bootstrap, e);
            }
            pause(100);
        }
        throw new IllegalStateException("Kafka at " + bootstrap + " not ready after " + STARTUP_DEADLINE, last);
    }

    private static Properties adminProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "test-admin-" + CLIENT_IDS.incrementAndGet());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(OPERATION_TIMEOUT.toMillis()));
        return props;
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            int[] ports = new int[count];
            // All held open together so the ports differ from one another.
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is only probed; nothing was sent.
                }
            }
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            System.err.println("KafkaBroker: shutdown failed: " + e);
        }
    }

    /**
     * The Yammer registry is JVM-wide and keeps gauges that reference a stopped broker's objects; Kafka's own test
     * harness clears it between clusters too. Only when no broker of this class is left running.
     */
    private static void released() {
        if (RUNNING.decrementAndGet() == 0) {
            var registry = KafkaYammerMetrics.defaultRegistry();
            new ArrayList<>(registry.allMetrics().keySet()).forEach(registry::removeMetric);
        }
    }

    /**
     * A broker hitting a fatal error calls Exit, which by default ends the JVM: the whole surefire run would vanish
     * without a report. Throwing instead fails the test that caused it.
     */
    private static synchronized void installExitProcedures() {
        if (exitProceduresInstalled) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka called exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka called halt(" + status + "): " + message);
        });
        exitProceduresInstalled = true;
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + OPERATION_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
