package dev.dnshunter.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.testing.KafkaBroker;
import dev.dnshunter.testing.KafkaProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit loss end to end (issue 13): the streaming job writes its alerts through a proxy that is the broker for it
 * (the broker advertises the proxy's port); the proxy stalls the broker for 40 s from the first commit of an alert
 * transaction on, that is right after a checkpoint holding alerts completed, with a 20 s transaction timeout. The
 * broker aborts the transaction meanwhile, so its alerts cannot be committed any more, and no replay brings them back
 * (the sources restart after them). Either every alert of the ground truth is committed, or the job fails with the
 * commit loss as its cause: never a RUNNING job with alerts missing, which is what the connector alone does.
 */
class CommitLossIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STALL = Duration.ofSeconds(40);
    /** Checkpoints that complete after the stall while the job runs: by then every pending commit was retried. */
    static final int CHECKPOINTS_TO_SETTLE = 4;
    static final Duration WAIT = Duration.ofMinutes(3);
    static final String[] INPUTS = {"dns", "fw", "vm", "client"};
    static final int PARTITIONS = 2;

    @TempDir
    static Path dir;

    @Test
    void aBrokerStalledBeyondTheTransactionTimeoutAfterACheckpointEitherLosesNothingOrFailsTheJob() throws Exception {
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(41).withClients(40).withLookupsPerDay(1500));
        List<String> expected = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
        try (KafkaProxy proxy = KafkaProxy.bind(); KafkaBroker kafka = KafkaBroker.startBehind(dir.resolve("kafka"), proxy.port())) {
            proxy.forwardTo(kafka.externalPort());
            Map<String, String> t = Map.of("dns", "loss-dns", "fw", "loss-fw", "vm", "loss-vm", "client", "loss-client",
                    "alerts", "loss-alerts", "dead", "loss-dead");
            kafka.createTopics(PARTITIONS, t.values().toArray(new String[0]));
            Path[] files = {data.dnsEventsFile(), data.firewallEventsFile(), data.vmConnectionsFile(), data.dnsClientEventsFile()};
            for (int i = 0; i < INPUTS.length; i++) kafka.produce(t.get(INPUTS[i]), Files.readAllLines(files[i]));
            tick(kafka, t, data);

            List<CompletableFuture<KafkaProxy.Stall>> stall = proxy.stallAtFirstCommit("loss-alerts-", STALL);
            // The job's clients know only the proxy; the test's own (produce, read, admin) talk to the broker directly.
            List<String> args = List.of("--bootstrap-servers", proxy.address(),
                    "--dns-events-topic", t.get("dns"), "--firewall-events-topic", t.get("fw"), "--vm-connections-topic", t.get("vm"),
                    "--dns-client-events-topic", t.get("client"), "--alerts-topic", t.get("alerts"), "--dead-letter-topic", t.get("dead"),
                    "--starting-offsets", "earliest", "--group-id", "loss", "--transactional-id-prefix", "loss",
                    "--transaction-timeout", TRANSACTION_TIMEOUT.toSeconds() + "s", "--checkpoint-interval", "2s",
                    "--max-restarts", "1", "--parallelism", Integer.toString(PARTITIONS),
                    // Longer than the stall: no input is taken for idle while the broker does not answer, so no record
                    // becomes late because of the stall itself; every partition has data, so nothing waits for idleness.
                    "--idle-timeout", "2m",
                    "--detect-from", Instant.ofEpochMilli(data.detectFromMillis()).toString());
            var plan = StreamCommandAccess.plan(args);
            StreamExecutionEnvironment env = StreamCommandAccess.environment(plan);
            StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
            JobClient job = env.executeAsync("commit loss");
            try {
                KafkaProxy.Stall started = await(job, stall.get(0), "the first commit of an alert transaction");
                KafkaProxy.Stall ended = stall.get(1).get(STALL.toSeconds() + 30, TimeUnit.SECONDS);
                assertTrue(Duration.between(ended.start(), ended.end()).compareTo(STALL) >= 0, ended.toString());
                int checkpointsAfterStall = completedCheckpoints(job);

                // The outcome: the job fails, or every alert is committed, or the job runs on with alerts missing (a
                // few checkpoints after the stall, every commit of the stalled transactions has been retried).
                long deadline = System.nanoTime() + WAIT.toNanos();
                JobStatus status;
                List<String> committed;
                while (true) {
                    status = job.getJobStatus().get(30, TimeUnit.SECONDS);
                    committed = committedAlerts(kafka, t.get("alerts"));
                    if (status.isGloballyTerminalState() || committed.equals(expected)) break;
                    if (status == JobStatus.RUNNING && completedCheckpoints(job) >= checkpointsAfterStall + CHECKPOINTS_TO_SETTLE) break;
                    if (System.nanoTime() > deadline) break;
                    pollPause(job);
                }
                String brokerState = transactionState(kafka, started.transactionalId());
                String context = "stalled transaction " + started.transactionalId() + " (broker state " + brokerState + "), job "
                        + status + ", " + committed.size() + " of " + expected.size() + " alerts committed";
                System.out.println("CommitLossIT: stall " + started.start() + " to " + ended.end() + "; outcome at " + Instant.now()
                        + ": " + context);
                if (status == JobStatus.FAILED) {
                    String chain = causes(job);
                    assertTrue(chain.contains(CommitLossGuard.CommitLostException.class.getName())
                            && chain.contains("of a completed checkpoint could not be committed"), context + ": " + chain);
                } else {
                    List<String> missing = new ArrayList<>(expected);
                    missing.removeAll(committed);
                    assertEquals(expected, committed, context + "; missing " + missing.size() + ", the job " + status
                            + " (alerts lost without a failure)");
                }
            } finally {
                if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** A record 3 hours after the data set on every partition of every input, so event time passes every window. */
    static void tick(KafkaBroker kafka, Map<String, String> t, DataSetGenerator.Summary data) {
        String tick = "{\"TimeGenerated\":\"" + Instant.ofEpochMilli(data.options().endMillis() + 3 * 3_600_000L)
                + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.9.9.9\",\"Name\":\"tick.example\",\"IPAddresses\":\"\"}";
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (String input : INPUTS) {
            for (int p = 0; p < PARTITIONS; p++) ticks.add(new ProducerRecord<>(t.get(input), p, null, tick.getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produceRecords(ticks);
    }

    static List<String> committedAlerts(KafkaBroker kafka, String topic) {
        return kafka.committedValues(topic);
    }

    /** What the broker says about the transaction (asked directly, not through the proxy). */
    static String transactionState(KafkaBroker kafka, String transactionalId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get(30, TimeUnit.SECONDS)
                    .state().name();
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** The job's completed checkpoints, from the cluster's REST API. */
    static int completedCheckpoints(JobClient job) throws Exception {
        var conf = CLUSTER.getClientConfiguration();
        URI uri = URI.create("http://" + conf.get(RestOptions.ADDRESS) + ":" + conf.get(RestOptions.PORT) + "/jobs/" + job.getJobID()
                + "/checkpoints");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET " + uri + ": HTTP " + r.statusCode() + " " + r.body());
        return new ObjectMapper().readTree(r.body()).path("counts").path("completed").asInt();
    }

    /** Waits for the future, failing if the job ends first or the wait is over. */
    static <T> T await(JobClient job, CompletableFuture<T> future, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!future.isDone()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            if (job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                throw new AssertionError("the job ended while waiting for " + what + ": " + causes(job));
            }
            try {
                future.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // the pause between polls of the job's state
            }
        }
        return future.get();
    }

    /** Pauses between polls on a real wait: the job's end (which ends the wait at once). */
    static void pollPause(JobClient job) throws Exception {
        try {
            job.getJobExecutionResult().get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillRunningOrFailed) {
            // polled again by the caller
        }
    }

    /** The job's failure and its causes, one per line (empty when it did not fail). */
    static String causes(JobClient job) throws InterruptedException {
        StringBuilder chain = new StringBuilder();
        try {
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            for (Throwable c = e; c != null; c = c.getCause()) chain.append(c).append('\n');
        } catch (TimeoutException e) {
            chain.append("(no result yet)");
        }
        return chain.toString();
    }
}
