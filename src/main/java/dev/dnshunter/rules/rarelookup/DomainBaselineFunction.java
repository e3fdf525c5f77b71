package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;

import dev.dnshunter.config.DetectionConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by domain: counts qualifying lookups per UTC bucket (day), and gives each lookup its verdict once the
 * buckets before it are complete: rare lookups go downstream, one record per public address.
 *
 * <p>The verdict of a lookup in bucket k depends only on buckets k-lookback .. k-1, so it is final as soon as event
 * time has passed the start of bucket k; lookups that arrive earlier (the first minutes of a day, inside the
 * out-of-orderness bound) wait in state for that instant. Alerts also report the baseline of the bucket of their
 * window start, which can be the bucket before or after the lookup's; those {@link BucketBaseline}s go to a side
 * output when the bucket starts. Counts are evicted once no verdict can need them, so state per domain holds at most
 * lookback + 1 buckets (more only while event time lags behind the newest lookups), packed in one array.
 *
 * <p>Streaming: a watermark that jumps (a record dated far ahead that the event-time guard allowed, a replay) must
 * not wipe the counts that make a domain common: a lookup that was late before a restore is accepted after it (the
 * watermark restarts) and would find its domain rare. So the watermark alone evicts a bucket only when the domain's
 * own lookups have moved past it (a lookup {@code lookback + 1} buckets later) or when its counts cannot make any
 * lookup common (the long tail, as before). The other stale counts of a common domain stay until a newer lookup of
 * the domain evicts them, or at the latest {@code lookback + 1} buckets of processing time later
 * ({@link #onTimer}, processing-time timer). Lookups that are not late never need an evicted bucket either way.
 */
public class DomainBaselineFunction extends KeyedProcessFunction<Tuple2<Long, Long>, DnsLookup, RareLookup> {
    private static final long serialVersionUID = 1L;

    /** Lookups are partitioned by their domain's {@link PartitionKey}. */
    public static final KeySelector<DnsLookup, Tuple2<Long, Long>> KEY = DnsLookup::domainKey;

    public static final OutputTag<BucketBaseline> BASELINES = new OutputTag<>("bucket-baselines") {};

    private final DetectionConfig config;
    private final boolean inputSortedByTime;

    private transient ValueState<long[]> counts;
    private transient ListState<DnsLookup> awaitingVerdict;
    /** Buckets whose baseline was asked for: true once emitted. */
    private transient MapState<Long, Boolean> baselinesRequested;
    /** The domain's name while baselines are requested: the key is only its digest. */
    private transient ValueState<String> domainName;
    private transient Counter rareLookups;

    public DomainBaselineFunction(DetectionConfig config, boolean inputSortedByTime) {
        this.config = config;
        this.inputSortedByTime = inputSortedByTime;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(countsDescriptor());
        awaitingVerdict = getRuntimeContext().getListState(new ListStateDescriptor<>("awaiting-verdict", DnsLookup.class));
        baselinesRequested = getRuntimeContext().getMapState(new MapStateDescriptor<>("baselines-requested", Types.LONG, Types.BOOLEAN));
        domainName = getRuntimeContext().getState(new ValueStateDescriptor<>("domain-name", Types.STRING));
        rareLookups = getRuntimeContext().getMetricGroup().counter("rareLookups");
    }

    /** The per-domain counts ({@link DailyCounts}): shared with {@link BaselineBootstrapFunction}, which writes them into a savepoint. */
    static ValueStateDescriptor<long[]> countsDescriptor() {
        return new ValueStateDescriptor<>("daily-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /**
     * Adds lookups to a domain's counts and returns them. One eviction timer per domain, for its oldest bucket:
     * {@link #onTimer} registers the next one, so a domain holds one timer instead of one per day.
     */
    static long[] count(ValueState<long[]> counts, TimerService timers, DetectionConfig config, long bucket, long lookups)
            throws Exception {
        long[] before = counts.value();
        long oldest = DailyCounts.firstBucket(before);
        long[] after = DailyCounts.add(before, bucket, lookups);
        counts.update(after);
        if (bucket < oldest) timers.registerEventTimeTimer(evictionTime(config, bucket));
        return after;
    }

    @Override
    public void processElement(DnsLookup lookup, Context ctx, Collector<RareLookup> out) throws Exception {
        long bucket = config.bucketOf(lookup.time);
        // The counts just written serve the verdict too: a RocksDB state would otherwise be read twice per lookup.
        long[] domainCounts = count(counts, ctx.timerService(), config, bucket, lookup.lookups);

        long progress = EventTimeProgress.of(ctx.timerService().currentWatermark(), inputSortedByTime, lookup.time);
        if (verdictTime(bucket) <= progress) {
            decide(lookup, domainCounts, progress, ctx, out);
        } else {
            awaitingVerdict.add(lookup);
            ctx.timerService().registerEventTimeTimer(verdictTime(bucket));
        }
        // Stale counts kept after the watermark passed them (see the class comment): a newer lookup may release them.
        if (!inputSortedByTime && evictionTime(DailyCounts.firstBucket(domainCounts)) <= ctx.timerService().currentWatermark()) {
            evict(ctx.timerService().currentWatermark(), ctx.timerService());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RareLookup> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // The expiry of stale counts kept for a common domain: whatever event time has passed goes now.
            long[] c = counts.value();
            long watermark = ctx.timerService().currentWatermark();
            while (c != null && evictionTime(DailyCounts.firstBucket(c)) <= watermark) c = DailyCounts.dropUpTo(c, DailyCounts.firstBucket(c));
            store(c, watermark, ctx.timerService());
            return;
        }
        // In BATCH every timer fires at the end of the key with the watermark at its maximum: do all due work at once,
        // in dependency order (verdicts and baselines read counts that eviction removes).
        long due = Math.max(timestamp, ctx.timerService().currentWatermark());
        decideDueLookups(due, ctx, out);
        emitDueBaselines(due, ctx);
        evict(due, ctx.timerService());
    }

    private void decideDueLookups(long due, Context ctx, Collector<RareLookup> out) throws Exception {
        List<DnsLookup> waiting = new ArrayList<>();
        List<DnsLookup> ready = new ArrayList<>();
        for (DnsLookup l : awaitingVerdict.get()) {
            (verdictTime(config.bucketOf(l.time)) <= due ? ready : waiting).add(l);
        }
        if (ready.isEmpty()) return;
        if (waiting.isEmpty()) awaitingVerdict.clear(); else awaitingVerdict.update(waiting);
        long[] domainCounts = counts.value();
        for (DnsLookup l : ready) decide(l, domainCounts, due, ctx, out);
    }

    private void decide(DnsLookup lookup, long[] domainCounts, long progress, Context ctx, Collector<RareLookup> out)
            throws Exception {
        if (lookup.time < config.detectFromMillis() || lookup.publicAddresses.length == 0) return;
        if (!config.isRare(baselineCount(domainCounts, config.bucketOf(lookup.time)))) return;
        rareLookups.inc();
        for (String address : lookup.publicAddresses) {
            out.collect(RareLookup.of(lookup, address));
        }
        // An alert reports the baseline of its window's bucket; the windows this lookup can reach span these buckets.
        long first = config.bucketOf(config.alertWindowStart(lookup.time - config.flowBeforeLookupMillis()));
        long last = config.bucketOf(lookup.time + config.flowAfterLookupMillis());
        domainName.update(lookup.domain);
        for (long b = first; b <= last; b++) requestBaseline(b, progress, ctx);
    }

    private void requestBaseline(long bucket, long progress, Context ctx) throws Exception {
        if (baselinesRequested.contains(bucket)) return;
        if (verdictTime(bucket) <= progress) {
            ctx.output(BASELINES, new BucketBaseline(domainName.value(), bucket, baselineCount(bucket)));
            baselinesRequested.put(bucket, true);
        } else {
            baselinesRequested.put(bucket, false);
            ctx.timerService().registerEventTimeTimer(verdictTime(bucket));
        }
        ctx.timerService().registerEventTimeTimer(evictionTime(bucket));
    }

    private void emitDueBaselines(long due, Context ctx) throws Exception {
        List<Long> dueBuckets = new ArrayList<>();
        for (Map.Entry<Long, Boolean> e : baselinesRequested.entries()) {
            if (!e.getValue() && verdictTime(e.getKey()) <= due) dueBuckets.add(e.getKey());
        }
        for (long b : dueBuckets) {
            ctx.output(BASELINES, new BucketBaseline(domainName.value(), b, baselineCount(b)));
            baselinesRequested.put(b, true);
        }
    }

    private void evict(long due, TimerService timers) throws Exception {
        long[] c = counts.value();
        // Buckets that the domain's own newest lookup has moved past: no lookup that is not late can need them.
        long passed = c == null ? Long.MIN_VALUE : DailyCounts.lastBucket(c) - config.lookbackBuckets();
        while (c != null && evictionTime(DailyCounts.firstBucket(c)) <= due && DailyCounts.firstBucket(c) < passed) {
            c = DailyCounts.dropUpTo(c, DailyCounts.firstBucket(c));
        }
        // The rest only by the watermark unless they make the domain common (streaming; BATCH has no jumps).
        boolean keepStale = !inputSortedByTime && c != null && config.cannotBeRare(DailyCounts.sum(c, Long.MIN_VALUE, Long.MAX_VALUE));
        while (!keepStale && c != null && evictionTime(DailyCounts.firstBucket(c)) <= due) c = DailyCounts.dropUpTo(c, DailyCounts.firstBucket(c));
        store(c, due, timers);
        for (Iterator<Map.Entry<Long, Boolean>> it = baselinesRequested.iterator(); it.hasNext(); ) {
            Map.Entry<Long, Boolean> e = it.next();
            if (e.getValue() && evictionTime(e.getKey()) <= due) it.remove();
        }
        // Removing the last entry through an iterator can leave an empty map behind for the key; drop it.
        if (baselinesRequested.isEmpty()) {
            baselinesRequested.clear();
            domainName.clear();
        }
    }

    /** Writes the counts and their next eviction timer: event time for a bucket still live, processing time for stale ones. */
    private void store(long[] c, long due, TimerService timers) throws Exception {
        if (c == null) {
            counts.clear();
            return;
        }
        counts.update(c);
        long next = evictionTime(DailyCounts.firstBucket(c));
        if (next > due) {
            timers.registerEventTimeTimer(next);
        } else {
            // Rounded up to a minute, so that many late lookups of a key share one timer.
            long expiry = timers.currentProcessingTime() + (config.lookbackBuckets() + 1) * config.bucketMillis();
            timers.registerProcessingTimeTimer((Math.floorDiv(expiry, 60_000L) + 1) * 60_000L);
        }
    }

    private long baselineCount(long bucket) throws Exception {
        return baselineCount(counts.value(), bucket);
    }

    private long baselineCount(long[] domainCounts, long bucket) {
        return DailyCounts.sum(domainCounts, bucket - config.lookbackBuckets(), bucket - 1);
    }

    /** When every record of the buckets before {@code bucket} has been seen. */
    private long verdictTime(long bucket) {
        return config.bucketStart(bucket) - 1;
    }

    private long evictionTime(long bucket) {
        return evictionTime(config, bucket);
    }

    /**
     * When no verdict or baseline can need {@code bucket}'s count any more: the last bucket it looks back from has
     * started, and so has the last lookup that can ask for that bucket's baseline. A lookup up to flow-before-lookup
     * into the next bucket can join flows of a window that starts in it; it can arrive (within the out-of-orderness
     * bound) after event time has passed the bucket's end.
     */
    static long evictionTime(DetectionConfig config, long bucket) {
        return config.bucketStart(bucket + config.lookbackBuckets() + 1) - 1 + config.flowBeforeLookupMillis();
    }
}
