package dev.dnshunter.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation is one input line (or one TimeGenerated value). Each batch is {@link #BATCH} lines spread over the
 * whole generated file, so it carries the file's mix of used and skipped rows (other SubTypes, non-TRAFFIC,
 * inbound connections), which cost less than a used row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParserBenchmark {
    static final int BATCH = 1024;

    private String[] dnsLines;
    private String[] firewallLines;
    private String[] vmLines;
    private String[] timeTexts;

    private final DnsEventParser dns = new DnsEventParser();
    private final FirewallEventParser firewall = new FirewallEventParser();
    private final VmConnectionParser vm = new VmConnectionParser();
    // The parsers' factory differs only in a higher nesting limit, which costs nothing on these flat rows.
    private final JsonFactory jackson = new JsonFactory();

    @Setup(Level.Trial)
    public void setUp() {
        BenchData d = BenchData.get();
        dnsLines = BenchData.spread(d.dnsLines, BATCH).toArray(String[]::new);
        firewallLines = BenchData.spread(d.firewallLines, BATCH).toArray(String[]::new);
        vmLines = BenchData.spread(d.vmLines, BATCH).toArray(String[]::new);
        timeTexts = BenchData.spread(d.timeTexts, BATCH).toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void dnsEvents(Blackhole bh) throws BadRecordException {
        for (String line : dnsLines) bh.consume(dns.parse(line));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void commonSecurityLog(Blackhole bh) throws BadRecordException {
        for (String line : firewallLines) bh.consume(firewall.parse(line));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vmConnection(Blackhole bh) throws BadRecordException {
        for (String line : vmLines) bh.consume(vm.parse(line));
    }

    /**
     * The floor for {@link #dnsEvents}: Jackson tokenising the same lines and nothing else. The gap between the two is
     * what the parser itself adds.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void dnsEventsJacksonTokensOnly(Blackhole bh) throws IOException {
        for (String line : dnsLines) {
            try (JsonParser p = jackson.createParser(line)) {
                int tokens = 0;
                while (p.nextToken() != null) tokens++;
                bh.consume(tokens);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void timeGenerated(Blackhole bh) throws BadRecordException {
        for (String text : timeTexts) bh.consume(TimeGenerated.parseMillis(text));
    }

    /** What TimeGenerated's hand parser replaces; kept to show whether it still earns its keep. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void timeGeneratedJavaTime(Blackhole bh) {
        for (String text : timeTexts) bh.consume(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }
}
