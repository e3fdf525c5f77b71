package dev.dnshunter.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rules.rarelookup.FlowNormaliser;
import dev.dnshunter.rules.rarelookup.LookupQualifier;
import dev.dnshunter.rare.RareLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;

/**
 * The generator's synthetic Sentinel export, read into memory once per benchmark JVM, and the inputs each benchmark
 * derives from it. Generated rather than checked in so that the inputs keep the generator's mix (name shapes, case
 * and trailing-dot variants, IPv6 answers, private and sinkholed answers) as it evolves.
 */
final class BenchData {
    /**
     * Eight days: seven to build baselines and one in which the rule can fire, so the operators see both verdicts.
     * About 2,500 lookups a day gives enough rows for every benchmark's batch and generates in a few seconds.
     */
    static final GeneratorOptions OPTIONS = GeneratorOptions.defaults(Path.of("unused"))
            .withDays(8)
            .withClients(100)
            .withLookupsPerDay(2_500)
            .withExfiltrations(2);

    private static BenchData instance;

    final DetectionConfig config;
    /**
     * Lines each parser accepts, in file order. The generator's few deliberately broken lines are left out, so that a
     * figure does not depend on whether a batch happens to pick one and pay for its exception.
     */
    final List<String> dnsLines;
    final List<String> firewallLines;
    final List<String> vmLines;
    /** TimeGenerated values as exported, with their seven fractional digits. */
    final List<String> timeTexts;
    final List<DnsQuery> dnsEvents;
    /** Qualifying lookups, as {@link LookupQualifier} emits them, in file order. */
    final List<DnsLookup> lookups;
    /** Flows to public destinations from both flow inputs, as {@link FlowNormaliser} emits them, by time. */
    final List<Flow> publicFlows;

    private List<Replay.Timed> correlatorInput;

    static synchronized BenchData get() {
        if (instance == null) instance = load();
        return instance;
    }

    private BenchData(DetectionConfig config, List<String> dnsLines, List<String> firewallLines, List<String> vmLines,
                      List<String> timeTexts, List<DnsQuery> dnsEvents, List<DnsLookup> lookups, List<Flow> publicFlows) {
        this.config = config;
        this.dnsLines = dnsLines;
        this.firewallLines = firewallLines;
        this.vmLines = vmLines;
        this.timeTexts = timeTexts;
        this.dnsEvents = dnsEvents;
        this.lookups = lookups;
        this.publicFlows = publicFlows;
    }

    private static BenchData load() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("dns-hunter-jmh");
            DataSetGenerator.Summary s = DataSetGenerator.generate(OPTIONS.withOutDir(dir));
            DetectionConfig config = s.detectionConfig();

            List<String> dnsLines = new ArrayList<>();
            List<DnsQuery> dnsEvents = new ArrayList<>();
            readGood(s.dnsEventsFile(), new DnsEventParser(), dnsLines, dnsEvents);
            List<String> firewallLines = new ArrayList<>();
            List<NetworkFlow> flows = new ArrayList<>();
            readGood(s.firewallEventsFile(), new FirewallEventParser(), firewallLines, flows);
            List<String> vmLines = new ArrayList<>();
            readGood(s.vmConnectionsFile(), new VmConnectionParser(), vmLines, flows);

            ObjectMapper json = new ObjectMapper();
            List<String> timeTexts = new ArrayList<>();
            for (List<String> lines : List.of(dnsLines, firewallLines, vmLines)) {
                for (String line : lines) timeTexts.add(json.readTree(line).get("TimeGenerated").asText());
            }

            LookupQualifier qualifier = new LookupQualifier(config);
            qualifier.open(DefaultOpenContext.INSTANCE);
            List<DnsLookup> lookups = new ArrayList<>();
            ListCollector<DnsLookup> lookupOut = new ListCollector<>(lookups);
            for (DnsQuery e : dnsEvents) qualifier.flatMap(e, lookupOut);

            FlowNormaliser normaliser = new FlowNormaliser(config);
            List<Flow> publicFlows = new ArrayList<>();
            ListCollector<Flow> flowOut = new ListCollector<>(publicFlows);
            for (NetworkFlow f : flows) normaliser.flatMap(f, flowOut);
            // The two flow files are separate sources; downstream they interleave by time.
            publicFlows.sort(Comparator.comparingLong(f -> f.time));

            return new BenchData(config, List.copyOf(dnsLines), List.copyOf(firewallLines), List.copyOf(vmLines),
                    List.copyOf(timeTexts), List.copyOf(dnsEvents), List.copyOf(lookups), List.copyOf(publicFlows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare benchmark inputs", e);
        } finally {
            if (dir != null) deleteTree(dir);
        }
    }

    private static <T> void readGood(Path file, LineParser<T> parser, List<String> lines, List<? super T> parsed)
            throws IOException {
        for (String line : Files.readAllLines(file)) {
            try {
                T value = parser.parse(line);
                lines.add(line);
                if (value != null) parsed.add(value);
            } catch (BadRecordException e) {
                // One of the generator's planted bad lines.
            }
        }
    }

    /**
     * The correlator's two inputs as the job would deliver them: the rare lookups the baseline operator emits for
     * {@link #lookups} and the public flows, merged by event time.
     */
    synchronized List<Replay.Timed> correlatorInput() throws Exception {
        if (correlatorInput == null) {
            List<Replay.Timed> merged = new ArrayList<>();
            for (RareLookup l : Replay.rareLookups(config, lookups)) merged.add(new Replay.Timed(l.time, l));
            for (Flow f : publicFlows) merged.add(new Replay.Timed(f.time, f));
            merged.sort(Comparator.comparingLong(Replay.Timed::time));
            correlatorInput = List.copyOf(merged);
        }
        return correlatorInput;
    }

    /**
     * {@code count} elements spread evenly over {@code all}, keeping their order, so a fixed-size batch still covers
     * the whole mix and time range.
     */
    static <T> List<T> spread(List<T> all, int count) {
        if (all.size() < count) {
            throw new IllegalStateException("need " + count + " inputs, the data set gives " + all.size()
                    + "; raise BenchData.OPTIONS");
        }
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(all.get((int) ((long) i * all.size() / count)));
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }

    /** Prints what the benchmarks are fed: {@code java -cp target/benchmarks.jar dev.dnshunter.jmh.BenchData}. */
    public static void main(String[] args) throws Exception {
        BenchData d = get();
        Set<String> domains = new HashSet<>();
        for (DnsLookup l : d.lookups) domains.add(l.domain);
        List<Replay.Timed> correlation = d.correlatorInput();
        long rare = correlation.stream().filter(t -> t.value() instanceof RareLookup).count();
        Set<Object> keys = new HashSet<>();
        for (Replay.Timed t : correlation) keys.add(Replay.correlationKey(t.value()));
        System.out.printf("options: %s%n", OPTIONS);
        System.out.printf("DnsEvents lines %d (LookupQuery %d), CommonSecurityLog lines %d, VMConnection lines %d%n",
                d.dnsLines.size(), d.dnsEvents.size(), d.firewallLines.size(), d.vmLines.size());
        System.out.printf("qualifying lookups %d over %d domains; public flows %d%n",
                d.lookups.size(), domains.size(), d.publicFlows.size());
        System.out.printf("correlator input %d (rare lookups %d, flows %d) over %d keys%n",
                correlation.size(), rare, correlation.size() - rare, keys.size());

        List<DnsLookup> baselineInput = spread(d.lookups, DomainBaselineBenchmark.LOOKUPS);
        List<RareLookup> rareOut = new ArrayList<>();
        var baseline = Replay.baselineHarness(d.config);
        long baselineOut = Replay.replayLookups(baseline, d.config, baselineInput, rareOut);
        baseline.close();
        System.out.printf("DomainBaselineBenchmark: %d lookups in, %d rare lookups and %d baselines out%n",
                baselineInput.size(), rareOut.size(), baselineOut - rareOut.size());
        List<Replay.Timed> correlatorInput =
                correlation.subList(correlation.size() - TransferCorrelatorBenchmark.RECORDS, correlation.size());
        var correlator = Replay.correlatorHarness(d.config);
        long alerts = Replay.replayCorrelation(correlator, d.config, correlatorInput);
        correlator.close();
        System.out.printf("TransferCorrelatorBenchmark: %d records in, %d alerts out%n", correlatorInput.size(), alerts);
    }
}
