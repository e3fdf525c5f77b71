package dev.dnshunter.bench;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Read, decode and drop: every line of the inputs through the same parsers the job uses, on plain threads with no
 * Flink at all. Its time is the floor under any implementation of the detection on this machine.
 */
public final class ParseOnlyPass {
    private ParseOnlyPass() {}

    public record Result(long records, long bytes, long kept, double seconds) {}

    public static Result run(Map<Input, Path> inputs, DetectionConfig config, int threads) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (Map.Entry<Input, Path> e : inputs.entrySet()) {
            for (Path file : files(e.getValue())) tasks.add(new Task(new RecordParser(e.getKey(), config), file));
        }
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong kept = new AtomicLong();
        List<Runnable> work = new ArrayList<>();
        for (Task t : tasks) {
            work.add(() -> {
                long n = 0;
                long b = 0;
                long k = 0;
                try (BufferedReader r = reader(t.file())) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        n++;
                        b += line.length() + 1;
                        ParsedRecord parsed = t.parser().parse(line);
                        if (parsed != null && parsed.deadLetter == null && !parsed.carriesOnlyTime()) k++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                records.addAndGet(n);
                bytes.addAndGet(b);
                kept.addAndGet(k);
            });
        }
        double seconds = timed(work, threads);
        return new Result(records.get(), bytes.get(), kept.get(), seconds);
    }

    /** Runs the tasks on {@code threads} plain threads; the wall seconds from the first start to the last end. */
    static double timed(List<Runnable> tasks, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable t : tasks) done.add(pool.submit(t));
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private record Task(RecordParser parser, Path file) {}

    static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
