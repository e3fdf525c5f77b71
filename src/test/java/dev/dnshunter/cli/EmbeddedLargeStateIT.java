package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.BenchDataWriter;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's case on the embedded path, smaller: the bench data set at 800,000 events (about 16,000 domains) gives
 * a checkpoint well above the JobManager memory's 5 MB, which every checkpoint failed on before. Now every checkpoint
 * succeeds, the job never restarts, reads each record in the topics once, and commits exactly the backfill's alerts.
 */
class EmbeddedLargeStateIT {
    private static final long EVENTS = 800_000;

    @TempDir
    Path dir;

    @Test
    void stateAboveFiveMegabytesCheckpointsToTheFileSystemWithoutARestart() throws Exception {
        BenchDataWriter.Result data = BenchDataWriter.write(dir.resolve("data"), EVENTS, 1, System.err);
        DetectionConfig config = DetectionConfig.defaults().withDetectFromMillis(data.detectFromMillis());
        BackfillCommand.Plan backfill = new BackfillCommand.Plan(data.input(DataSetGenerator.DNS_EVENTS_DIR),
                data.input(DataSetGenerator.FIREWALL_EVENTS_DIR), data.input(DataSetGenerator.VM_CONNECTIONS_DIR),
                data.input(DataSetGenerator.DNS_CLIENT_EVENTS_DIR), null, List.of(), dir.resolve("alerts"),
                dir.resolve("dead-letters"), dir.resolve("excluded"), 2, config);
        BackfillCommand.execute(backfill, System.err);
        List<String> expected = new ArrayList<>();
        for (Path p : BackfillCommand.jsonLinesFiles(backfill.alertsDir())) {
            for (String l : Files.readAllLines(p)) if (!l.isBlank()) expected.add(l);
        }
        expected.sort(null);

        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            String[] topics = {"dns", "fw", "vm", "client", "alerts"};
            kafka.createTopics(3, topics);
            String[] inputs = {DataSetGenerator.DNS_EVENTS_DIR, DataSetGenerator.FIREWALL_EVENTS_DIR,
                    DataSetGenerator.VM_CONNECTIONS_DIR, DataSetGenerator.DNS_CLIENT_EVENTS_DIR};
            long records = 0;
            for (int i = 0; i < inputs.length; i++) {
                List<String> lines = lines(data.input(inputs[i]));
                kafka.produce(topics[i], lines);
                records += lines.size();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            LocalJobRunner.Result run = StreamCommand.execute(StreamCommand.plan(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                    "--dns-events-topic", "dns", "--firewall-events-topic", "fw", "--vm-connections-topic", "vm",
                    "--dns-client-events-topic", "client", "--alerts-topic", "alerts", "--starting-offsets", "earliest",
                    "--stop-at-latest", "--checkpoint-interval", "2s", "--checkpoint-dir", dir.resolve("checkpoints").toString(),
                    "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString())), err);
            String output = bytes.toString(StandardCharsets.UTF_8);
            System.err.print(output);

            assertEquals(0, run.failedCheckpoints(), output);
            assertEquals(0, run.restarts(), output);
            assertTrue(run.checkpoints() > 0, output);
            assertTrue(run.maxCheckpointBytes() > 2 * 5_242_880L, "largest checkpoint " + run.maxCheckpointBytes() + " bytes");
            assertEquals(records, run.records(), "each record in the topics read once");
            List<String> got = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka.readAll("alerts", true, Duration.ofSeconds(60))) {
                got.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            got.sort(null);
            assertEquals(expected, got);
        }
    }

    private static List<String> lines(Path dir) throws Exception {
        List<String> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("_")) continue;
                all.addAll(Files.readAllLines(p));
            }
        }
        return all;
    }
}
