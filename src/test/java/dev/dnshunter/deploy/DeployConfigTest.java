package dev.dnshunter.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dnshunter.cli.Main;
import dev.dnshunter.io.KafkaSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files are checked against Flink 2.2 itself, not against a list that could go stale: every key of
 * flink-conf/config.yaml, flink-conf/local/config.yaml and the FlinkDeployment's flinkConfiguration must be a
 * ConfigOption (or one of its fallback keys) of the Flink jars on the test classpath, found by reflection over their
 * *Options classes, and every value must convert to the option's type. A misspelt key is otherwise silently ignored
 * by Flink.
 *
 * <p>The FlinkDeployment is checked against the operator's CRD schema: the CRD YAML of
 * org.apache.flink:flink-kubernetes-operator-api:1.10.0, the newest release on Maven Central as seen from here (1.11+
 * are not there), taken byte for byte from the jar's META-INF/fabric8/ and kept gzipped in deploy/kubernetes/schema/.
 * Its only gap for this project: its flinkVersion enum ends at v1_20, so the Flink 2.x values newer operators accept
 * are allowed for that one field. Fields the API server would prune (not in the schema) fail the test.
 */
class DeployConfigTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path PROD_CONF = ROOT.resolve("flink-conf/config.yaml");
    static final Path LOCAL_CONF = ROOT.resolve("flink-conf/local/config.yaml");
    static final Path K8S = ROOT.resolve("deploy/kubernetes");
    static final Path DEPLOYMENT = K8S.resolve("flinkdeployment.yaml");
    static final Path CRD = K8S.resolve("schema/flinkdeployments.flink.apache.org-v1.yml.gz");

    /** Lines start-cluster --prometheus enables by removing this prefix; they are checked like the others. */
    static final String PROMETHEUS_PREFIX = "#prometheus# ";

    /**
     * Keys a metric reporter reads itself, outside any ConfigOption, by factory class. PrometheusReporterFactory reads
     * "port" as a plain string (javap on flink-metrics-prometheus 2.2.0: ARG_PORT = "port", default "9249"); that jar
     * is not on the test classpath (a distribution ships it as a plugin).
     */
    static final Map<String, Set<String>> REPORTER_KEYS = Map.of(
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory", Set.of("port"));

    /** flinkVersion values newer operators accept for Flink 2.x, missing from the 1.10.0 CRD. */
    static final Set<String> NEWER_FLINK_VERSIONS = Set.of("v2_0", "v2_1", "v2_2");

    /** Production keys the FlinkDeployment expresses elsewhere (resources, a fixed per-pod port) or leaves out. */
    static final Set<String> K8S_EXPRESSED_ELSEWHERE = Set.of(
            "taskmanager.memory.process.size", "jobmanager.memory.process.size", "taskmanager.cpu.cores",
            "metrics.reporter.prom.port");
    /** Keys only the Kubernetes deployment has: Kubernetes HA. */
    static final Set<String> K8S_ONLY = Set.of("high-availability.type", "high-availability.storageDir");

    /** Every ConfigOption key of the Flink jars on the classpath, and each fallback key, to its option. */
    static final Map<String, ConfigOption<?>> OPTIONS = new HashMap<>();
    /** Deprecated keys to the key that replaces them. */
    static final Map<String, String> DEPRECATED = new HashMap<>();
    /** Keys under metrics.reporter.NAME. that every reporter understands (MetricOptions' suffix options). */
    static final Set<String> REPORTER_SUFFIXES = new TreeSet<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void collectFlinkOptions() throws Exception {
        ClassLoader cl = DeployConfigTest.class.getClassLoader();
        Set<String> jars = new LinkedHashSet<>();
        // Surefire may put the classpath in a manifest-only jar, so java.class.path says nothing: ask the loader.
        for (Enumeration<URL> e = cl.getResources("org/apache/flink/"); e.hasMoreElements(); ) {
            URL url = e.nextElement();
            if (url.getProtocol().equals("jar")) {
                jars.add(((JarURLConnection) url.openConnection()).getJarFileURL().getFile());
            }
        }
        for (String jar : jars) {
            try (JarFile jf = new JarFile(jar)) {
                for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.startsWith("org/apache/flink/") && !name.startsWith("org/apache/flink/shaded/")
                            && name.endsWith("Options.class")) {
                        collect(cl, name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        for (ConfigOption<?> o : optionsOf(MetricOptions.class)) {
            if (!o.key().startsWith("metrics.") && !o.key().contains("<")) REPORTER_SUFFIXES.add(o.key());
        }
        // The scan itself must have worked, or every key would look unknown (or, worse, a broken filter pass).
        for (String sentinel : List.of("execution.checkpointing.interval", "state.backend.rocksdb.localdir",
                "restart-strategy.exponential-delay.max-backoff", "taskmanager.memory.process.size", "rest.bind-address")) {
            assertTrue(OPTIONS.containsKey(sentinel), "option scan missed " + sentinel + " (jars: " + jars.size() + ")");
        }
        assertTrue(REPORTER_SUFFIXES.contains("factory.class"), REPORTER_SUFFIXES.toString());
    }

    private static void collect(ClassLoader cl, String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, cl);
        } catch (Throwable missingDependency) {
            return; // an optional module's options class whose dependencies are not here (Table, Hadoop): not ours
        }
        for (ConfigOption<?> o : optionsOf(c)) {
            OPTIONS.putIfAbsent(o.key(), o);
            for (FallbackKey fk : o.fallbackKeys()) {
                OPTIONS.putIfAbsent(fk.getKey(), o);
                if (fk.isDeprecated()) DEPRECATED.putIfAbsent(fk.getKey(), o.key());
            }
        }
    }

    private static List<ConfigOption<?>> optionsOf(Class<?> c) {
        List<ConfigOption<?>> out = new ArrayList<>();
        Field[] fields;
        try {
            fields = c.getDeclaredFields();
        } catch (Throwable missingDependency) {
            return out;
        }
        for (Field f : fields) {
            if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) continue;
            try {
                f.setAccessible(true);
                out.add((ConfigOption<?>) f.get(null));
            } catch (Throwable notLoadable) {
                return out; // its static initialiser needs a class that is not here
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(K8S), Files.walk(ROOT.resolve("flink-conf")))) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(files.size() >= 4, files.toString());
        for (Path f : files) {
            String text = Files.readString(f);
            if (f.equals(LOCAL_CONF)) text = text.replace(PROMETHEUS_PREFIX, "");
            List<Object> docs = new ArrayList<>();
            try {
                yaml().loadAll(text).forEach(docs::add);
            } catch (RuntimeException e) {
                fail(ROOT.relativize(f) + " is not valid YAML: " + e.getMessage());
            }
            assertFalse(docs.isEmpty() || docs.contains(null), ROOT.relativize(f) + " has an empty document");
        }
        // Flink's own loader must read them too (it insists on standard YAML for config.yaml).
        assertFalse(GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString()).toMap().isEmpty());
        assertFalse(loadLocal().toMap().isEmpty());
    }

    @Test
    void everyKeyOfTheProductionConfigExistsInFlink() throws IOException {
        assertKnownKeys("flink-conf/config.yaml", flatKeys(PROD_CONF));
    }

    @Test
    void everyKeyOfTheLocalConfigExistsInFlink() throws IOException {
        assertKnownKeys("flink-conf/local/config.yaml", flatKeys(LOCAL_CONF));
    }

    @Test
    void everyKeyOfTheFlinkDeploymentExistsInFlink() throws IOException {
        assertKnownKeys("flinkdeployment.yaml flinkConfiguration", flinkConfiguration().keySet());
    }

    @Test
    void noDeprecatedKeys() throws IOException {
        Map<String, Set<String>> files = Map.of(
                "flink-conf/config.yaml", flatKeys(PROD_CONF),
                "flink-conf/local/config.yaml", flatKeys(LOCAL_CONF),
                "flinkdeployment.yaml", flinkConfiguration().keySet());
        List<String> problems = new ArrayList<>();
        files.forEach((file, keys) -> keys.stream().filter(DEPRECATED::containsKey).sorted()
                .forEach(k -> problems.add(file + ": " + k + " is deprecated in Flink 2.2, use " + DEPRECATED.get(k))));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyValueConvertsToItsOptionsType() throws IOException {
        Map<String, Configuration> confs = new LinkedHashMap<>();
        confs.put("flink-conf/config.yaml", GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString()));
        confs.put("flink-conf/local/config.yaml", loadLocal());
        confs.put("flinkdeployment.yaml", Configuration.fromMap(flinkConfiguration()));
        List<String> problems = new ArrayList<>();
        confs.forEach((file, conf) -> {
            for (String key : conf.keySet()) {
                ConfigOption<?> option = OPTIONS.get(key);
                if (option == null) continue; // reporter keys; unknown keys fail the tests above
                try {
                    conf.get(option);
                } catch (RuntimeException e) {
                    problems.add(file + ": " + key + ": " + e.getMessage());
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The memory model must resolve, to the sizes the comments and the scripts rely on. */
    @Test
    void memoryResolves() throws IOException {
        Configuration prod = GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString());
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(prod);
        assertEquals(MemorySize.parse("4g"), tm.getTotalProcessMemorySize());
        assertEquals(MemorySize.parse("256m"), tm.getNetworkMemSize());
        assertTrue(tm.getManagedMemorySize().compareTo(MemorySize.parse("1g")) > 0, "RocksDB gets over 1 GiB: " + tm);
        assertTrue(tm.getTaskHeapSize().compareTo(MemorySize.parse("1g")) > 0, "task heap: " + tm);
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(prod);
        assertEquals(MemorySize.parse("1600m"), jm.getTotalProcessMemorySize());

        Configuration local = loadLocal();
        TaskExecutorProcessSpec localTm = TaskExecutorProcessUtils.processSpecFromConfig(local);
        // The sum its comment states; start-cluster gives the JVM -Xmx etc. computed from the same settings.
        assertEquals(MemorySize.parse("1056m"), localTm.getTotalProcessMemorySize());
        assertEquals(MemorySize.parse("448m"), localTm.getJvmHeapMemorySize());
        assertEquals(MemorySize.parse("160m"), localTm.getJvmDirectMemorySize());
        assertEquals(MemorySize.parse("768m"), JobManagerProcessUtils.processSpecFromConfig(local).getTotalProcessMemorySize());
    }

    /**
     * Everything between a Kafka transaction's opening and its commit must fit in the sink's transaction timeout, or
     * the broker aborts it and its alerts are lost. The comment in flink-conf/config.yaml spells the sum out.
     */
    @Test
    void checkpointingFitsTheKafkaTransactionTimeout() {
        Configuration prod = GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString());
        Duration interval = prod.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        Duration timeout = prod.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        Duration minPause = prod.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS);
        int tolerated = prod.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER);
        Duration detection = prod.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT);
        Duration backoff = prod.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
        Duration worst = interval.plus(timeout.multipliedBy(tolerated + 1L)).plus(minPause.multipliedBy(tolerated))
                .plus(detection).plus(backoff);
        Duration transactionTimeout = Duration.ofMillis(new KafkaSettings().transactionTimeoutMillis);
        assertEquals(Duration.ofMinutes(10), transactionTimeout, "the budget in config.yaml's comment assumes 10 min");
        assertTrue(worst.compareTo(transactionTimeout.multipliedBy(3).dividedBy(4)) <= 0,
                "worst case " + worst + " leaves under a quarter of the " + transactionTimeout + " transaction timeout");
        assertEquals(Duration.ofSeconds(7 * 60 + 10), worst, "the sum stated in flink-conf/config.yaml");
        assertEquals("EXACTLY_ONCE", prod.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE).name());
        assertEquals("exponential-delay", prod.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals("RETAIN_ON_CANCELLATION", prod.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).name());
    }

    /** The FlinkDeployment carries the production configuration, value for value. */
    @Test
    void flinkDeploymentMatchesTheProductionConfig() throws IOException {
        Configuration prod = GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString());
        Configuration k8s = Configuration.fromMap(flinkConfiguration());
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(prod.keySet())) {
            if (K8S_EXPRESSED_ELSEWHERE.contains(key)) continue;
            if (!k8s.containsKey(key)) {
                problems.add("missing " + key);
                continue;
            }
            ConfigOption<?> option = OPTIONS.get(key);
            Object p = option == null ? prod.toMap().get(key) : prod.get(option);
            Object k = option == null ? k8s.toMap().get(key) : k8s.get(option);
            if (!p.equals(k)) problems.add(key + ": " + p + " in config.yaml, " + k + " in the FlinkDeployment");
        }
        for (String key : k8s.keySet()) {
            if (!prod.containsKey(key) && !K8S_ONLY.contains(key)) problems.add(key + " is only in the FlinkDeployment");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        Map<String, Object> spec = map(deployment().get("spec"));
        Map<String, Object> tm = map(map(spec.get("taskManager")).get("resource"));
        Map<String, Object> jm = map(map(spec.get("jobManager")).get("resource"));
        assertEquals(prod.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY), MemorySize.parse((String) tm.get("memory")));
        assertEquals(prod.get(JobManagerOptions.TOTAL_PROCESS_MEMORY), MemorySize.parse((String) jm.get("memory")));
        assertEquals(prod.get(TaskManagerOptions.CPU_CORES), ((Number) tm.get("cpu")).doubleValue());

        Map<String, Object> job = map(spec.get("job"));
        List<String> args = strings(job.get("args"));
        // The job's own settings win over the cluster's, so they must say the same.
        assertEquals(prod.get(CheckpointingOptions.CHECKPOINTING_INTERVAL), TimeUtils.parseDuration(flag(args, "--checkpoint-interval")));
        assertEquals(prod.get(CoreOptions.DEFAULT_PARALLELISM), job.get("parallelism"));
        assertEquals(job.get("parallelism"), Integer.parseInt(flag(args, "--parallelism")));

        String port = k8s.toMap().get("metrics.reporter.prom.port");
        Map<String, Object> podTemplate = map(spec.get("podTemplate"));
        assertEquals(port, map(map(podTemplate.get("metadata")).get("annotations")).get("prometheus.io/port"));
        assertEquals(Integer.parseInt(port), map(list(map(mainContainer(podTemplate)).get("ports")).get(0)).get("containerPort"));
    }

    @Test
    void flinkDeploymentFitsTheOperatorsCrd() throws IOException {
        Map<String, Object> crd;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(CRD))) {
            crd = map(yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        Map<String, Object> crdSpec = map(crd.get("spec"));
        Map<String, Object> doc = deployment();
        String[] apiVersion = ((String) doc.get("apiVersion")).split("/");
        assertEquals(crdSpec.get("group"), apiVersion[0]);
        assertEquals(map(crdSpec.get("names")).get("kind"), doc.get("kind"));
        Map<String, Object> version = list(crdSpec.get("versions")).stream().map(DeployConfigTest::map)
                .filter(v -> v.get("name").equals(apiVersion[1])).findFirst()
                .orElseThrow(() -> new AssertionError("the CRD has no version " + apiVersion[1]));
        assertEquals(Boolean.TRUE, version.get("served"));
        Map<String, Object> schema = map(map(version.get("schema")).get("openAPIV3Schema"));
        assertNotNull(map(doc.get("metadata")).get("name"), "metadata.name");

        List<String> problems = new ArrayList<>();
        // apiVersion, kind and metadata are the API server's own (the generated schema leaves them out); status is
        // the operator's to write.
        for (String key : doc.keySet()) {
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(key)) problems.add("." + key + ": not expected here");
        }
        validate(doc.get("spec"), map(map(schema.get("properties")).get("spec")), ".spec", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The job, the image and the secret name the same things. */
    @Test
    void jobImageAndSecretAgree() throws IOException {
        Map<String, Object> spec = map(deployment().get("spec"));
        Map<String, Object> job = map(spec.get("job"));
        assertEquals(Main.class.getName(), job.get("entryClass"));
        String jarUri = (String) job.get("jarURI");
        assertTrue(jarUri.startsWith("local://"), jarUri);

        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        Matcher from = Pattern.compile("(?m)^FROM\\s+flink:(\\S+)").matcher(dockerfile);
        assertTrue(from.find(), "Dockerfile FROM flink:<tag>");
        assertTrue(from.group(1).startsWith("2.2") && from.group(1).contains("java17"), from.group(1));
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*target/dns-hunter\\.jar\\s+(\\S+)").matcher(dockerfile);
        assertTrue(copy.find(), "Dockerfile copies target/dns-hunter.jar");
        assertEquals(jarUri.substring("local://".length()), copy.group(1));

        List<String> args = strings(job.get("args"));
        assertEquals("stream", args.get(0));
        String help = streamHelp();
        for (String a : args) {
            if (a.startsWith("--")) assertTrue(help.contains(a + " "), a + " is not a flag of dns-hunter stream");
        }
        // The production recommendation for the alert feed, stated with its reason beside the flag and in config.yaml.
        assertEquals("medium", flag(args, "--min-severity"));
        assertTrue(Files.readString(PROD_CONF).contains("--min-severity medium"), "flink-conf/config.yaml recommends --min-severity medium");

        // --kafka-properties names a key of the secret, mounted where the pods find it.
        Path properties = Path.of(flag(args, "--kafka-properties"));
        Map<String, Object> podTemplate = map(spec.get("podTemplate"));
        Map<String, Object> mount = list(map(mainContainer(podTemplate)).get("volumeMounts")).stream().map(DeployConfigTest::map)
                .filter(m -> properties.startsWith(Path.of((String) m.get("mountPath")))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + properties.getParent()));
        Map<String, Object> volume = list(map(podTemplate.get("spec")).get("volumes")).stream().map(DeployConfigTest::map)
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        String secretName = (String) map(volume.get("secret")).get("secretName");
        Map<String, Object> secret = map(yaml().load(Files.readString(K8S.resolve("kafka-secret.yaml"))));
        assertEquals("Secret", secret.get("kind"));
        assertEquals(secretName, map(secret.get("metadata")).get("name"));
        Map<String, Object> data = map(secret.get("stringData"));
        Path mountPath = Path.of((String) mount.get("mountPath"));
        String propertiesKey = mountPath.relativize(properties).toString();
        assertTrue(data.containsKey(propertiesKey), "the secret has no key " + propertiesKey);
        Properties kafka = new Properties();
        kafka.load(new StringReader((String) data.get(propertiesKey)));
        String truststore = kafka.getProperty("ssl.truststore.location");
        if (truststore != null) {
            assertTrue(data.containsKey(mountPath.relativize(Path.of(truststore)).toString()), "the secret has no " + truststore);
        }
    }

    @Test
    void localConfigStaysOnLoopbackAndHasTheKeysTheScriptsSet() throws IOException {
        Configuration local = loadLocal();
        Map<String, String> map = local.toMap();
        for (String key : List.of("jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.host", "taskmanager.bind-host",
                "rest.address", "rest.bind-address")) {
            assertEquals("127.0.0.1", map.get(key), key);
        }
        // start-cluster replaces these values and refuses to start when one is missing.
        Set<String> keys = flatKeys(LOCAL_CONF);
        for (String key : List.of("rest.port", "jobmanager.rpc.port", "taskmanager.numberOfTaskSlots", "state.backend.type")) {
            assertTrue(keys.contains(key), key);
        }
        // Several TaskManagers on one host: nothing of theirs may ask for a fixed port.
        for (String key : List.of("taskmanager.rpc.port", "taskmanager.data.port", "blob.server.port", "metrics.internal.query-service.port")) {
            assertEquals("0", map.get(key), key);
        }
        assertTrue(map.get("execution.checkpointing.dir").startsWith("file://"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void assertKnownKeys(String file, Set<String> keys) {
        Set<String> reporters = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            if (key.startsWith("metrics.reporter.")) {
                String rest = key.substring("metrics.reporter.".length());
                int dot = rest.indexOf('.');
                if (dot <= 0) {
                    problems.add(key + ": expected metrics.reporter.<name>.<setting>");
                    continue;
                }
                reporters.add(rest.substring(0, dot));
                continue;
            }
            if (!OPTIONS.containsKey(key)) problems.add(key + " is not a Flink 2.2 option");
        }
        assertTrue(problems.isEmpty(), file + ":\n" + String.join("\n", problems));
        assertTrue(reporters.isEmpty() || keys.contains("metrics.reporters"), file + ": reporters configured but metrics.reporters unset");
    }

    /** Reporter keys checked with their values: the factory named decides which reporter-specific keys exist. */
    @Test
    void reporterKeysBelongToTheirReporter() throws IOException {
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        files.put("flink-conf/config.yaml", GlobalConfiguration.loadConfiguration(PROD_CONF.getParent().toString()).toMap());
        files.put("flink-conf/local/config.yaml", loadLocal().toMap());
        files.put("flinkdeployment.yaml", flinkConfiguration());
        List<String> problems = new ArrayList<>();
        files.forEach((file, conf) -> {
            Set<String> enabled = conf.containsKey("metrics.reporters")
                    ? Set.of(conf.get("metrics.reporters").split("\\s*[,;]\\s*")) : Set.of();
            Map<String, Map<String, String>> byReporter = new TreeMap<>();
            conf.forEach((key, value) -> {
                if (!key.startsWith("metrics.reporter.")) return;
                String rest = key.substring("metrics.reporter.".length());
                int dot = rest.indexOf('.');
                byReporter.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), value);
            });
            byReporter.forEach((name, settings) -> {
                if (!enabled.contains(name)) problems.add(file + ": reporter " + name + " is configured but not in metrics.reporters");
                String factory = settings.get("factory.class");
                Set<String> own = REPORTER_KEYS.get(factory);
                if (own == null) {
                    problems.add(file + ": reporter " + name + ": unknown factory.class " + factory);
                    return;
                }
                settings.keySet().stream().filter(s -> !REPORTER_SUFFIXES.contains(s) && !own.contains(s))
                        .forEach(s -> problems.add(file + ": metrics.reporter." + name + "." + s + " is not a setting of " + factory));
            });
            enabled.stream().filter(n -> !byReporter.containsKey(n))
                    .forEach(n -> problems.add(file + ": metrics.reporters names " + n + ", which has no factory.class"));
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Checks a document against an OpenAPI v3 schema of a CRD, the way the API server's pruning would see it. */
    @SuppressWarnings("unchecked")
    private static void validate(Object value, Map<String, Object> schema, String path, List<String> problems) {
        if (schema.containsKey("anyOf")) {
            List<String> types = list(schema.get("anyOf")).stream().map(s -> (String) map(s).get("type")).toList();
            if (types.stream().noneMatch(t -> hasType(value, t))) problems.add(path + ": " + value + " is none of " + types);
            return;
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(value, type)) {
            problems.add(path + ": expected " + type + ", got " + value.getClass().getSimpleName() + " " + value);
            return;
        }
        if (schema.containsKey("enum")) {
            List<Object> allowed = new ArrayList<>(list(schema.get("enum")));
            if (path.equals(".spec.flinkVersion")) allowed.addAll(NEWER_FLINK_VERSIONS);
            if (!allowed.contains(value)) problems.add(path + ": " + value + " is not one of " + allowed);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
            Object additional = schema.get("additionalProperties");
            boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String child = path + "." + e.getKey();
                if (properties != null && properties.containsKey(e.getKey())) {
                    validate(e.getValue(), map(properties.get(e.getKey())), child, problems);
                } else if (additional instanceof Map<?, ?> a) {
                    validate(e.getValue(), (Map<String, Object>) a, child, problems);
                } else if (properties != null && !preserve) {
                    problems.add(child + ": not in the CRD schema (the API server would drop it)");
                }
            }
        } else if (value instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < l.size(); i++) validate(l.get(i), (Map<String, Object>) items, path + "[" + i + "]", problems);
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> false;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    /** Keys as Flink reads them: nested maps flattened with dots (the files use flat keys, but either is valid). */
    private static Set<String> flatKeys(Path file) throws IOException {
        String text = Files.readString(file);
        if (file.equals(LOCAL_CONF)) text = text.replace(PROMETHEUS_PREFIX, "");
        Set<String> keys = new TreeSet<>();
        flatten("", map(yaml().load(text)), keys);
        return keys;
    }

    private static void flatten(String prefix, Map<String, Object> m, Set<String> keys) {
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?>) flatten(prefix + k + ".", map(v), keys);
            else keys.add(prefix + k);
        });
    }

    /** The local template as start-cluster writes it, with the optional Prometheus lines enabled. */
    private Configuration loadLocal() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("local-conf"));
        String text = Files.readString(LOCAL_CONF).replace("__WORK_DIR__", tmp.toString()).replace(PROMETHEUS_PREFIX, "");
        Files.writeString(dir.resolve("config.yaml"), text);
        return GlobalConfiguration.loadConfiguration(dir.toString());
    }

    private static Map<String, Object> deployment() throws IOException {
        return map(yaml().load(Files.readString(DEPLOYMENT)));
    }

    private static Map<String, String> flinkConfiguration() throws IOException {
        Map<String, Object> conf = map(map(deployment().get("spec")).get("flinkConfiguration"));
        Map<String, String> out = new TreeMap<>();
        conf.forEach((k, v) -> {
            // Older operators' CRDs type this as a map of strings; unquoted numbers or booleans would be rejected.
            assertTrue(v instanceof String, "flinkConfiguration." + k + " must be a quoted string, got " + v);
            out.put(k, (String) v);
        });
        return out;
    }

    private static Object mainContainer(Map<String, Object> podTemplate) {
        return list(map(podTemplate.get("spec")).get("containers")).stream()
                .filter(c -> "flink-main-container".equals(map(c).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("podTemplate has no flink-main-container"));
    }

    private static String flag(List<String> args, String name) {
        int i = args.indexOf(name);
        assertTrue(i >= 0 && i + 1 < args.size(), "args lack " + name);
        return args.get(i + 1);
    }

    private static String streamHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("stream", "--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertTrue(o instanceof List, "expected a list, got " + o);
        return (List<Object>) o;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).collect(Collectors.toList());
    }
}
