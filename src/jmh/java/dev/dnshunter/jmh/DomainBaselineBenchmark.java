package dev.dnshunter.jmh;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.java.tuple.Tuple2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One operation is one qualifying lookup through {@code DomainBaselineFunction} (keyed by domain, heap state), with
 * watermarks advancing as in {@link Replay}. An invocation replays {@link #LOOKUPS} lookups spread over the eight
 * generated days into a fresh operator and ends with a final watermark, so counting, verdicts, waiting lookups,
 * baselines for the side output and eviction are all in the figure; building the harness is not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DomainBaselineBenchmark {
    static final int LOOKUPS = 16_384;

    private DetectionConfig config;
    private List<DnsLookup> lookups;
    private KeyedOneInputStreamOperatorTestHarness<Tuple2<Long, Long>, DnsLookup, RareLookup> harness;

    @Setup(Level.Trial)
    public void setUp() {
        BenchData d = BenchData.get();
        config = d.config;
        lookups = BenchData.spread(d.lookups, LOOKUPS);
    }

    // Per invocation is sound here: an invocation takes milliseconds, far above the timing overhead JMH warns of.
    @Setup(Level.Invocation)
    public void openOperator() throws Exception {
        harness = Replay.baselineHarness(config);
    }

    @TearDown(Level.Invocation)
    public void closeOperator() throws Exception {
        harness.close();
    }

    @Benchmark
    @OperationsPerInvocation(LOOKUPS)
    public long replay() throws Exception {
        return Replay.replayLookups(harness, config, lookups, null);
    }
}
