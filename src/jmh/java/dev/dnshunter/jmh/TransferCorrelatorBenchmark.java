package dev.dnshunter.jmh;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.RareLookup;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
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
 * One operation is one input record (a rare lookup or a public flow) through {@code TransferCorrelator}, keyed by
 * (client, address), heap state, watermarks as in {@link Replay}. The input is the baseline operator's real output for
 * the generated lookups merged by time with the generated flows, the last {@link #RECORDS} of it: most flows meet no
 * rare lookup and are only buffered and dropped, as in production, while the exfiltrations and rare tail sites make
 * real joins and alerts. An invocation starts from a fresh operator and ends with a final watermark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TransferCorrelatorBenchmark {
    static final int RECORDS = 8_192;

    private DetectionConfig config;
    private List<Replay.Timed> input;
    private KeyedTwoInputStreamOperatorTestHarness<Tuple2<Long, Long>, RareLookup, Flow, RareDnsAlert> harness;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchData d = BenchData.get();
        config = d.config;
        List<Replay.Timed> all = d.correlatorInput();
        if (all.size() < RECORDS) {
            throw new IllegalStateException("need " + RECORDS + " correlator records, the data set gives " + all.size());
        }
        // A suffix, not a spread sample: thinning would break the joins between lookups and their flows.
        input = all.subList(all.size() - RECORDS, all.size());
    }

    @Setup(Level.Invocation)
    public void openOperator() throws Exception {
        harness = Replay.correlatorHarness(config);
    }

    @TearDown(Level.Invocation)
    public void closeOperator() throws Exception {
        harness.close();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay() throws Exception {
        return Replay.replayCorrelation(harness, config, input);
    }
}
