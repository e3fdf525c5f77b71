package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the real detection graph on the test MiniCluster with in-memory lines as sources and collecting sinks, the
 * way flink-training's tests swap a job's edges.
 */
public final class GraphRun {
    public final List<String> alerts = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();
    public final List<ExcludedAlert> excluded = new ArrayList<>();
    /** The finished job's accumulators (the alerts per rule and severity, written and below --min-severity). */
    public Map<String, Object> accumulators = Map.of();

    private GraphRun() {}

    private static <T> void drain(List<CloseableIterator<T>> iterators, java.util.function.Consumer<T> sink) {
        for (CloseableIterator<T> it : iterators) {
            try (it) {
                while (it.hasNext()) {
                    T next = it.next();
                    synchronized (GraphRun.class) {
                        sink.accept(next);
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }
    }

    public static GraphRun run(Map<Input, List<String>> lines, DetectionConfig config, boolean batch, int parallelism) throws Exception {
        return run(lines, config, batch, parallelism, List.of());
    }

    public static GraphRun run(Map<Input, List<String>> lines, DetectionConfig config, boolean batch, int parallelism,
            List<ExclusionEntry> exclusions) throws Exception {
        Map<Input, List<String>> inputs = new EnumMap<>(Input.class);
        inputs.putAll(lines);
        Sources sources = (e, parser, watermarks) -> {
            Input input = parser.input();
            List<String> l = inputs.get(input);
            if (l == null || l.isEmpty()) return null;
            return e.fromData(Types.STRING, l.toArray(new String[0])).uid("test-source-" + input.id)
                    .flatMap((String line, org.apache.flink.util.Collector<ParsedRecord> out) -> {
                        ParsedRecord r = parser.parse(line);
                        if (r != null) out.collect(r);
                    }, org.apache.flink.api.common.typeinfo.TypeInformation.of(ParsedRecord.class)).uid("test-parse-" + input.id)
                    .assignTimestampsAndWatermarks(watermarks).uid("test-watermarks-" + input.id);
        };
        return run(sources, config, batch, parallelism, exclusions);
    }

    /** The graph over the given sources (real file sources, for inputs whose lines depend on their file). */
    public static GraphRun run(Sources sources, DetectionConfig config, boolean batch, int parallelism,
            List<ExclusionEntry> exclusions) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(ExecutionOptions.RUNTIME_MODE, batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        List<CloseableIterator<AlertRecord>> alertIt = new ArrayList<>();
        List<CloseableIterator<DeadLetter>> deadIt = new ArrayList<>();
        List<CloseableIterator<ExcludedAlert>> excludedIt = new ArrayList<>();
        Sinks sinks = new Sinks() {
            @Override
            public void alerts(DataStream<AlertRecord> alerts) {
                alertIt.add(alerts.collectAsync());
            }

            @Override
            public void deadLetters(DataStream<DeadLetter> deadLetters) {
                deadIt.add(deadLetters.collectAsync());
            }

            @Override
            public void excluded(DataStream<ExcludedAlert> excluded) {
                excludedIt.add(excluded.collectAsync());
            }
        };
        DetectionGraph.build(env, sources, sinks, config, batch, exclusions);
        GraphRun run = new GraphRun();
        JobClient client = env.executeAsync("test");
        // Drain both outputs at once: a full collect buffer on one would back-pressure the shared upstream operators.
        // A thread each: the common pool has a single thread on a 2-core machine.
        java.util.concurrent.ExecutorService drains = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(alertIt, r -> run.alerts.add(r.json)), drains);
            CompletableFuture<Void> d = CompletableFuture.runAsync(() -> drain(deadIt, run.deadLetters::add), drains);
            CompletableFuture<Void> x = CompletableFuture.runAsync(() -> drain(excludedIt, run.excluded::add), drains);
            a.get();
            d.get();
            x.get();
        } finally {
            drains.shutdownNow();
        }
        run.accumulators = client.getJobExecutionResult().get().getAllAccumulatorResults();
        run.alerts.sort(null);
        return run;
    }
}
