package dev.dnshunter.cli;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.exclusions.ExclusionFile;
import dev.dnshunter.exclusions.ExclusionFormatException;
import dev.dnshunter.io.KafkaSettings;
import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.io.KafkaSources;
import dev.dnshunter.pipeline.DetectionGraph;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.Sinks;
import dev.dnshunter.pipeline.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import dev.dnshunter.pipeline.BaselineSavepoint;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code stream}: the same detection graph fed by Kafka topics, alerts to a topic exactly once. */
final class StreamCommand {
    static final String USAGE = "usage: dns-hunter stream --bootstrap-servers HOST:PORT [--dns-events-topic T] [--firewall-events-topic T] "
            + "[--vm-connections-topic T] [--dns-client-events-topic T] [--control-topic T] --alerts-topic T [--dead-letter-topic T] "
            + "[--excluded-topic T] [--group-id G] [--starting-offsets earliest|latest|committed|TIMESTAMP] [--kafka-property key=value ...] "
            + "[--kafka-properties FILE] [--checkpoint-interval D] [--parallelism N] [--exclusions FILE] [--stop-at-latest] "
            + "[--max-restarts N] [--savepoint PATH [--allow-non-restored-state]] [detection flags]";

    static final String HELP = USAGE + """


            Runs the detection continuously over Kafka topics (Flink STREAMING mode) and writes alerts to a topic
            exactly once: Kafka transactions are committed when a checkpoint completes, so SOC consumers must read
            with isolation.level=read_committed. Record key = alertId, value = the alert JSON, header "rule".
            Without a Flink cluster context it runs on an embedded MiniCluster; under `flink run` it runs there.

              --bootstrap-servers HOST:PORT   the Kafka brokers
              --dns-events-topic T            DnsEvents rows (JSON, one per record)
              --firewall-events-topic T       CommonSecurityLog rows
              --vm-connections-topic T        VMConnection rows
              --dns-client-events-topic T     DNS client Event rows (TXT rule)
              --control-topic T               exclusion changes (the control stream)
              --alerts-topic T                alerts, exactly once (required)
              --dead-letter-topic T           unusable and late records: original bytes, reason and source
                                              topic/partition/offset in headers (default: counted only)
              --excluded-topic T              alerts removed by an exclusion (default: counted only)
              --group-id G                    consumer group (default dns-hunter)
              --starting-offsets WHERE        earliest, latest, committed (default; earliest for a new group)
                                              or an ISO instant, when the job starts without a checkpoint
              --kafka-property key=value      a Kafka client property (security.protocol, sasl.*, ssl.*); repeatable
              --kafka-properties FILE         Kafka client properties from a file; secrets never appear in logs
              --checkpoint-interval D         checkpoints (and alert commits) every D (default 10s)
              --parallelism N                 parallel tasks (default 2)
              --exclusions FILE               the analysts' exclusion list, in force from the start
              --stop-at-latest                read up to the offsets that are the latest at start, then finish
              --savepoint PATH                start from this savepoint (or retained checkpoint), e.g. one written by
                                              `bootstrap`; under `flink run` use its -s option instead
              --allow-non-restored-state      start even if the savepoint holds state no operator of this job takes
              --max-restarts N                give up after N restarts (default: retry forever, exponential backoff
                                              from 1 s up to the cluster's max-backoff)
              --transactional-id-prefix P     prefix of the alert sink's Kafka transactional ids (default dns-hunter);
                                              unique per job writing to the same cluster
            """ + DetectionFlags.HELP;

    private static final Set<String> VALUED = BackfillCommand.union(DetectionFlags.VALUED, Set.of("bootstrap-servers",
            "dns-events-topic", "firewall-events-topic", "vm-connections-topic", "dns-client-events-topic", "control-topic",
            "alerts-topic", "dead-letter-topic", "excluded-topic", "group-id", "starting-offsets", "kafka-properties",
            "checkpoint-interval", "parallelism", "exclusions", "transactional-id-prefix", "max-restarts", "savepoint"));
    private static final Set<String> SWITCHES = BackfillCommand.union(DetectionFlags.SWITCHES, Set.of("stop-at-latest",
            "allow-non-restored-state"));

    private StreamCommand() {}

    /** Parsed and checked arguments of a streaming run. */
    /** @param maxRestarts restarts before the job gives up; -1 retries forever with exponential backoff */
    public record Plan(KafkaSettings kafka, DetectionConfig config, List<ExclusionEntry> exclusions, long checkpointIntervalMillis,
                int parallelism, int maxRestarts, String savepoint, boolean allowNonRestoredState) {}

    static Plan plan(List<String> args) {
        Flags f = Flags.parse(args, VALUED, SWITCHES, Set.of("kafka-property"));
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = f.required("bootstrap-servers");
        topic(f, k, "dns-events-topic", Input.DNS_EVENTS);
        topic(f, k, "firewall-events-topic", Input.FIREWALL_EVENTS);
        topic(f, k, "vm-connections-topic", Input.VM_CONNECTIONS);
        topic(f, k, "dns-client-events-topic", Input.DNS_CLIENT_EVENTS);
        topic(f, k, "control-topic", Input.EXCLUSION_UPDATES);
        if (k.inputTopics.isEmpty() || k.inputTopics.keySet().equals(Set.of(Input.EXCLUSION_UPDATES))) {
            throw new UsageException("give at least one input topic: --dns-events-topic, --firewall-events-topic, "
                    + "--vm-connections-topic or --dns-client-events-topic");
        }
        k.alertsTopic = f.required("alerts-topic");
        k.deadLetterTopic = f.string("dead-letter-topic", null);
        k.excludedTopic = f.string("excluded-topic", null);
        k.groupId = f.string("group-id", "dns-hunter");
        k.transactionalIdPrefix = f.string("transactional-id-prefix", "dns-hunter");
        k.stopAtLatest = f.has("stop-at-latest");
        startingOffsets(f.string("starting-offsets", "committed"), k);
        Path propertiesFile = f.existingPath("kafka-properties");
        if (propertiesFile != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(propertiesFile)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException("--kafka-properties: cannot read " + propertiesFile + ": " + e.getMessage());
            }
            p.forEach((key, value) -> k.clientProperties.put(key.toString(), value.toString()));
        }
        for (String kv : f.all("kafka-property")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException("--kafka-property needs key=value, got '" + redact(kv) + "'");
            k.clientProperties.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        Duration interval = f.duration("checkpoint-interval", Duration.ofSeconds(10));
        if (interval.toMillis() < 100) throw new UsageException("--checkpoint-interval must be at least 100ms");
        if (interval.toMillis() * 2 >= k.transactionTimeoutMillis) {
            throw new UsageException("--checkpoint-interval must be well below the Kafka transaction timeout (" + k.transactionTimeoutMillis / 1000 + " s)");
        }
        List<ExclusionEntry> exclusions = List.of();
        Path exclusionFile = f.existingPath("exclusions");
        if (exclusionFile != null) {
            try {
                exclusions = ExclusionFile.load(exclusionFile);
            } catch (ExclusionFormatException e) {
                throw new UsageException("--exclusions: " + e.getMessage());
            }
        }
        DetectionConfig config = DetectionFlags.toConfig(f)
                .withMaxFutureMillis(DetectionFlags.maxFuture(f, DetectionConfig.STREAMING_MAX_FUTURE_MILLIS));
        k.maxRecordBytes = config.maxRecordBytes();
        String maxRequest = k.clientProperties.get("max.request.size");
        if (maxRequest != null && !maxRequest.trim().matches("\\d{1,10}")) {
            throw new UsageException("--kafka-property max.request.size: not a number of bytes: '" + maxRequest + "'");
        }
        if (maxRequest != null && Long.parseLong(maxRequest.trim()) < k.maxRecordBytes + KafkaSettings.RECORD_OVERHEAD_BYTES) {
            throw new UsageException("max.request.size " + maxRequest.trim() + " is below --max-record-bytes " + k.maxRecordBytes
                    + " plus " + KafkaSettings.RECORD_OVERHEAD_BYTES + " bytes for keys, headers and batch overhead");
        }
        return new Plan(k, config, exclusions, interval.toMillis(), f.integer("parallelism", 2, 1, 1024),
                f.integer("max-restarts", -1, 0, Integer.MAX_VALUE), savepoint(f), f.has("allow-non-restored-state"));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Plan plan = plan(args);
        StreamExecutionEnvironment env = environment(plan);
        build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        err.println("stream: " + plan.kafka());
        err.println("stream: " + plan.config() + " checkpointInterval=" + Duration.ofMillis(plan.checkpointIntervalMillis()));
        if (env instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment) {
            LocalJobRunner.run(env, "dns-hunter stream", err);
        } else {
            // Under `flink run` (or a REST submission, where this runs inside the JobManager) the cluster owns the
            // job: submit it and return; a detached client returns at once, an attached one waits for the end.
            env.execute("dns-hunter stream");
        }
        return 0;
    }

    static StreamExecutionEnvironment environment(Plan plan) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(plan.checkpointIntervalMillis()));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // A broker that is down, or one failed record write, restarts the job from its last checkpoint with backoff
        // rather than ending it.
        if (plan.maxRestarts() < 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, plan.maxRestarts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        }
        if (plan.savepoint() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, plan.savepoint());
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, plan.allowNonRestoredState());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(plan.parallelism());
        env.setMaxParallelism(BaselineSavepoint.MAX_PARALLELISM);
        return env;
    }

    /** The streaming job: the shared detection graph between the given edges (tests pass wrapped ones). */
    static void build(StreamExecutionEnvironment env, Plan plan, Sources sources, Sinks sinks) {
        DetectionGraph.build(env, sources, sinks, plan.config(), false, plan.exclusions());
    }

    private static String savepoint(Flags f) {
        Path p = f.existingPath("savepoint");
        return p == null ? null : p.toAbsolutePath().toUri().toString();
    }

    private static void topic(Flags f, KafkaSettings k, String flag, Input input) {
        String t = f.string(flag, null);
        if (t != null) k.inputTopics.put(input, t);
    }

    private static void startingOffsets(String value, KafkaSettings k) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "earliest" -> k.startingOffsets = KafkaSettings.StartingOffsets.EARLIEST;
            case "latest" -> k.startingOffsets = KafkaSettings.StartingOffsets.LATEST;
            case "committed" -> k.startingOffsets = KafkaSettings.StartingOffsets.COMMITTED;
            default -> {
                try {
                    k.startingTimestampMillis = Instant.parse(value).toEpochMilli();
                    k.startingOffsets = KafkaSettings.StartingOffsets.TIMESTAMP;
                } catch (DateTimeParseException e) {
                    throw new UsageException("--starting-offsets must be earliest, latest, committed or an ISO instant, got '" + value + "'");
                }
            }
        }
    }

    private static String redact(String kv) {
        int eq = kv.indexOf('=');
        return eq > 0 && KafkaSettings.isSecret(kv.substring(0, eq)) ? kv.substring(0, eq) + "=******" : kv;
    }
}
