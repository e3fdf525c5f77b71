package dev.dnshunter.cli;

import dev.dnshunter.bench.PairedTimings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command to its end and times the whole process: wall seconds from start to exit, CPU seconds (user + system)
 * from the kernel's accounting of reaped children ({@code cutime + cstime} of {@code /proc/self/stat}, Linux only;
 * NaN elsewhere). Its output goes to a log file, not through a pipe to this process.
 */
final class ChildProcess {
    private ChildProcess() {}

    static PairedTimings.Run time(List<String> command, Path log) throws IOException, InterruptedException {
        double cpuBefore = childrenCpuSeconds();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        int code = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = childrenCpuSeconds() - cpuBefore;
        if (code != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            throw new IOException("exit code " + code + " of " + String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " ...; its output (" + log + ") ends:\n" + tail);
        }
        return new PairedTimings.Run(wall, cpu);
    }

    /** CPU seconds of this process's reaped children so far. */
    static double childrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cutime = Long.parseLong(f[13]);
            long cstime = Long.parseLong(f[14]);
            return (cutime + cstime) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** USER_HZ: 100 on every Linux kernel configuration the JVM runs on. */
    private static final int CLOCK_TICKS = 100;
}
