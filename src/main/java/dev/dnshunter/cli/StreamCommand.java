package dev.dnshunter.cli;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.exclusions.ExclusionFile;
import dev.dnshunter.exclusions.ExclusionFormatException;
import dev.dnshunter.exclusions.Guardrails;
import dev.dnshunter.io.KafkaSettings;
import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.io.KafkaSources;
import dev.dnshunter.pipeline.DetectionGraph;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.Sinks;
import dev.dnshunter.pipeline.Sources;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
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
    /** The checkpoint interval when {@code --checkpoint-interval} is not given. */
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    static final String USAGE = "usage: dns-hunter stream --bootstrap-servers HOST:PORT [--dns-events-topic T] [--firewall-events-topic T] "
            + "[--vm-connections-topic T] [--dns-client-events-topic T] [--zeek-dns-topic T] [--zeek-conn-topic T] [--suricata-eve-topic T] [--ecs-topic T] [--sysmon-events-topic T] [--asim-dns-topic T] [--asim-network-sessions-topic T] [--control-topic T] --alerts-topic T [--dead-letter-topic T] "
            + "[--excluded-topic T] [--author-header H] [--group-id G] [--starting-offsets earliest|latest|committed|TIMESTAMP] [--kafka-property key=value ...] "
            + "[--kafka-properties FILE] [--checkpoint-interval D] [--parallelism N] [--exclusions FILE] [--stop-at-latest] "
            + "[--checkpoint-dir DIR] [--state-backend hashmap|rocksdb] [--resume | --savepoint PATH [--allow-non-restored-state]] "
            + "[--max-restarts N] [--transaction-timeout D] [--min-severity low|medium|high] [--alert-format native|ocsf|ecs] [detection flags]";

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
              --zeek-dns-topic T              Zeek dns.log records, JSON (TSV needs its file's header)
              --zeek-conn-topic T             Zeek conn.log records, JSON
              --suricata-eve-topic T          Suricata eve.json records (dns and flow events)
              --ecs-topic T                   Elastic ECS documents (DNS events and flows)
              --sysmon-events-topic T         Sysmon event 22 records (JSON or event XML); no client address
              --asim-dns-topic T              ASIM ASimDnsActivityLogs rows (JSON)
              --asim-network-sessions-topic T ASIM ASimNetworkSessionLogs rows (JSON)
              --control-topic T               exclusion changes (the control stream); needs --excluded-topic
              --alerts-topic T                alerts, exactly once (required)
              --dead-letter-topic T           unusable and late records: original bytes, reason and source
                                              topic/partition/offset in headers (default: counted only)
              --excluded-topic T              alerts removed by an exclusion, with the entry and its author
                                              (default: counted only; required with --control-topic)
              --author-header H               the control topic's record header naming a change's author
                                              (default author); a differing "author" field is a dead letter
              --group-id G                    consumer group (default dns-hunter)
              --starting-offsets WHERE        earliest, latest, committed (default; earliest for a new group)
                                              or an ISO instant, when the job starts without a checkpoint
              --kafka-property key=value      a Kafka client property (security.protocol, sasl.mechanism, ssl.*
                                              locations); repeatable; keys that hold secrets (*password*, *jaas*,
                                              *secret*, *token*, *.key) are refused: see --kafka-properties
              --kafka-properties FILE         Kafka client properties from a file, secrets included; a value may
                                              hold ${env:NAME}, replaced by the environment variable NAME
              --checkpoint-interval D         checkpoints (and alert commits) every D (default 10s)
              --parallelism N                 parallel tasks (default 2)
              --exclusions FILE               the analysts' exclusion list, in force from the start
              --stop-at-latest                read up to the offsets that are the latest at start, then finish
""" + Checkpointing.HELP + """
              --savepoint PATH                start from this savepoint (or retained checkpoint), e.g. one written by
                                              `bootstrap`; under `flink run` use its -s option instead
              --allow-non-restored-state      start even if the savepoint holds state no operator of this job takes
              --max-restarts N                give up after N restarts (default: retry forever, exponential backoff
                                              from 1 s up to the cluster's max-backoff)
              --transaction-timeout D         how long the broker keeps an alert transaction open (default 10m);
                                              at most the broker's transaction.max.timeout.ms (checked at start),
                                              well above --checkpoint-interval; a broker outage longer than D after
                                              a checkpoint loses its alerts, and the job then fails (exit 1 with
                                              --max-restarts), never runs on without them
              --transactional-id-prefix P     prefix of the alert sink's Kafka transactional ids (default dns-hunter);
                                              unique per job writing to the same cluster
            """ + DetectionFlags.OUTPUT_HELP + DetectionFlags.HELP;

    private static final Set<String> VALUED = BackfillCommand.union(BackfillCommand.union(BackfillCommand.union(DetectionFlags.VALUED,
            DetectionFlags.OUTPUT_VALUED), Set.of("bootstrap-servers",
            "dns-events-topic", "firewall-events-topic", "vm-connections-topic", "dns-client-events-topic", "zeek-dns-topic", "zeek-conn-topic", "suricata-eve-topic", "ecs-topic", "sysmon-events-topic", "asim-dns-topic", "asim-network-sessions-topic", "control-topic",
            "alerts-topic", "dead-letter-topic", "excluded-topic", "author-header", "group-id", "starting-offsets", "kafka-properties",
            "checkpoint-interval", "parallelism", "exclusions", "transactional-id-prefix", "max-restarts", "savepoint", "transaction-timeout")), Checkpointing.VALUED);
    private static final Set<String> SWITCHES = BackfillCommand.union(BackfillCommand.union(DetectionFlags.SWITCHES,
            Set.of("stop-at-latest", "allow-non-restored-state")), Checkpointing.SWITCHES);

    private StreamCommand() {}

    /** Parsed and checked arguments of a streaming run. */
    /**
     * @param maxRestarts restarts before the job gives up; -1 retries forever with exponential backoff
     * @param savepoint where the job starts from: {@code --savepoint}, or the checkpoint {@code --resume} found; or null
     */
    public record Plan(KafkaSettings kafka, DetectionConfig config, List<ExclusionEntry> exclusions, long checkpointIntervalMillis,
                int parallelism, int maxRestarts, String savepoint, boolean allowNonRestoredState, Checkpointing checkpointing) {}

    static Plan plan(List<String> args) {
        return plan(args, System::getenv);
    }

    /** @param environment the environment variables that {@code ${env:NAME}} in Kafka properties refer to */
    static Plan plan(List<String> args, Function<String, String> environment) {
        Flags f = Flags.parse(args, VALUED, SWITCHES, BackfillCommand.union(Set.of("kafka-property"), DetectionFlags.REPEATABLE));
        KafkaSettings k = new KafkaSettings();
        k.bootstrapServers = f.required("bootstrap-servers");
        topic(f, k, "dns-events-topic", Input.DNS_EVENTS);
        topic(f, k, "firewall-events-topic", Input.FIREWALL_EVENTS);
        topic(f, k, "vm-connections-topic", Input.VM_CONNECTIONS);
        topic(f, k, "dns-client-events-topic", Input.DNS_CLIENT_EVENTS);
        topic(f, k, "zeek-dns-topic", Input.ZEEK_DNS);
        topic(f, k, "zeek-conn-topic", Input.ZEEK_CONN);
        topic(f, k, "suricata-eve-topic", Input.SURICATA_EVE);
        topic(f, k, "ecs-topic", Input.ECS);
        topic(f, k, "sysmon-events-topic", Input.SYSMON_EVENTS);
        topic(f, k, "asim-dns-topic", Input.ASIM_DNS);
        topic(f, k, "asim-network-sessions-topic", Input.ASIM_NETWORK_SESSIONS);
        topic(f, k, "control-topic", Input.EXCLUSION_UPDATES);
        if (k.inputTopics.isEmpty() || k.inputTopics.keySet().equals(Set.of(Input.EXCLUSION_UPDATES))) {
            throw new UsageException("give at least one input topic: --dns-events-topic, --firewall-events-topic, "
                    + "--vm-connections-topic, --dns-client-events-topic, --zeek-dns-topic, --zeek-conn-topic, --suricata-eve-topic, --ecs-topic, --sysmon-events-topic, --asim-dns-topic or --asim-network-sessions-topic");
        }
        k.alertsTopic = f.required("alerts-topic");
        k.deadLetterTopic = f.string("dead-letter-topic", null);
        k.excludedTopic = f.string("excluded-topic", null);
        boolean control = k.inputTopics.containsKey(Input.EXCLUSION_UPDATES);
        // Whoever can write the control topic could otherwise hide alerts leaving nothing but a metric behind.
        if (control && k.excludedTopic == null) {
            throw new UsageException("--control-topic needs --excluded-topic: alerts an exclusion removes must be kept");
        }
        if (f.has("author-header")) {
            if (!control) throw new UsageException("--author-header applies to the control topic: give --control-topic");
            k.authorHeader = f.string("author-header", null).trim();
            if (k.authorHeader.isEmpty()) throw new UsageException("--author-header must not be blank");
        }
        k.groupId = f.string("group-id", "dns-hunter");
        k.transactionalIdPrefix = f.string("transactional-id-prefix", "dns-hunter");
        k.stopAtLatest = f.has("stop-at-latest");
        startingOffsets(f.string("starting-offsets", "committed"), k);
        KafkaPropertyFlags.apply(f, k, environment);
        k.transactionTimeoutMillis = f.duration("transaction-timeout",
                Duration.ofMillis(KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT_MILLIS)).toMillis();
        if (k.transactionTimeoutMillis < 1000 || k.transactionTimeoutMillis > Integer.MAX_VALUE) {
            throw new UsageException("--transaction-timeout must be between 1s and " + Integer.MAX_VALUE / 1000 + "s");
        }
        Duration interval = f.duration("checkpoint-interval", DEFAULT_CHECKPOINT_INTERVAL);
        if (interval.toMillis() < 100) throw new UsageException("--checkpoint-interval must be at least 100ms");
        if (interval.toMillis() * 2 >= k.transactionTimeoutMillis) {
            throw new UsageException("--checkpoint-interval must be well below the Kafka transaction timeout (" + k.transactionTimeoutMillis / 1000 + " s)");
        }
        DetectionConfig config = DetectionFlags.toConfig(f)
                .withMaxFutureMillis(DetectionFlags.maxFuture(f, DetectionConfig.STREAMING_MAX_FUTURE_MILLIS));
        List<ExclusionEntry> exclusions = List.of();
        Path exclusionFile = f.existingPath("exclusions");
        if (exclusionFile != null) {
            try {
                exclusions = ExclusionFile.load(exclusionFile, Guardrails.of(config));
            } catch (ExclusionFormatException e) {
                throw new UsageException("--exclusions: " + e.getMessage());
            }
        }
        k.maxRecordBytes = config.maxRecordBytes();
        String maxRequest = k.clientProperties.get("max.request.size");
        if (maxRequest != null && !maxRequest.trim().matches("\\d{1,10}")) {
            throw new UsageException("--kafka-property max.request.size: not a number of bytes: '" + maxRequest + "'");
        }
        if (maxRequest != null && Long.parseLong(maxRequest.trim()) < k.maxRecordBytes + KafkaSettings.RECORD_OVERHEAD_BYTES) {
            throw new UsageException("max.request.size " + maxRequest.trim() + " is below --max-record-bytes " + k.maxRecordBytes
                    + " plus " + KafkaSettings.RECORD_OVERHEAD_BYTES + " bytes for keys, headers and batch overhead");
        }
        Checkpointing checkpointing = Checkpointing.parse(f);
        String start = savepoint(f);
        if (checkpointing.resume()) {
            if (start != null) throw new UsageException("give --resume or --savepoint, not both");
            start = Checkpointing.latestRetained(checkpointing.dir()).map(p -> p.toUri().toString()).orElse(null);
        }
        return new Plan(k, config, exclusions, interval.toMillis(), f.integer("parallelism", 2, 1, 1024),
                f.integer("max-restarts", -1, 0, Integer.MAX_VALUE), start, f.has("allow-non-restored-state"), checkpointing);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return run(args, out, err, System::getenv);
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Function<String, String> environment) throws Exception {
        execute(plan(args, environment), err);
        return 0;
    }

    /** Runs the job: on the embedded cluster until it ends (and returns what it did), under `flink run` submits it. */
    static LocalJobRunner.Result execute(Plan plan, PrintStream err) throws Exception {
        checkTransactionTimeout(plan.kafka(), err);
        StreamExecutionEnvironment env = environment(plan);
        build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        err.println("stream: " + plan.kafka());
        err.println("stream: " + plan.config() + " checkpointInterval=" + Duration.ofMillis(plan.checkpointIntervalMillis()));
        if (embedded(env)) {
            err.println("stream: checkpoints in " + plan.checkpointing().dir() + " (state backend " + plan.checkpointing().stateBackend()
                    + ", kept when the job is stopped or cancelled; --resume continues from the latest)");
            Checkpointing c = plan.checkpointing();
            if (c.resume()) {
                err.println(plan.savepoint() != null ? "stream: resuming from " + plan.savepoint()
                        : "stream: --resume: no retained checkpoint in " + c.dir() + ", starting from the --starting-offsets");
            }
            return LocalJobRunner.runStreaming(env, "dns-hunter stream", err);
        } else {
            // Under `flink run` (or a REST submission, where this runs inside the JobManager) the cluster owns the
            // job: submit it and return; a detached client returns at once, an attached one waits for the end.
            env.execute("dns-hunter stream");
        }
        return null;
    }

    /**
     * The broker refuses a producer whose transaction timeout is above its transaction.max.timeout.ms only when the
     * first transaction starts, inside the job, where it reads as a restart loop: ask a broker first. A broker that
     * cannot be asked (unreachable, no DescribeConfigs permission) is reported and the job starts anyway.
     */
    static void checkTransactionTimeout(KafkaSettings k, PrintStream err) {
        Properties p = k.clientProperties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        long max;
        try (Admin admin = Admin.create(p)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            if (nodes.isEmpty()) throw new IllegalStateException("no broker in the cluster description");
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker)
                    .get("transaction.max.timeout.ms");
            if (entry == null || entry.value() == null) throw new IllegalStateException("the broker does not show transaction.max.timeout.ms");
            max = Long.parseLong(entry.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            err.println("stream: WARNING: could not read the broker's transaction.max.timeout.ms (" + e
                    + "); --transaction-timeout " + Duration.ofMillis(k.transactionTimeoutMillis) + " is not checked");
            return;
        }
        if (k.transactionTimeoutMillis > max) {
            throw new UsageException("--transaction-timeout " + Duration.ofMillis(k.transactionTimeoutMillis).toSeconds()
                    + "s is above the broker's transaction.max.timeout.ms " + max + " (" + max / 1000
                    + " s): lower it, or raise transaction.max.timeout.ms on the brokers");
        }
    }

    static boolean embedded(StreamExecutionEnvironment env) {
        return env instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
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
        // Only now is it known whether a cluster's config.yaml is underneath (Checkpointing says what wins).
        env.configure(plan.checkpointing().settings(embedded(env)));
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
}
