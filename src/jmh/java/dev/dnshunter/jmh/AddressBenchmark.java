package dev.dnshunter.jmh;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation is one IPAddresses field of a generated LookupQuery row with answers (one to several IPv4 and IPv6
 * addresses, some private or sinkholed) reduced to its distinct public addresses, as every qualifying lookup is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AddressBenchmark {
    static final int BATCH = 1024;

    @Param({"DEFAULT", "KQL_COMPATIBLE"})
    public DetectionMode mode;

    private String[] fields;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> all = new ArrayList<>();
        for (DnsQuery e : BenchData.get().dnsEvents) {
            if (e.hasAddresses()) all.add(e.addresses);
        }
        fields = BenchData.spread(all, BATCH).toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publicAddresses(Blackhole bh) {
        for (String field : fields) bh.consume(AddressRules.publicAddresses(field, mode));
    }
}
