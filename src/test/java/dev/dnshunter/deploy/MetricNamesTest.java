package dev.dnshunter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dnshunter.cli.StreamCommandAccess;
import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.io.KafkaSources;
import dev.dnshunter.testing.KafkaBroker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus rules of deploy/ parse, and every metric name they use is one a running
 * job exports: the streaming job of {@code stream} over a real Kafka broker, on a MiniCluster with Flink's own
 * PrometheusReporter (configured by factory class, as flink-conf/config.yaml does), scraped over HTTP once alerts,
 * an excluded alert, dead letters and checkpoints have happened. The names seen are kept in target/metric-names.txt, the
 * last scrape in target/metrics-scrape.txt.
 */
class MetricNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path DASHBOARD = Path.of("deploy", "grafana", "dns-hunter.json");
    static final Path RULES = Path.of("deploy", "prometheus", "dns-hunter-rules.yaml");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
    static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    @TempDir
    static Path dir;
    static KafkaBroker kafka;

    @BeforeAll
    static void start() {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    static List<String> burst(String host, long from) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(("{\"TimeGenerated\":\"%s\",\"EventLog\":\"Microsoft-Windows-DNS-Client/Operational\",\"EventID\":3006,"
                    + "\"Computer\":\"%s\",\"RenderedDescription\":\"DNS query is called for the name c%d.payload.evil.example,"
                    + " type 16, query options 0\"}").formatted(Instant.ofEpochMilli(from + i * 10_000L), host, i));
        }
        return rows;
    }

    /** The names used by the dashboard's and the rules' PromQL expressions. */
    static Set<String> usedNames() throws Exception {
        Set<String> used = new TreeSet<>();
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        for (JsonNode expr : dashboard.findValues("expr")) used.addAll(names(expr.asText()));
        for (JsonNode query : dashboard.findValues("query")) if (query.isTextual()) used.addAll(names(query.asText()));
        JsonNode rules = YAML.readTree(RULES.toFile());
        for (JsonNode group : rules.get("groups")) for (JsonNode rule : group.get("rules")) used.addAll(names(rule.get("expr").asText()));
        return used;
    }

    private static Set<String> names(String promql) {
        Set<String> s = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) s.add(m.group());
        return s;
    }

    @Test
    void dashboardAndRulesParseAndAreComplete() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertEquals("dns-hunter", dashboard.get("uid").asText());
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
        for (String t : List.of("Alerts per rule and severity", "Dead letters per input", "Records per input", "Watermark lag per input",
                "Checkpoint duration", "Failed checkpoints", "Kafka consumer lag", "Excluded alerts per entry",
                "Alerts lost to expired Kafka transactions")) {
            assertTrue(titles.contains(t), t + " in " + titles);
        }
        for (JsonNode p : dashboard.get("panels")) {
            assertFalse(p.path("targets").isEmpty(), p.get("title") + " has a query");
        }
        JsonNode rules = YAML.readTree(RULES.toFile());
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                assertTrue(rule.hasNonNull("expr") && rule.hasNonNull("for") && rule.path("labels").hasNonNull("severity")
                        && rule.path("annotations").hasNonNull("summary"), rule.toString());
            }
        }
        assertTrue(alerts.containsAll(List.of("DnsHunterWatermarkStalled", "DnsHunterDeadLetterSurge", "DnsHunterCheckpointsFailing",
                "DnsHunterCommitLoss")), alerts.toString());
    }

    @Test
    void everyMetricTheyUseIsOneTheRunningJobExports() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String client = "mn-client";
        String alerts = "mn-alerts";
        String dead = "mn-dead";
        String excluded = "mn-excluded";
        kafka.createTopics(1, client, alerts, dead, excluded);
        List<String> rows = new ArrayList<>(burst("h1.corp.example", T0));
        rows.addAll(burst("h3.corp.example", T0));
        rows.add("not json at all");
        rows.add("{\"TimeGenerated\":\"" + Instant.ofEpochMilli(T0 + 120 * 60_000L) + "\",\"EventLog\":\"System\"}");
        kafka.produce(client, rows);
        Path exclusions = Files.writeString(dir.resolve("exclusions.yaml"),
                "exclusions:\n  - host: h3.corp.example\n    comment: pentest box\n    id: pentest-h3\n");

        var plan = StreamCommandAccess.plan(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--dns-client-events-topic", client,
                "--alerts-topic", alerts, "--dead-letter-topic", dead, "--excluded-topic", excluded, "--exclusions", exclusions.toString(),
                "--starting-offsets", "earliest", "--checkpoint-interval", "300ms", "--group-id", "mn", "--transactional-id-prefix", "mn",
                "--idle-timeout", "2s", "--parallelism", "1", "--checkpoint-dir", dir.resolve("checkpoints").toString()));
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        // As flink-conf/config.yaml: the reporter by its factory class.
        conf.setString("metrics.reporters", "prom");
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        conf.setString("metrics.reporter.prom.interval", "1 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        StreamCommandAccess.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
        JobClient job = env.executeAsync("metric names");
        Set<String> exported;
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                exported = scrape(http, port);
                String all = String.join("\n", exported);
                boolean ready = all.contains("operator_rule_severity_alerts") && all.contains("excludedAlerts")
                        && all.contains("flink_jobmanager_job_numberOfCompletedCheckpoints") && all.contains("deadLetters")
                        && all.contains("KafkaSourceReader") && all.contains("expiredTransactions");
                if (ready && lastValue(http, port, "flink_jobmanager_job_numberOfCompletedCheckpoints") >= 2) break;
                if (System.nanoTime() > deadline) break;
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) throw new AssertionError("the job ended");
                try {
                    job.getJobExecutionResult().get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // the pause between scrapes
                }
            }
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "metrics-scrape.txt"), HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "metric-names.txt"), exported);
        Set<String> missing = new TreeSet<>(usedNames());
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "used but not exported: " + missing);

        // The operator names they select or split per input by (label values, filtered to [A-Za-z0-9_:]) exist too.
        Set<String> operators = new TreeSet<>();
        Matcher op = Pattern.compile("operator_name=\"([^\"]*)\"").matcher(Files.readString(Path.of("target", "metrics-scrape.txt")));
        while (op.find()) operators.add(op.group(1));
        for (String regex : operatorPatterns()) {
            Pattern p = Pattern.compile(regex);
            assertTrue(operators.stream().anyMatch(o -> p.matcher(o).matches()), regex + " matches no operator of " + operators);
        }
    }

    /** The operator_name regexes of the dashboard's and the rules' expressions (selectors and label_replace). */
    static Set<String> operatorPatterns() throws Exception {
        List<String> exprs = new ArrayList<>();
        JSON.readTree(DASHBOARD.toFile()).findValues("expr").forEach(e -> exprs.add(e.asText()));
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) for (JsonNode rule : group.get("rules")) exprs.add(rule.get("expr").asText());
        Set<String> out = new TreeSet<>();
        Pattern selector = Pattern.compile("operator_name=~\"([^\"]+)\"");
        Pattern split = Pattern.compile("\"operator_name\", \"([^\"]+)\"\\)");
        for (String e : exprs) {
            for (Pattern p : List.of(selector, split)) {
                Matcher m = p.matcher(e);
                while (m.find()) out.add(m.group(1));
            }
        }
        assertTrue(out.size() >= 3, out.toString());
        return out;
    }

    /** The metric names (without labels) of one scrape of the reporter. */
    private static Set<String> scrape(HttpClient http, int port) throws Exception {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
        } catch (java.io.IOException notYetListening) {
            return new TreeSet<>();
        }
    }

    private static double lastValue(HttpClient http, int port, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
    }
}
