package dev.dnshunter.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.IpAddress;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One operation is one address text parsed and written back canonically, as every lookup's client and answers and
 * every flow's endpoints are before they become keys. The texts are the generated clients, answers and raw flow
 * destinations, so IPv4 dominates and IPv6 (full, compressed, mapped) is the minority it is in the data.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IpAddressBenchmark {
    static final int BATCH = 1024;

    private String[] texts;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BenchData d = BenchData.get();
        List<String> all = new ArrayList<>();
        for (DnsQuery e : d.dnsEvents) {
            all.add(e.clientAddress);
            if (!e.hasAddresses()) continue;
            for (String a : e.addresses.split(",")) all.add(a.trim());
        }
        // Raw destinations, not the normalised flows': those are canonical already.
        ObjectMapper json = new ObjectMapper();
        for (String line : d.firewallLines) addField(json.readTree(line), "DestinationIP", all);
        for (String line : d.vmLines) addField(json.readTree(line), "DestinationIp", all);
        texts = BenchData.spread(all, BATCH).toArray(String[]::new);
    }

    private static void addField(JsonNode row, String name, List<String> into) {
        JsonNode value = row.get(name);
        if (value != null && value.isTextual()) into.add(value.asText());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parseAndCanonical(Blackhole bh) {
        for (String text : texts) {
            IpAddress a = IpAddress.parse(text);
            bh.consume(a == null ? null : a.canonical());
        }
    }
}
