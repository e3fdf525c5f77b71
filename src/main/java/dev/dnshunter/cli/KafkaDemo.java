package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code demo --kafka}: a local broker process (deploy/local/kafka), the streaming job on the embedded MiniCluster, the
 * generated logs replayed into the input topics in event-time order, and the alerts printed as they are committed.
 */
final class KafkaDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] INPUTS = {"dns-events", "firewall-events", "vm-connections", "dns-client-events"};

    private KafkaDemo() {}

    record Options(Path work, int days, long seed, int port, double speedup, int parallelism) {}

    static int run(Options o, PrintStream out, PrintStream err) throws Exception {
        Path home = home();
        Path kafkaData = o.work().resolve("kafka");
        String bootstrap = "127.0.0.1:" + o.port();
        err.println("demo: generating " + o.days() + " days of logs in " + o.work());
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(o.work().resolve("data"))
                .withDays(o.days()).withSeed(o.seed()).withClients(120).withLookupsPerDay(4000));
        script(home, err, "start", "--port", Integer.toString(o.port()), "--controller-port", Integer.toString(o.port() + 1),
                "--data-dir", kafkaData.toString());
        JobClient job = null;
        try {
            List<String> topics = new ArrayList<>(List.of(INPUTS));
            topics.addAll(List.of("alerts", "dead-letters"));
            List<String> create = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--partitions", "3"));
            create.addAll(topics);
            script(home, err, "create-topics", create.toArray(new String[0]));

            StreamCommand.Plan plan = StreamCommand.plan(List.of("--bootstrap-servers", bootstrap,
                    "--dns-events-topic", "dns-events", "--firewall-events-topic", "firewall-events",
                    "--vm-connections-topic", "vm-connections", "--dns-client-events-topic", "dns-client-events",
                    "--alerts-topic", "alerts", "--dead-letter-topic", "dead-letters", "--starting-offsets", "earliest",
                    "--checkpoint-interval", "2s", "--idle-timeout", "5s", "--parallelism", Integer.toString(o.parallelism()),
                    "--checkpoint-dir", o.work().resolve("checkpoints").toString(),
                    "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString()));
            StreamExecutionEnvironment env = StreamCommand.environment(plan);
            StreamCommand.build(env, plan, new dev.dnshunter.io.KafkaSources(plan.kafka()), new dev.dnshunter.io.KafkaSinks(plan.kafka()));
            job = env.executeAsync("dns-hunter stream (demo)");
            err.println("demo: streaming job " + job.getJobID() + " running on the embedded MiniCluster, checkpoints in "
                    + plan.checkpointing().dir());

            Set<String> expected = new HashSet<>();
            for (String line : Files.readAllLines(data.expectedAlertsFile())) {
                if (!line.isBlank()) expected.add(JSON.readTree(line).get("alertId").asText());
            }
            try (AlertPrinter printer = new AlertPrinter(bootstrap, out)) {
                replay(data, bootstrap, o.speedup(), printer, err);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!printer.seen.containsAll(expected) && System.nanoTime() < deadline) printer.poll();
                boolean all = printer.seen.containsAll(expected) && expected.containsAll(printer.seen);
                out.printf("%n%d alerts committed to the alerts topic; ground truth %s (%d expected)%n", printer.seen.size(),
                        all ? "matches" : "DIFFERS", expected.size());
                return all ? 0 : 1;
            }
        } finally {
            if (job != null) {
                job.cancel().get(60, TimeUnit.SECONDS);
                // Let the job's Kafka clients go before the broker does, or they log connection warnings.
                try {
                    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                } catch (Exception cancelled) {
                    // the expected end of a cancelled job
                }
            }
            script(home, err, "stop", "--data-dir", kafkaData.toString());
        }
    }

    /** Produces every input line in event-time order, paced at {@code speedup} times real time. */
    private static void replay(DataSetGenerator.Summary data, String bootstrap, double speedup, AlertPrinter printer, PrintStream err)
            throws IOException {
        record Line(long time, String topic, String json) {}
        List<Line> lines = new ArrayList<>();
        Path[] files = {data.dnsEventsFile(), data.firewallEventsFile(), data.vmConnectionsFile(), data.dnsClientEventsFile()};
        for (int i = 0; i < files.length; i++) {
            for (String l : Files.readAllLines(files[i])) lines.add(new Line(timeOf(l), INPUTS[i], l));
        }
        lines.sort(Comparator.comparingLong(Line::time));
        long first = lines.stream().mapToLong(Line::time).filter(t -> t != Long.MIN_VALUE).min().orElse(0);
        long last = lines.get(lines.size() - 1).time();
        // Event time has to pass the last window's end for its alerts: a lookup 3 hours later on every partition.
        // Within the event-time guard (--max-future 10m): never later than 5 minutes ahead of the clock.
        String tick = "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(Math.min(last + 3 * 3_600_000L, System.currentTimeMillis() + 300_000L))
                + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"end-of-replay.example\",\"IPAddresses\":\"\"}";
        err.printf("demo: replaying %,d lines (%s of event time) at %.0fx%n", lines.size(), Duration.ofMillis(last - first), speedup);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            int n = 0;
            for (Line l : lines) {
                long due = (long) ((Math.max(l.time(), first) - first) / speedup * 1e6);
                while (System.nanoTime() - start < due) printer.poll(); // pacing: consume alerts while the clock catches up
                producer.send(new ProducerRecord<>(l.topic(), l.json()));
                if (++n % 50_000 == 0) err.printf("demo: replayed %,d lines, event time %s%n", n, Instant.ofEpochMilli(l.time()));
            }
            for (String topic : INPUTS) {
                for (int partition = 0; partition < 3; partition++) producer.send(new ProducerRecord<>(topic, partition, null, tick));
            }
        }
        err.println("demo: replay done; waiting for the last alerts to be committed");
    }

    static long timeOf(String line) {
        int at = line.indexOf("\"TimeGenerated\":\"");
        if (at < 0) return Long.MIN_VALUE;
        int from = at + 17;
        int to = line.indexOf('"', from);
        try {
            return TimeGenerated.parseMillis(line.substring(from, to));
        } catch (Exception e) {
            return Long.MIN_VALUE; // a bad line: sent early, it becomes a dead letter either way
        }
    }

    /** A consumer of the "alerts" topic from its start, reading only committed alerts, as a SOC consumer must. */
    static KafkaConsumer<byte[], byte[]> alertsReader(String bootstrap, String groupId) {
        return alertsReader(bootstrap, groupId, "alerts");
    }

    static KafkaConsumer<byte[], byte[]> alertsReader(String bootstrap, String groupId, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Reads the alerts topic with read_committed, as a SOC consumer must, and prints each alert once. */
    private static final class AlertPrinter implements AutoCloseable {
        final Set<String> seen = new HashSet<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final PrintStream out;

        AlertPrinter(String bootstrap, PrintStream out) {
            consumer = alertsReader(bootstrap, "dns-hunter-demo-reader");
            this.out = out;
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                try {
                    JsonNode a = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                    if (!seen.add(a.get("alertId").asText())) continue;
                    if ("DnsTxtTunneling".equals(a.get("rule").asText())) {
                        out.printf("%s  %-6s %-30s %-24s %-28s %d TXT queries in %s%n", a.get("time").asText(), a.get("severity").asText(), a.get("rule").asText(),
                                a.get("host").asText(), a.get("registeredDomains").get(0).asText(), a.get("queryCount").asInt(),
                                Duration.between(Instant.parse(a.get("firstQueryTime").asText()), Instant.parse(a.get("lastQueryTime").asText())));
                    } else {
                        out.printf("%s  %-6s %-30s %-24s %-28s %,d bytes to %s:%d%n", a.get("time").asText(), a.get("severity").asText(), a.get("rule").asText(),
                                a.get("clientIp").asText(), a.get("domain").asText(), a.get("sentBytes").asLong(),
                                a.get("destinationIp").asText(), a.get("destinationPort").asInt());
                    }
                } catch (IOException e) {
                    out.println("unreadable alert at offset " + r.offset() + ": " + e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static Path home() {
        String h = System.getProperty("dns-hunter.home");
        Path p = h != null ? Path.of(h) : Path.of("").toAbsolutePath();
        if (!Files.isExecutable(p.resolve("deploy/local/kafka/start"))) {
            throw new UsageException("cannot find deploy/local/kafka/start under " + p + " (run bin/dns-hunter from the project)");
        }
        return p;
    }

    static void script(Path home, PrintStream err, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("deploy/local/kafka").resolve(name).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = p.waitFor();
        if (!output.isEmpty()) err.println(output);
        if (code != 0) throw new IOException("deploy/local/kafka/" + name + " failed with exit code " + code);
    }
}
