package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JVM options: the JIT (C1 alone for a backfill whose input files are small, the JVM's default
 * otherwise) and the class-data archive (one per command). Runs the real {@code bin/dns-hunter} from a copy of the
 * project's layout whose {@code java} only records the arguments it was given, and writes the archive it is asked to.
 */
class LauncherOptionsTest {
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path dir;

    private Path launcher;
    private Path javaArgs;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("target/lib"));
        Files.createDirectories(dir.resolve("jdk/bin"));
        launcher = dir.resolve("bin/dns-hunter");
        Files.copy(Path.of("bin/dns-hunter"), launcher, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("target/dns-hunter.jar"), "");
        Files.createDirectories(dir.resolve("target/rpc"));
        Files.writeString(dir.resolve("target/rpc/flink-rpc-akka.jar"), "");
        javaArgs = dir.resolve("java-args.txt");
        Path java = dir.resolve("jdk/bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + javaArgs + "'\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) echo classes > \"${a#*=}\";; esac; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aFewLinesRunWithC1Alone() throws Exception {
        Path events = lines("dns.jsonl", 8);
        assertTrue(javaArgs(Map.of(), "backfill", "--dns-events", events.toString(), "--alerts-out", "out").contains(C1_ONLY));
        assertTrue(javaArgs(Map.of(), "backfill", "--kql-compatible", "--dns-events=" + events, "--alerts-out", "out").contains(C1_ONLY),
                "the --flag=value form");
        assertTrue(javaArgs(Map.of(), "backfill", "--dns-events", dir.toString() + "/in", "--alerts-out", "out").contains(C1_ONLY),
                "a directory of small files");
    }

    @Test
    void inputsOverTheLimitKeepC2() throws Exception {
        Path twoMiB = bytes("big.jsonl", 2 * 1024 * 1024);
        Path small = lines("dns.jsonl", 8);
        assertFalse(javaArgs(Map.of("DNS_HUNTER_SMALL_INPUT_MB", "1"), "backfill", "--dns-events", twoMiB.toString(), "--alerts-out", "out")
                .contains(C1_ONLY));
        assertFalse(javaArgs(Map.of("DNS_HUNTER_SMALL_INPUT_MB", "1"), "backfill", "--dns-events", small.toString(),
                "--firewall-events", twoMiB.toString(), "--alerts-out", "out").contains(C1_ONLY), "the inputs are summed");
        assertTrue(javaArgs(Map.of("DNS_HUNTER_SMALL_INPUT_MB", "3"), "backfill", "--dns-events", twoMiB.toString(), "--alerts-out", "out")
                .contains(C1_ONLY));
        Path gz = bytes("old.jsonl.gz", 200 * 1024);
        assertFalse(javaArgs(Map.of("DNS_HUNTER_SMALL_INPUT_MB", "1"), "backfill", "--dns-events", gz.toString(), "--alerts-out", "out")
                .contains(C1_ONLY), "a .gz file counts ten times its size");
    }

    @Test
    void theUserDecides() throws Exception {
        Path small = lines("dns.jsonl", 8);
        assertFalse(javaArgs(Map.of("DNS_HUNTER_SMALL_INPUT_MB", "0"), "backfill", "--dns-events", small.toString(), "--alerts-out", "out")
                .contains(C1_ONLY), "0 turns the rule off");
        List<String> own = javaArgs(Map.of("DNS_HUNTER_JAVA_OPTS", "-Xmx1g -XX:-TieredCompilation"), "backfill", "--dns-events",
                small.toString(), "--alerts-out", "out");
        assertFalse(own.contains(C1_ONLY), "a JIT option of DNS_HUNTER_JAVA_OPTS wins");
        assertTrue(own.contains("-XX:-TieredCompilation"));
        assertEquals("-Xmx1g", own.get(0));
    }

    @Test
    void otherCommandsAndUnknownSizesKeepTheDefault() throws Exception {
        Path small = lines("dns.jsonl", 8);
        assertFalse(javaArgs(Map.of(), "stream", "--dns-events", small.toString()).contains(C1_ONLY));
        assertFalse(javaArgs(Map.of(), "backfill", "--dns-events", dir.resolve("missing").toString(), "--alerts-out", "out")
                .contains(C1_ONLY));
        assertFalse(javaArgs(Map.of(), "backfill", "--help").contains(C1_ONLY));
        assertFalse(javaArgs(Map.of(), "backfill", "--alerts-out", "--dns-events").contains(C1_ONLY));
    }

    /** Flink's RPC system is on the class path, for {@link ClassPathRpcSystemLoader}; after the Flink runtime. */
    @Test
    void theRpcSystemIsOnTheClassPath() throws Exception {
        List<String> args = javaArgs(Map.of(), "backfill", "--help");
        String classPath = args.get(args.indexOf("-cp") + 1);
        assertTrue(classPath.endsWith(":" + dir.resolve("target/lib") + "/*:" + dir.resolve("target/rpc/flink-rpc-akka.jar")), classPath);
    }

    /** Each command writes and maps an archive of its own: a backfill never maps the classes a bench-streaming run loaded. */
    @Test
    void eachCommandHasItsOwnClassArchive() throws Exception {
        Path backfill = dir.resolve("target/dns-hunter-backfill.jsa");
        Path streaming = dir.resolve("target/dns-hunter-bench-streaming.jsa");
        // The jar was built a while ago, so an archive written now is newer on any file system's clock.
        Files.setLastModifiedTime(dir.resolve("target/dns-hunter.jar"), FileTime.fromMillis(System.currentTimeMillis() - 600_000));
        assertTrue(option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "bench-streaming", "--help"), "-XX:ArchiveClassesAtExit=")
                .startsWith(streaming + "."), "the first run writes its command's archive under a temporary name");
        assertTrue(Files.isRegularFile(streaming), "and renames it when the JVM has written it");
        assertTrue(option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "backfill", "--help"), "-XX:ArchiveClassesAtExit=")
                .startsWith(backfill + "."), "another command does not map that archive");
        assertEquals(backfill.toString(), option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "backfill", "--help"), "-XX:SharedArchiveFile="));
        assertEquals(streaming.toString(),
                option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "bench-streaming", "--help"), "-XX:SharedArchiveFile="));
        assertTrue(option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "../../etc/x"), "-XX:ArchiveClassesAtExit=")
                .startsWith(dir.resolve("target/dns-hunter-other.jsa") + "."), "a first argument that is no command word names no file");
        Files.setLastModifiedTime(backfill, FileTime.fromMillis(0));
        assertTrue(option(javaArgs(Map.of("DNS_HUNTER_CDS", "on"), "backfill", "--help"), "-XX:ArchiveClassesAtExit=")
                .startsWith(backfill + "."), "an archive older than the jar is written again");
        List<String> off = javaArgs(Map.of(), "backfill", "--help");
        assertFalse(off.stream().anyMatch(a -> a.contains("Archive")), "DNS_HUNTER_CDS=off: " + off);
    }

    private static String option(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + args));
    }

    private Path lines(String name, int n) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append("{\"Name\":\"www.example.com\",\"ClientIP\":\"10.0.0.").append(i).append("\"}\n");
        return Files.writeString(in.resolve(name), s.toString());
    }

    private Path bytes(String name, int n) throws IOException {
        return Files.write(Files.createDirectories(dir.resolve("other")).resolve(name), new byte[n]);
    }

    private List<String> javaArgs(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DNS_HUNTER_"));
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().put("DNS_HUNTER_CDS", "off");
        pb.environment().putAll(env);
        Files.deleteIfExists(javaArgs);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, p.exitValue(), output);
        return Files.readAllLines(javaArgs);
    }
}
