package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.io.KafkaSinks;
import dev.dnshunter.io.KafkaSources;
import dev.dnshunter.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka secrets stay off the command line: {@code --kafka-property} refuses keys that hold one, and secrets given in
 * a properties file (literally or as ${env:NAME}) reach the Kafka clients but no output, log or Flink configuration.
 */
class KafkaSecretsTest {
    static final String JAAS_PASSWORD = "jaasPw-7Qx2-never-shown";
    static final String KEY_PASSWORD = "keyPw-9Zr4-never-shown";
    static final String TRUSTSTORE_PASSWORD = "tsPw-3Lk8-never-shown";
    static final List<String> SECRETS = List.of(JAAS_PASSWORD, KEY_PASSWORD, TRUSTSTORE_PASSWORD);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "SSL.KEY.PASSWORD", "ssl.keystore.key",
            "sasl.oauthbearer.client.secret", "my.api.token"})
    void aSecretOnTheCommandLineIsAUsageErrorThatPointsToTheFile(String key) {
        // plan() only: a UsageException is exit code 2 with the usage line (MainTest), and nothing here may start a job
        UsageException e = assertThrows(UsageException.class, () -> StreamCommand.plan(List.of("--bootstrap-servers",
                "127.0.0.1:1", "--dns-events-topic", "d", "--alerts-topic", "a", "--kafka-property", key + "=" + JAAS_PASSWORD)));
        assertTrue(e.getMessage().startsWith("--kafka-property " + key + " holds a secret"), e.getMessage());
        assertTrue(e.getMessage().contains("--kafka-properties FILE") && e.getMessage().contains("${env:NAME}"), e.getMessage());
        assertFalse(e.getMessage().contains(JAAS_PASSWORD), e.getMessage());
    }

    @Test
    void otherPropertiesStayAllowedOnTheCommandLine() {
        StreamCommand.Plan plan = StreamCommand.plan(List.of("--bootstrap-servers", "127.0.0.1:1", "--dns-events-topic", "d",
                "--alerts-topic", "a", "--kafka-property", "security.protocol=SASL_SSL", "--kafka-property", "sasl.mechanism=PLAIN"));
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), plan.kafka().clientProperties);
    }

    @Test
    void anUnsetEnvironmentVariableIsAUsageErrorNamingOnlyTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"), "ssl.key.password=${env:DNS_HUNTER_TEST_UNSET}\n");
        UsageException e = assertThrows(UsageException.class, () -> StreamCommand.plan(List.of("--bootstrap-servers",
                "127.0.0.1:1", "--dns-events-topic", "d", "--alerts-topic", "a", "--kafka-properties", file.toString()), name -> null));
        assertTrue(e.getMessage().endsWith("ssl.key.password refers to ${env:DNS_HUNTER_TEST_UNSET}, but that environment variable is not set"),
                e.getMessage());
    }

    /** Collects every log event of the run, as the log file of a real deployment would hold it. */
    static final class Capture extends AbstractAppender {
        final List<String> lines = new ArrayList<>();

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public synchronized void append(LogEvent e) {
            lines.add(e.getLoggerName() + " " + e.getMessage().getFormattedMessage() + (e.getThrown() == null ? "" : " " + e.getThrown()));
        }

        synchronized String text() {
            return String.join("\n", lines);
        }
    }

    @Test
    void secretsFromAFileReachKafkaButNoOutputLogOrFlinkConfiguration() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            kafka.createTopics(1, "sec-dns", "sec-fw", "sec-alerts");
            kafka.produce("sec-dns", List.of("{\"TimeGenerated\":\"2026-11-08T10:00:00Z\",\"SubType\":\"LookupQuery\","
                    + "\"ClientIP\":\"10.0.0.5\",\"Name\":\"www.example.org\",\"IPAddresses\":\"203.0.114.10\"}"));
            kafka.produce("sec-fw", List.of("{\"TimeGenerated\":\"2026-11-08T10:00:10Z\",\"DeviceVendor\":\"Palo Alto Networks\","
                    + "\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.5\",\"DestinationIP\":\"203.0.114.10\",\"DestinationPort\":443,"
                    + "\"SentBytes\":5000,\"ReceivedBytes\":100}"));
            Path file = Files.writeString(dir.resolve("kafka.properties"), String.join("\n",
                    "security.protocol=PLAINTEXT",
                    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"soc\" password=\""
                            + JAAS_PASSWORD + "\";",
                    "ssl.key.password=${env:DNS_HUNTER_TEST_KEY_PASSWORD}",
                    "ssl.truststore.password=" + TRUSTSTORE_PASSWORD, ""));
            List<String> args = List.of("stream", "--bootstrap-servers", kafka.bootstrapServers(), "--dns-events-topic", "sec-dns",
                    "--firewall-events-topic", "sec-fw", "--alerts-topic", "sec-alerts", "--starting-offsets", "earliest",
                    "--stop-at-latest", "--checkpoint-interval", "300ms", "--idle-timeout", "2s", "--kafka-properties", file.toString(),
                    "--transactional-id-prefix", "sec-alerts", "--group-id", "sec-alerts");
            Map<String, String> environment = Map.of("DNS_HUNTER_TEST_KEY_PASSWORD", KEY_PASSWORD);

            // The secrets do reach the Kafka clients' settings...
            StreamCommand.Plan plan = StreamCommand.plan(args.subList(1, args.size()), environment::get);
            assertEquals(KEY_PASSWORD, plan.kafka().clientProperties.get("ssl.key.password"));
            assertTrue(plan.kafka().clientProperties.get("sasl.jaas.config").contains(JAAS_PASSWORD));

            // ...but not what Flink is given: its configuration, the job's configuration and parameters, the plan.
            StreamExecutionEnvironment env = StreamCommand.environment(plan);
            StreamCommand.build(env, plan, new KafkaSources(plan.kafka()), new KafkaSinks(plan.kafka()));
            String executionPlan = env.getExecutionPlan();
            StreamGraph graph = env.getStreamGraph(false);
            String flinkSide = String.join("\n", String.join(" ", args), env.getConfiguration().toString(),
                    env.getConfig().toString(), env.getConfig().getGlobalJobParameters().toMap().toString(),
                    graph.getJobConfiguration().toString(), graph.getExecutionConfig().toString(), executionPlan,
                    graph.getJobGraph().getJobConfiguration().toString());
            assertNoSecret("Flink configuration", flinkSide);

            // A whole run of `stream` through the real command path, with every log event captured.
            Capture capture = new Capture();
            capture.start();
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Configuration config = ctx.getConfiguration();
            LoggerConfig root = config.getRootLogger();
            Level level = root.getLevel();
            Map<String, Appender> before = Map.copyOf(root.getAppenders());
            before.keySet().forEach(root::removeAppender);
            root.addAppender(capture, Level.ALL, null);
            root.setLevel(Level.INFO);
            ctx.updateLoggers();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                code = StreamCommand.run(args.subList(1, args.size()), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), environment::get);
            } finally {
                root.removeAppender("capture");
                before.values().forEach(a -> root.addAppender(a, null, null));
                root.setLevel(level);
                ctx.updateLoggers();
                capture.stop();
            }
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            String log = capture.text();
            assertEquals(0, code, stderr);
            assertNoSecret("stdout", stdout);
            assertNoSecret("stderr", stderr);
            assertNoSecret("log", log);
            // The capture saw the clients' configuration dumps, with the secrets' keys set and their values hidden.
            assertTrue(stderr.contains("sasl.jaas.config=******") && stderr.contains("ssl.key.password=******"), stderr);
            assertTrue(log.contains("sasl.jaas.config = [hidden]") && log.contains("ssl.key.password = [hidden]"),
                    "the Kafka clients' configuration was logged and captured");
        }
    }

    static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) assertFalse(text.contains(secret), where + " shows a secret: " + excerpt(text, secret));
    }

    private static String excerpt(String text, String secret) {
        int i = text.indexOf(secret);
        return text.substring(Math.max(0, i - 200), Math.min(text.length(), i + secret.length() + 50));
    }
}
