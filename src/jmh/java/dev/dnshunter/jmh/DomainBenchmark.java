package dev.dnshunter.jmh;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.PublicSuffixList;
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
 * One operation is one {@link DomainRules#domainOf} call, over the Name column of the generated LookupQuery rows as
 * written (mixed case, trailing dots, multi-label public suffixes, deep S3 and CDN host names).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DomainBenchmark {
    static final int BATCH = 1024;

    @Param({"DEFAULT", "KQL_COMPATIBLE"})
    public DetectionMode mode;

    private String[] names;
    private DomainRules rules;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> all = new ArrayList<>();
        for (DnsQuery e : BenchData.get().dnsEvents) all.add(e.name);
        names = BenchData.spread(all, BATCH).toArray(String[]::new);
        rules = new DomainRules(PublicSuffixList.bundled(), mode);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void domainOf(Blackhole bh) {
        for (String name : names) bh.consume(rules.domainOf(name));
    }
}
