package dev.dnshunter.rules.exfilvolume;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.SubdomainQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * The traffic and the snapshots of the exfiltration rule's earlier state layouts, as main wrote them (see the README
 * in {@code src/test/resources/exfil/}): the first (three timers per millisecond, the sums without the queue's ends;
 * up to 2026-12-02) and the queue (one timer per millisecond, the key's latest time, cleanup time and suppression in
 * states of their own; 2026-12-02). {@link #main} wrote each with that layout's code, and
 * {@code ExfilVolumeFunctionTest} restores them into today's function. Both halves of the traffic come from here, so
 * the test feeds the second half to the restored state.
 */
final class ExfilEarlierLayouts {
    static final long T0 = 1_700_000_000_000L;
    static final long MIN = 60_000L;
    /** Rule parameters within reach of the traffic, with a cap out of reach (the reference has no cap). */
    static final ExfilParams PARAMS = new ExfilParams(60, 6, 300, 25, 100_000);
    /** The same with a cap of 40 subdomains and milliseconds per key, which every key reaches. */
    static final ExfilParams CAPPED = new ExfilParams(60, 6, 300, 25, 40);
    /** The watermark of the snapshot: queries up to it were judged, later ones wait in its state. */
    static final long SNAPSHOT_WATERMARK = T0 + ExfilParams.DAY + 7 * ExfilParams.HOUR - 1;
    static final Path SNAPSHOT = Path.of("src/test/resources/exfil/first-layout.snapshot");
    /** The queue layout's snapshot: the same traffic, watermark and waiting queries. */
    static final Path QUEUE_SNAPSHOT = Path.of("src/test/resources/exfil/queue-layout.snapshot");
    /** The array layout's snapshot: the same traffic, watermark and waiting queries. */
    static final Path ARRAY_SNAPSHOT = Path.of("src/test/resources/exfil/array-layout.snapshot");
    /** The first layout's alerts over the whole traffic with {@link #CAPPED}, one JSON object a line, by alert id. */
    static final Path CAPPED_ALERTS = Path.of("src/test/resources/exfil/first-layout-capped-alerts.jsonl");

    private ExfilEarlierLayouts() {}

    /** 4,000 queries of two clients and two zones over three days, many in the same millisecond, in time order. */
    static List<DnsQuery> traffic() {
        SplittableRandom rnd = new SplittableRandom(23);
        List<DnsQuery> queries = new ArrayList<>();
        String[] clients = {"10.0.0.1", "10.0.0.2"};
        String[] zones = {"alpha-x.com", "beta-y.org"};
        for (int i = 0; i < 4000; i++) {
            long time = T0 + rnd.nextLong(3 * ExfilParams.DAY) / MIN * MIN + rnd.nextInt(3);
            String sub = rnd.nextInt(5) == 0 ? "" : "x" + rnd.nextInt(400) + (rnd.nextBoolean() ? ".l" + rnd.nextInt(30) : "");
            String zone = zones[rnd.nextInt(2)];
            queries.add(new DnsQuery(time, clients[rnd.nextInt(2)], null, sub.isEmpty() ? zone : sub + "." + zone, 1, 0, null, null,
                    "dns-events", "DnsEvents", null));
        }
        queries.sort(Comparator.comparingLong(q -> q.time));
        return queries;
    }

    static DomainRules domains() {
        return ReferenceDetector.domainRules(DetectionConfig.defaults());
    }

    /**
     * Feeds {@code queries} with {@code from < time <= to} as a streaming job sees them: in 10-minute chunks,
     * shuffled within a chunk, the watermark one millisecond before the chunk's start after it; then the watermark
     * {@code to}.
     */
    static void feed(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, ExfilVolumeAlert> h, List<DnsQuery> queries,
            long from, long to) throws Exception {
        DomainRules domains = domains();
        long chunk = 10 * MIN;
        List<DnsQuery> part = queries.stream().filter(q -> q.time > from && q.time <= to).toList();
        int i = 0;
        while (i < part.size()) {
            long b = (part.get(i).time - T0) / chunk;
            List<DnsQuery> same = new ArrayList<>();
            while (i < part.size() && (part.get(i).time - T0) / chunk == b) same.add(part.get(i++));
            Collections.shuffle(same, new Random(b));
            for (DnsQuery q : same) {
                SubdomainQuery s = SubdomainQuery.of(q, domains);
                h.processElement(new StreamRecord<>(s, s.time));
            }
            long mark = Math.min(to, T0 + b * chunk - 1);
            if (mark > from) h.processWatermark(new Watermark(mark));
        }
        h.processWatermark(new Watermark(to));
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, ExfilVolumeAlert> harness(ExfilVolumeFunction f)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), SubdomainQuery::key, Types.STRING);
    }

    /**
     * Writes, with the code of the layout it is run with, the snapshot {@code args[0]} (the queries up to the snapshot's
     * watermark, and those of the next 20 minutes, which wait unjudged in its state) and, given a second argument
     * {@code capped}, the alerts of the whole traffic under the cap. The first layout's code had no arguments and
     * wrote both to {@link #SNAPSHOT} and {@link #CAPPED_ALERTS}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("capped"))) {
            System.err.println("usage: ExfilEarlierLayouts SNAPSHOT-FILE [capped]");
            System.exit(2);
        }
        Path snapshotFile = Path.of(args[0]);
        var h = harness(new ExfilVolumeFunction(PARAMS));
        h.open();
        List<DnsQuery> queries = traffic();
        feed(h, queries, Long.MIN_VALUE, SNAPSHOT_WATERMARK);
        for (DnsQuery q : queries) {
            if (q.time > SNAPSHOT_WATERMARK && q.time <= SNAPSHOT_WATERMARK + 20 * MIN) {
                SubdomainQuery s = SubdomainQuery.of(q, domains());
                h.processElement(new StreamRecord<>(s, s.time));
            }
        }
        OperatorSubtaskState snapshot = h.snapshot(1, SNAPSHOT_WATERMARK);
        Files.createDirectories(snapshotFile.toAbsolutePath().getParent());
        OperatorSnapshotUtil.writeStateHandle(snapshot, snapshotFile.toString());
        System.out.println("wrote " + snapshotFile + ": " + h.numKeyedStateEntries() + " keyed state entries, " + h.numEventTimeTimers()
                + " timers, " + h.getOutput().size() + " outputs before it");
        h.close();
        if (args.length < 2) return;

        var capped = harness(new ExfilVolumeFunction(CAPPED));
        capped.open();
        feed(capped, queries, Long.MIN_VALUE, Long.MAX_VALUE);
        Files.write(CAPPED_ALERTS, alerts(capped));
        System.out.println("wrote " + CAPPED_ALERTS + ": " + alerts(capped).size() + " alerts");
        capped.close();
    }

    /** The harness's alerts as JSON lines, by alert id. */
    static List<String> alerts(KeyedOneInputStreamOperatorTestHarness<String, SubdomainQuery, ExfilVolumeAlert> h) {
        List<ExfilVolumeAlert> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add((ExfilVolumeAlert) r.getValue());
        out.sort(Comparator.comparing(ExfilVolumeAlert::alertId));
        return out.stream().map(ExfilVolumeAlert::toJson).toList();
    }
}
