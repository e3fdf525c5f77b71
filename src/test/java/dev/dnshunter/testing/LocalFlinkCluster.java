package dev.dnshunter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real Flink standalone session cluster (a JobManager and TaskManagers, separate JVM processes) started with the
 * project's deploy/local/flink scripts, as a user would; driven through those scripts and the REST API.
 */
public final class LocalFlinkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final Path work;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalFlinkCluster(Path home, Path work, int restPort) {
        this.home = home;
        this.work = work;
        this.restPort = restPort;
    }

    public static LocalFlinkCluster start(Path work, int taskManagers, int slots) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        int rest = freePort();
        LocalFlinkCluster c = new LocalFlinkCluster(home, work, rest);
        c.script("start-cluster", "--taskmanagers", Integer.toString(taskManagers), "--slots", Integer.toString(slots),
                "--rest-port", Integer.toString(rest), "--state-backend", "hashmap", "--work-dir", work.toString());
        return c;
    }

    /** Submits the job jar detached with these program arguments; returns the job id. */
    public String submit(String savepoint, String... jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--work-dir", work.toString(), "--detached"));
        if (savepoint != null) args.addAll(List.of("--savepoint", savepoint));
        args.add("--");
        args.addAll(List.of(jobArgs));
        String out = script("submit", args.toArray(new String[0]));
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    public String jobState(String jobId) throws Exception {
        return get("/jobs/" + jobId).get("state").asText();
    }

    public int completedCheckpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asInt();
    }

    public int restarts(String jobId) throws Exception {
        JsonNode history = get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
        return history.size();
    }

    /**
     * The index of a TaskManager that runs tasks of the job (one with a slot in use): the scheduler may pack a job's
     * slots on one TaskManager, and killing an idle one tests nothing.
     */
    public int busyTaskManager() throws Exception {
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            String id = tm.path("id").asText();
            if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt() && id.startsWith("tm-")) {
                return Integer.parseInt(id.substring(3));
            }
        }
        throw new IllegalStateException("no TaskManager has a slot in use: " + get("/taskmanagers"));
    }

    public void killTaskManager(int index) throws Exception {
        script("kill-taskmanager", "--work-dir", work.toString(), Integer.toString(index));
    }

    /** Stops the job with a savepoint (no drain) and returns the savepoint's path. */
    public String stopWithSavepoint(String jobId) throws Exception {
        String out = script("savepoint", "--work-dir", work.toString(), "--stop", jobId);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    public void cancel(String jobId) throws Exception {
        script("cancel", "--work-dir", work.toString(), jobId);
    }

    /** Polls until the condition holds (each poll is a real call), failing after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(200); // polling interval of an external process, not synchronisation
        }
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /**
     * Stops the cluster and keeps its logs in target/cluster-logs/NAME (NAME = the work directory's name), since the
     * work directory is a temporary one and a failed cluster test is diagnosed from the JobManager's log.
     */
    @Override
    public void close() throws Exception {
        try {
            script("stop-cluster", "--work-dir", work.toString());
        } finally {
            keepLogs();
        }
    }

    private void keepLogs() throws IOException {
        Path logs = work.resolve("log");
        if (!Files.isDirectory(logs)) return;
        Path kept = home.resolve("target/cluster-logs").resolve(work.getFileName().toString());
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String script(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("deploy/local/flink").resolve(name).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish in 300 s");
        }
        if (p.exitValue() != 0) throw new IOException("deploy/local/flink/" + name + " exited with " + p.exitValue() + ": " + out);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
