package dev.dnshunter.rules.exfilvolume;

import dev.dnshunter.rules.SubdomainQuery;
import dev.dnshunter.rules.WindowedKeys;
import dev.dnshunter.rules.exfilvolume.ExfilState.Entry;
import dev.dnshunter.rules.exfilvolume.ExfilState.Pending;
import dev.dnshunter.rules.exfilvolume.ExfilState.Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges one (identity, domain) at each time of its queries, in event-time order: queries wait in state until the
 * watermark reaches their time (in BATCH, until the key's end, when its timers fire in time order), so queries of the
 * same millisecond are taken together and arrival order never matters.
 *
 * <p>State: per distinct subdomain of the last 24 h its 64-bit hash (the map key), length, latest query time and text
 * (for the samples); per millisecond of the last 24 h with queries, the hashes queried then and the query count; the
 * running volume and distinct count of each tier. A subdomain leaves a tier's sums by the timer at its latest time plus
 * the tier's window, so judging a query costs no scan; only an emitted alert scans the window for its details. At most
 * {@code maxSubdomains} subdomains (and as many milliseconds) per key: past that the oldest milliseconds are dropped
 * with their subdomains, down to 63/64 of the cap, each dropped subdomain counted in {@code exfilSubdomainsOverCap}.
 * A key with no query for 24 h keeps nothing, timers included. A query with an empty subdomain on a key that holds
 * nothing waits only until the watermark reaches it (a query of a subdomain at or before it may still arrive, out of
 * order); if the key still holds nothing then, it is dropped: its volume is 0, so it cannot alert.
 */
public class ExfilVolumeFunction extends KeyedProcessFunction<String, SubdomainQuery, ExfilVolumeAlert> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = ExfilParams.HOUR;
    private static final long DAY = ExfilParams.DAY;
    /** Indexes into the sums. */
    private static final int HOUR_VOLUME = 0, HOUR_DISTINCT = 1, DAY_VOLUME = 2, DAY_DISTINCT = 3, ENTRIES = 4, SLOTS = 5;

    private final ExfilParams params;
    private transient MapState<Long, Pending> pending;
    private transient MapState<Long, Entry> entries;
    private transient MapState<Long, Slot> slots;
    private transient ValueState<long[]> sums;
    private transient ValueState<long[]> suppressedUntil;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> cleanupAt;
    private transient Counter overCap;

    public ExfilVolumeFunction(ExfilParams params) {
        this.params = params;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("exfil-pending", Types.LONG, TypeInformation.of(Pending.class)));
        entries = getRuntimeContext().getMapState(new MapStateDescriptor<>("exfil-subdomains", Types.LONG, TypeInformation.of(Entry.class)));
        slots = getRuntimeContext().getMapState(new MapStateDescriptor<>("exfil-times", Types.LONG, TypeInformation.of(Slot.class)));
        sums = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-sums", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        suppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-suppressed-until", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-last-seen", Types.LONG));
        cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-cleanup-at", Types.LONG));
        overCap = getRuntimeContext().getMetricGroup().counter("exfilSubdomainsOverCap");
    }

    /** Subdomains dropped by the cap so far (the metric's count). */
    long overCapCount() {
        return overCap.getCount();
    }

    @Override
    public void processElement(SubdomainQuery q, Context ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        Long last = lastSeen.value();
        boolean empty = q.subdomain == null || q.subdomain.isEmpty();
        Pending at = pending.get(q.time);
        if (at == null) at = new Pending();
        pending.put(q.time, empty ? at : at.with(q.subdomain));
        ctx.timerService().registerEventTimeTimer(q.time);
        // A query of the domain itself on a key that holds nothing waits only for the watermark (an earlier query
        // of a subdomain may still arrive); it keeps the key alive only once the key holds something.
        if (empty && last == null) return;
        WindowedKeys.seen(q.time, last, lastSeen, cleanupAt, DAY, ctx.timerService());
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        if (lastSeen.value() == null) {
            pending.remove(t); // only queries of the domain itself, on a key that holds nothing: volume 0
            return;
        }
        long[] s = sums.value();
        if (s == null) s = new long[6];
        expire(t, s);
        Pending now = pending.get(t);
        if (now != null) {
            pending.remove(t);
            add(t, now, s, ctx);
            enforceCap(t, s);
            judge(t, s, ctx, out);
        }
        sums.update(s);
        // Pending entries later than t can only be queries of the domain itself that came before any subdomain
        // (a subdomain query would have moved lastSeen past them): they cannot alert, so they go too.
        if (WindowedKeys.done(t, lastSeen, cleanupAt, DAY, () -> true, ctx.timerService())) {
            pending.clear();
            entries.clear();
            slots.clear();
            sums.clear();
            suppressedUntil.clear();
            lastSeen.clear();
            cleanupAt.clear();
        }
    }

    /** Subdomains last queried exactly one window before {@code t} leave that tier (t − W &lt; time is exclusive). */
    private void expire(long t, long[] s) throws Exception {
        Slot hourAgo = slots.get(t - HOUR);
        if (hourAgo != null) {
            for (long h : hourAgo.hashes) {
                Entry e = entries.get(h);
                if (e != null && e.latest == t - HOUR) {
                    s[HOUR_VOLUME] -= e.length;
                    s[HOUR_DISTINCT]--;
                }
            }
        }
        Slot dayAgo = slots.get(t - DAY);
        if (dayAgo != null) {
            for (long h : dayAgo.hashes) {
                Entry e = entries.get(h);
                if (e != null && e.latest == t - DAY) {
                    s[DAY_VOLUME] -= e.length;
                    s[DAY_DISTINCT]--;
                    entries.remove(h);
                    s[ENTRIES]--;
                }
            }
            slots.remove(t - DAY);
            s[SLOTS]--;
        }
    }

    private void add(long t, Pending now, long[] s, OnTimerContext ctx) throws Exception {
        if (now.subdomains.length == 0) return;
        Slot slot = new Slot();
        List<Long> hashes = new ArrayList<>();
        for (String sub : now.subdomains) {
            slot.queries++;
            long h = ExfilState.hash(sub);
            Entry e = entries.get(h);
            if (e == null) {
                entries.put(h, new Entry(sub.length(), t, sub));
                s[HOUR_VOLUME] += sub.length();
                s[HOUR_DISTINCT]++;
                s[DAY_VOLUME] += sub.length();
                s[DAY_DISTINCT]++;
                s[ENTRIES]++;
                hashes.add(h);
            } else if (e.latest != t) {
                if (e.latest <= t - HOUR) {
                    s[HOUR_VOLUME] += e.length;
                    s[HOUR_DISTINCT]++;
                }
                e.latest = t;
                entries.put(h, e);
                hashes.add(h);
            }
        }
        slot.hashes = hashes.stream().mapToLong(Long::longValue).toArray();
        slots.put(t, slot);
        s[SLOTS]++;
        ctx.timerService().registerEventTimeTimer(WindowedKeys.saturatedAdd(t, HOUR));
        ctx.timerService().registerEventTimeTimer(WindowedKeys.saturatedAdd(t, DAY));
    }

    /** Past the cap, the oldest milliseconds go with the subdomains last queried then, down to 63/64 of the cap. */
    private void enforceCap(long t, long[] s) throws Exception {
        int cap = params.maxSubdomains();
        if (s[ENTRIES] <= cap && s[SLOTS] <= cap) return;
        long target = cap - cap / 64;
        List<Long> times = new ArrayList<>();
        for (Long time : slots.keys()) times.add(time);
        times.sort(Comparator.naturalOrder());
        for (long time : times) {
            if ((s[ENTRIES] <= target && s[SLOTS] <= target) || time == t) break;
            Slot slot = slots.get(time);
            for (long h : slot.hashes) {
                Entry e = entries.get(h);
                if (e == null || e.latest != time) continue;
                s[DAY_VOLUME] -= e.length;
                s[DAY_DISTINCT]--;
                if (time > t - HOUR) {
                    s[HOUR_VOLUME] -= e.length;
                    s[HOUR_DISTINCT]--;
                }
                entries.remove(h);
                s[ENTRIES]--;
                overCap.inc();
            }
            slots.remove(time);
            s[SLOTS]--;
        }
    }

    private void judge(long t, long[] s, OnTimerContext ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        long[] until = suppressedUntil.value();
        for (ExfilParams.Tier tier : params.tiers()) {
            long volume = tier.index() == 0 ? s[HOUR_VOLUME] : s[DAY_VOLUME];
            long distinct = tier.index() == 0 ? s[HOUR_DISTINCT] : s[DAY_DISTINCT];
            if (volume < tier.minChars() || distinct < tier.minSubdomains()) continue;
            if (until != null && t < until[tier.index()]) continue;
            out.collect(details(t, tier, volume, (int) distinct, ctx));
            if (until == null) {
                until = new long[2];
                Arrays.fill(until, Long.MIN_VALUE);
            }
            until[tier.index()] = WindowedKeys.saturatedAdd(t, tier.windowMillis());
            suppressedUntil.update(until);
        }
    }

    /** The alert's details, from a scan of the tier's window. */
    private ExfilVolumeAlert details(long t, ExfilParams.Tier tier, long volume, int distinct, OnTimerContext ctx) throws Exception {
        int queries = 0;
        long first = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        List<Entry> samples = new ArrayList<>();
        for (Map.Entry<Long, Slot> m : slots.entries()) {
            long time = m.getKey();
            if (time <= t - tier.windowMillis() || time > t) continue;
            queries += m.getValue().queries;
            first = Math.min(first, time);
            lastTime = Math.max(lastTime, time);
            for (long h : m.getValue().hashes) {
                Entry e = entries.get(h);
                if (e != null && e.latest == time) samples.add(e);
            }
        }
        samples.sort(Comparator.<Entry>comparingLong(e -> e.latest).thenComparing(e -> e.text));
        SubdomainQuery.Key key = SubdomainQuery.Key.parse(ctx.getCurrentKey());
        ExfilVolumeAlert a = new ExfilVolumeAlert();
        a.identity = key.identity();
        a.byAddress = key.byAddress();
        a.domain = key.domain();
        a.tier = tier.label();
        a.time = t;
        a.volumeChars = volume;
        a.distinctSubdomains = distinct;
        a.queryCount = queries;
        a.firstQueryTime = first;
        a.lastQueryTime = lastTime;
        a.sampleSubdomains = samples.stream().limit(10).map(e -> e.text).toArray(String[]::new);
        return a;
    }
}
