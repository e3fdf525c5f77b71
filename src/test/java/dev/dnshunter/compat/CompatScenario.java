package dev.dnshunter.compat;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.pipeline.DetectionGraph;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.Sinks;
import dev.dnshunter.pipeline.Sources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The events of the savepoint compatibility test and the streaming job that reads them. Part 1 is what the job of a
 * release reads before it is stopped with a savepoint; part 2 is what the job of the next release reads after
 * restoring it. The same class compiles against the release that writes the savepoint (it only uses the detection
 * graph's edges: {@link Sources}, {@link Sinks}, {@link DetectionGraph#build}), so that release's expected alerts come
 * from its own job.
 *
 * <p>What part 1 leaves in state (with the defaults: 7-day lookback, threshold 21, 5-minute out-of-orderness):
 * <ul>
 *   <li>{@code domain-baseline}: cdn.common-cdn.com looked up 22 times a day on 2026-11-01..07 (average 22 > 21, so
 *       common on 11-08), and the rare domains of 11-08;
 *   <li>{@code transfer-correlator}: the rare lookup of upload.rare-exfil.net by 10.0.0.7 (-> 52.10.20.30) at 10:20 and
 *       its flow at 10:25, whose hour window (final at 11:05) part 1 never reaches;
 *   <li>{@code alert-baseline}: that domain's baseline for 11-08;
 *   <li>{@code txt-burst-pattern}: 3 of the 6 TXT queries of ws02 (10:46:00..10:47:00), a burst part 2 completes;
 *   <li>{@code txt-suppression}: ws01 alerted at 10:00:40 (suppressed until 11:00:40) and ws04 at 10:40:50;
 *   <li>{@code exclusions}: the control stream's changes: domain tunnel-corp.net from 10:10, host backup01 from 10:48;
 *   <li>the sources' positions ({@link ReplaySource}).
 * </ul>
 * Part 2 then brings: a lookup of the common domain and a 3 MB upload to it (no alert), two more flows of the pending
 * pair (one in the pending window, one in the next), the rest of ws02's burst, a second burst of ws01 (suppressed)
 * and a burst of ws03 under tunnel-corp.net (excluded).
 *
 * <p>Without a control stream ({@code controlStream} false) the job has no exclusion-updates input: the detection
 * graph then feeds the exclusions from its own empty source ({@code exclusion-updates-none}), and ws03 alerts.
 */
public final class CompatScenario {
    public static final int PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 128;
    /** The inputs of the scenario (without a control stream, all but the last). */
    public static final List<Input> INPUTS = List.of(Input.DNS_EVENTS, Input.FIREWALL_EVENTS, Input.DNS_CLIENT_EVENTS,
            Input.EXCLUSION_UPDATES);

    private CompatScenario() {}

    public static DetectionConfig config() {
        return DetectionConfig.defaults();
    }

    public static Map<Input, List<String>> part1() {
        return part1(true);
    }

    /** @param controlStream whether the job has a control stream (without one it has the exclusion-updates-none source) */
    public static Map<Input, List<String>> part1(boolean controlStream) {
        Map<Input, List<String>> m = empty(controlStream);
        List<String> dns = m.get(Input.DNS_EVENTS);
        for (int day = 1; day <= 7; day++) {
            for (int i = 0; i < 22; i++) {
                dns.add(dns(String.format("2026-11-%02dT08:%02d:00Z", day, i), "10.0.1." + (i + 1), "cdn.common-cdn.com", "52.84.10.10"));
            }
        }
        dns.add(dns("2026-11-08T10:20:00Z", "10.0.0.7", "upload.rare-exfil.net", "52.10.20.30"));
        dns.add(dns("2026-11-08T10:48:00Z", "10.0.2.1", "www.filler-site.org", "52.200.1.1"));

        List<String> fw = m.get(Input.FIREWALL_EVENTS);
        fw.add(firewall("2026-11-08T10:25:00Z", "10.0.0.7", "52.10.20.30", 443, 600_000, 20_000));
        fw.add(firewall("2026-11-08T10:48:00Z", "10.0.2.9", "52.99.99.99", 443, 100, 100));

        List<String> client = m.get(Input.DNS_CLIENT_EVENTS);
        burst(client, "WS01.corp.contoso.com", "2026-11-08T10:00:00Z", 8, "payload.evil-cdn.net", 0, 6);
        burst(client, "ws04", "2026-11-08T10:40:00Z", 10, "cfg.bad-txt.org", 0, 6);
        burst(client, "ws02", "2026-11-08T10:46:00Z", 30, "drop.tunnel-x.net", 0, 3);

        if (!controlStream) return m;
        List<String> control = m.get(Input.EXCLUSION_UPDATES);
        control.add("{\"time\":\"2026-11-08T10:10:00Z\",\"op\":\"add\",\"domain\":\"tunnel-corp.net\",\"comment\":\"red team exercise\"}");
        control.add("{\"time\":\"2026-11-08T10:48:00Z\",\"op\":\"add\",\"host\":\"backup01\",\"comment\":\"nightly backup\"}");
        return m;
    }

    public static Map<Input, List<String>> part2() {
        return part2(true);
    }

    public static Map<Input, List<String>> part2(boolean controlStream) {
        Map<Input, List<String>> m = empty(controlStream);
        List<String> dns = m.get(Input.DNS_EVENTS);
        dns.add(dns("2026-11-08T10:50:00Z", "10.0.0.8", "cdn.common-cdn.com", "52.84.10.10"));
        dns.add(dns("2026-11-08T11:30:00Z", "10.0.2.1", "www.filler-site.org", "52.200.1.1"));

        List<String> fw = m.get(Input.FIREWALL_EVENTS);
        fw.add(firewall("2026-11-08T10:52:00Z", "10.0.0.8", "52.84.10.10", 443, 3_000_000, 10_000));
        fw.add(firewall("2026-11-08T10:55:00Z", "10.0.0.7", "52.10.20.30", 443, 50_000, 1_000));
        fw.add(firewall("2026-11-08T11:10:00Z", "10.0.0.7", "52.10.20.30", 443, 2_000_000, 5_000));

        List<String> client = m.get(Input.DNS_CLIENT_EVENTS);
        burst(client, "ws02", "2026-11-08T10:49:00Z", 30, "drop.tunnel-x.net", 3, 3);
        burst(client, "WS01.corp.contoso.com", "2026-11-08T10:52:00Z", 10, "payload.evil-cdn.net", 6, 6);
        burst(client, "ws03", "2026-11-08T10:55:00Z", 10, "tunnel-corp.net", 0, 6);
        return m;
    }

    /** Both parts, each input's lines in order: what a job that is never stopped reads. */
    public static Map<Input, List<String>> all() {
        return all(true);
    }

    public static Map<Input, List<String>> all(boolean controlStream) {
        Map<Input, List<String>> m = part1(controlStream);
        part2(controlStream).forEach((input, lines) -> m.get(input).addAll(lines));
        return m;
    }

    private static Map<Input, List<String>> empty(boolean controlStream) {
        Map<Input, List<String>> m = new EnumMap<>(Input.class);
        for (Input i : INPUTS) if (controlStream || i != Input.EXCLUSION_UPDATES) m.put(i, new ArrayList<>());
        return m;
    }

    /** {@code count} TXT queries of {@code host} every {@code stepSeconds}, named {@code n.domain} from {@code first}. */
    private static void burst(List<String> out, String host, String start, int stepSeconds, String domain, int first, int count) {
        Instant t0 = Instant.parse(start);
        for (int i = 0; i < count; i++) {
            String name = (first + i) + "." + domain;
            out.add(clientEvent(t0.plusSeconds((long) i * stepSeconds).toString(), host, name));
        }
    }

    static String dns(String time, String client, String name, String addresses) {
        return "{\"TimeGenerated\":\"" + time + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"" + client
                + "\",\"Name\":\"" + name + "\",\"IPAddresses\":\"" + addresses
                + "\",\"QueryType\":\"A\",\"Computer\":\"dns01\",\"EventId\":256}";
    }

    static String firewall(String time, String source, String destination, int port, long sent, long received) {
        return "{\"TimeGenerated\":\"" + time + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"DeviceProduct\":\"PAN-OS\","
                + "\"Activity\":\"TRAFFIC\",\"SourceIP\":\"" + source + "\",\"SourcePort\":51515,\"DestinationIP\":\""
                + destination + "\",\"DestinationPort\":" + port + ",\"SentBytes\":" + sent + ",\"ReceivedBytes\":" + received + "}";
    }

    static String clientEvent(String time, String computer, String name) {
        return "{\"TimeGenerated\":\"" + time + "\",\"EventLog\":\"Microsoft-Windows-DNS-Client/Operational\",\"EventID\":3006"
                + ",\"Computer\":\"" + computer + "\",\"RenderedDescription\":\"DNS query is called for the name " + name
                + ", type 16, query options 140738562228224, Server List , isNetwork query 0, network index 0, interface index 0, is asynchronous query 0\"}";
    }

    /** A submitted run of the job: its client and what its sinks received so far. */
    public static final class Run {
        public final JobClient client;
        public final BlockingQueue<String> alerts;
        public final BlockingQueue<String> excluded;
        public final BlockingQueue<String> deadLetters;
        /** Counted down by the sources once every line is out (endless runs only). */
        public final java.util.concurrent.CountDownLatch drained;

        Run(JobClient client, String key, java.util.concurrent.CountDownLatch drained) {
            this.client = client;
            this.alerts = CollectingSink.queue(key + "-alerts");
            this.excluded = CollectingSink.queue(key + "-excluded");
            this.deadLetters = CollectingSink.queue(key + "-dead-letters");
            this.drained = drained;
        }
    }

    /**
     * Submits the streaming job over these lines to the cluster of the current context (a MiniCluster in tests).
     *
     * @param endless sources stay open after their lines (to stop the job with a savepoint) instead of ending
     * @param savepoint a savepoint to restore, with allowNonRestoredState false; null to start empty
     */
    public static Run submit(Map<Input, List<String>> lines, boolean endless, String savepoint) throws Exception {
        return submit(lines, endless, savepoint, null);
    }

    /** @param stateBackend {@code hashmap} or {@code rocksdb}; null for the cluster's default (hashmap) */
    public static Run submit(Map<Input, List<String>> lines, boolean endless, String savepoint, String stateBackend) throws Exception {
        Configuration conf = new Configuration();
        if (stateBackend != null) conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(MAX_PARALLELISM);

        String key = UUID.randomUUID().toString();
        java.util.concurrent.CountDownLatch drained = endless ? ReplaySource.latch(key, lines.size()) : null;
        Sources sources = (e, parser, watermarks) -> {
            Input input = parser.input();
            List<String> l = lines.get(input);
            if (l == null) return null;
            ReplaySource source = endless ? ReplaySource.endless(input.id, l, key) : ReplaySource.bounded(input.id, l);
            return e.fromSource(source, WatermarkStrategy.noWatermarks(), "Replay " + input.id, Types.STRING)
                    .setParallelism(1).uid("replay-" + input.id)
                    .flatMap(new Parse(parser), TypeInformation.of(ParsedRecord.class))
                    .setParallelism(1).uid("replay-parse-" + input.id).name("Parse " + input.id)
                    .assignTimestampsAndWatermarks(watermarks)
                    .setParallelism(1).uid("replay-watermarks-" + input.id).name("Watermarks " + input.id);
        };
        Sinks sinks = new Sinks() {
            @Override
            public void alerts(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.alert.AlertRecord> alerts) {
                alerts.map(a -> a.json, Types.STRING).uid("collect-alerts-json")
                        .sinkTo(new CollectingSink(key + "-alerts")).uid("collect-alerts");
            }

            @Override
            public void deadLetters(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.event.DeadLetter> deadLetters) {
                deadLetters.map(d -> d.source + ": " + d.reason + ": " + d.record, Types.STRING).uid("collect-dead-letters-text")
                        .sinkTo(new CollectingSink(key + "-dead-letters")).uid("collect-dead-letters");
            }

            @Override
            public void excluded(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.alert.ExcludedAlert> excluded) {
                excluded.map(x -> x.entryId + " " + x.json, Types.STRING).uid("collect-excluded-text")
                        .sinkTo(new CollectingSink(key + "-excluded")).uid("collect-excluded");
            }
        };
        DetectionGraph.build(env, sources, sinks, config(), false, List.of());
        return new Run(env.executeAsync("savepoint compatibility"), key, drained);
    }

    private static final class Parse implements FlatMapFunction<String, ParsedRecord> {
        private static final long serialVersionUID = 1L;
        private final dev.dnshunter.pipeline.RecordParser parser;

        Parse(dev.dnshunter.pipeline.RecordParser parser) {
            this.parser = parser;
        }

        @Override
        public void flatMap(String line, Collector<ParsedRecord> out) {
            ParsedRecord r = parser.parse(line);
            if (r != null) out.collect(r);
        }
    }
}
