package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceTxtDetector;
import dev.dnshunter.pipeline.OutputLimit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted records through a real broker: rows dated in 2099 (event-time poisoning) and records too large for Kafka's
 * limits (poison alerts). Each must become a dead letter and change nothing else; the job never restarts. The data
 * set is dated November 2026, in the past of the processing clock, so the guard accepts all of it.
 */
class KafkaGuardsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        KafkaStreamingTest.dir = dir;
        KafkaStreamingTest.start();
    }

    @AfterAll
    static void stop() {
        KafkaStreamingTest.stop();
    }

    static String dnsRow(long time, String client, String name, String addresses) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(time) + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"" + client
                + "\",\"Name\":\"" + name + "\",\"IPAddresses\":\"" + addresses + "\",\"QueryType\":\"A\"}";
    }

    static String flowRow(long time, String client, String destination) {
        return "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(time) + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\","
                + "\"SourceIP\":\"" + client + "\",\"DestinationIP\":\"" + destination + "\",\"DestinationPort\":443,"
                + "\"SentBytes\":5000000,\"ReceivedBytes\":1000}";
    }

    /**
     * A row dated 2099 in the middle of every partition of every input topic: before the guard it moved each
     * partition's watermark to 2099, every later row was late and the baseline was evicted. Now: exactly those rows
     * are dead letters with reason {@code future}, no row is late, the alerts are the ground truth's, and a domain
     * made common before the poison (and looked up with a transfer after it) stays common.
     */
    @Test
    void rowsDatedIn2099OnEveryPartitionAreFutureDeadLettersAndChangeNothingElse() throws Exception {
        var data = KafkaStreamingTest.data;
        Map<String, String> t = new HashMap<>();
        for (String name : List.of("dns", "fw", "vm", "client", "alerts", "dead")) t.put(name, "future-" + name);
        KafkaStreamingTest.kafka.createTopics(3, t.values().toArray(new String[0]));

        // Six hours into the detection day; the poison goes between the rows before and the rows after.
        long split = data.detectFromMillis() + 6 * HOUR;
        List<String> extraDns = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            // 30 lookups a day for the baseline week: an average of 30, above 21, so common on the detection day.
            for (int i = 0; i < 30; i++) {
                extraDns.add(dnsRow(data.options().startMillis() + day * DAY + 12 * HOUR + i * 60_000L, "10.200.0.77",
                        "common-guard.example", "93.184.216.34"));
            }
        }
        extraDns.add(dnsRow(split, "10.200.0.77", "common-guard.example", "93.184.216.34"));
        extraDns.add(dnsRow(split, "10.200.0.77", "rare-guard.example", "93.184.216.35"));
        List<String> extraFw = List.of(flowRow(split + 30_000, "10.200.0.77", "93.184.216.34"),
                flowRow(split + 30_000, "10.200.0.77", "93.184.216.35"));

        Path dns = dir.resolve("future-dns.jsonl");
        Path fw = dir.resolve("future-fw.jsonl");
        Files.write(dns, concat(Files.readAllLines(data.dnsEventsFile()), extraDns));
        Files.write(fw, concat(Files.readAllLines(data.firewallEventsFile()), extraFw));
        Map<String, Path> files = Map.of("dns", dns, "fw", fw, "vm", data.vmConnectionsFile(), "client", data.dnsClientEventsFile());
        Map<String, String> poison = Map.of(
                "dns", "{\"TimeGenerated\":\"2099-01-01T00:00:00Z\",\"SubType\":\"LookupResponse\",\"Name\":\"poison-%d.example\"}",
                "fw", "{\"TimeGenerated\":\"2099-01-01T00:00:00Z\",\"DeviceVendor\":\"Fortinet\",\"Activity\":\"TRAFFIC\",\"Computer\":\"poison-%d\"}",
                "vm", "{\"TimeGenerated\":\"2099-01-01T00:00:00Z\",\"Direction\":\"inbound\",\"Computer\":\"poison-%d\"}",
                "client", "{\"TimeGenerated\":\"2099-01-01T00:00:00Z\",\"EventLog\":\"System\",\"EventID\":7036,\"Computer\":\"poison-%d\"}");
        Set<String> poisoned = new HashSet<>();
        for (String input : List.of("dns", "fw", "vm", "client")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(files.get(input)));
            lines.sort(Comparator.comparingLong(KafkaGuardsTest::timeOf)); // lines without a time (bad ones) first
            KafkaStreamingTest.kafka.produce(t.get(input), lines.stream().filter(l -> timeOf(l) < split).toList());
            List<ProducerRecord<byte[], byte[]>> rows = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                String row = poison.get(input).formatted(p);
                rows.add(new ProducerRecord<>(t.get(input), p, null, row.getBytes(StandardCharsets.UTF_8)));
                poisoned.add(t.get(input) + "/" + p + "/" + row);
            }
            KafkaStreamingTest.kafka.produceRecords(rows);
            KafkaStreamingTest.kafka.produce(t.get(input), lines.stream().filter(l -> timeOf(l) >= split).toList());
        }

        List<String> args = new ArrayList<>(KafkaStreamingTest.args(t, "--stop-at-latest", "--max-restarts", "0"));
        // Every topic has records and the bounded run ends with the end of time: no partition needs idleness, which
        // under load could release a slow partition's event time (its records would then be late downstream).
        args.set(args.indexOf("--idle-timeout") + 1, "1800s");
        KafkaStreamingTest.runToEnd(args, null);

        Set<String> future = new HashSet<>();
        int late = 0;
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaStreamingTest.kafka.readAll(t.get("dead"), false, Duration.ofSeconds(60));
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String reason = KafkaStreamingTest.header(r, KafkaSinks.REASON_HEADER);
            if ("future".equals(reason)) {
                future.add(KafkaStreamingTest.header(r, KafkaSinks.TOPIC_HEADER) + "/" + KafkaStreamingTest.header(r, KafkaSinks.PARTITION_HEADER)
                        + "/" + new String(r.value(), StandardCharsets.UTF_8));
            }
            if ("late".equals(reason)) late++;
            reasons.merge(KafkaStreamingTest.header(r, KafkaSinks.TOPIC_HEADER) + ": " + reason, 1, Integer::sum);
        }
        DetectionConfig config = data.detectionConfig();
        List<String> want = new ArrayList<>();
        ReferenceDetector.detectFiles(dns, fw, data.vmConnectionsFile(), config).forEach(a -> want.add(AlertJson.toJson(a)));
        ReferenceTxtDetector.detectFiles(dns, data.dnsClientEventsFile(), config).forEach(a -> want.add(AlertJson.toJson(a)));
        want.sort(null);
        List<String> got = KafkaStreamingTest.committedAlerts(t.get("alerts"));
        assertEquals(want, got, () -> "dead letters " + reasons + "\nmissing " + minus(want, got) + "\nextra " + minus(got, want));
        assertTrue(got.stream().anyMatch(a -> a.contains("\"domain\":\"rare-guard.example\"")), "the control domain is rare");
        assertFalse(got.stream().anyMatch(a -> a.contains("common-guard.example")), "the domain made common stays common");

        assertEquals(poisoned, future, "exactly the 2099 rows are future dead letters");
        assertEquals(0, late, "no row is late");
        int planted = data.badDnsEventLines() + data.badFirewallEventLines() + data.badVmConnectionLines() + data.badDnsClientEventLines();
        assertEquals(planted + poisoned.size(), dead.size());
    }

    /**
     * Six TXT queries with 200 KB names made an alert of 2.4 MB, over the producer's 1 MB request limit: the
     * exactly-once sink failed and the restarted job failed again on the same alert. And a 2 MB input record. Now,
     * with no restart allowed, the job runs to its end: the alert arrives with its names cut, and the record is a
     * dead letter that keeps a prefix, its length and its SHA-256.
     */
    @Test
    void hugeNamesAndAHugeRecordNeitherFailNorRestartTheJob() throws Exception {
        Map<String, String> t = Map.of("dns", "limits-dns", "alerts", "limits-alerts", "dead", "limits-dead");
        KafkaStreamingTest.kafka.createTopics(1, Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024)), t.get("dns"));
        KafkaStreamingTest.kafka.createTopics(1, t.get("alerts"), t.get("dead"));
        long start = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(dnsRow(start + i * 1000L, "10.0.0.9", i + "." + "x".repeat(200_000) + ".tunnel.example", "").replace("\"A\"", "\"TXT\""));
        }
        String huge = dnsRow(start + 7000, "10.0.0.10", "y".repeat(2 * 1024 * 1024) + ".example", "").replace("\"A\"", "\"TXT\"");
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("limits-dns.jsonl");
        Files.write(file, rows);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String r : rows) records.add(new ProducerRecord<>(t.get("dns"), 0, null, r.getBytes(StandardCharsets.UTF_8)));
        records.add(3, new ProducerRecord<>(t.get("dns"), 0, null, hugeBytes));
        KafkaStreamingTest.kafka.produceRecords(records);

        List<String> args = List.of("--bootstrap-servers", KafkaStreamingTest.kafka.bootstrapServers(), "--dns-events-topic", t.get("dns"),
                "--alerts-topic", t.get("alerts"), "--dead-letter-topic", t.get("dead"), "--starting-offsets", "earliest",
                "--checkpoint-interval", "300ms", "--group-id", t.get("alerts"), "--transactional-id-prefix", t.get("alerts"),
                "--stop-at-latest", "--max-restarts", "0");
        KafkaStreamingTest.runToEnd(args, null); // a failure would end it: no restart is allowed

        List<String> want = new ArrayList<>();
        ReferenceTxtDetector.detectFiles(file, null, DetectionConfig.defaults()).forEach(a -> want.add(AlertJson.toJson(a)));
        assertEquals(1, want.size());
        List<String> got = KafkaStreamingTest.committedAlerts(t.get("alerts"));
        assertEquals(want, got);
        String alert = got.get(0);
        assertTrue(alert.contains("\"0." + "x".repeat(AlertJson.MAX_NAME_CHARS - 2) + AlertJson.TRUNCATED_MARKER + "\""), "names cut");
        assertTrue(alert.contains("\"truncated\":true,\"queryNameLengths\":[200017,200017,200017,200017,200017,200017]"), alert.substring(alert.length() - 200));
        assertTrue(alert.length() < 20_000, "alert of " + alert.length() + " characters");

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaStreamingTest.kafka.readAll(t.get("dead"), false, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        ConsumerRecord<byte[], byte[]> d = dead.get(0);
        assertEquals("too large: " + hugeBytes.length + " bytes, limit " + DetectionConfig.DEFAULT_MAX_RECORD_BYTES + " bytes (--max-record-bytes)",
                KafkaStreamingTest.header(d, KafkaSinks.REASON_HEADER));
        assertEquals("3", KafkaStreamingTest.header(d, KafkaSinks.OFFSET_HEADER));
        assertArrayEquals(Arrays.copyOf(hugeBytes, OutputLimit.PREFIX_BYTES), d.value());
        assertEquals(Integer.toString(hugeBytes.length), KafkaStreamingTest.header(d, KafkaSinks.LENGTH_HEADER));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hugeBytes)),
                KafkaStreamingTest.header(d, KafkaSinks.SHA256_HEADER));
    }

    static long timeOf(String line) {
        int at = line.indexOf("\"TimeGenerated\":\"");
        if (at < 0) return Long.MIN_VALUE;
        try {
            return dev.dnshunter.event.TimeGenerated.parseMillis(line.substring(at + 17, line.indexOf('"', at + 17)));
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    static List<String> minus(List<String> a, List<String> b) {
        List<String> d = new ArrayList<>(a);
        d.removeAll(b);
        return d;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
