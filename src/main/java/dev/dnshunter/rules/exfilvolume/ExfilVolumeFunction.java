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
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges one (identity, domain) at each time of its queries, in event-time order: queries wait in state until the
 * watermark reaches their time (in BATCH, until the key's end, when its timers fire), so queries of the same
 * millisecond are taken together and arrival order never matters. A key has one timer for its waiting queries, at the
 * earliest of them: when it fires, every waiting millisecond the watermark has reached is judged, in time order with
 * the key's cleanup time, and the timer is set again at the earliest millisecond still waiting.
 *
 * <p>State: per distinct subdomain of the last 24 h its 64-bit hash (the map key), length, latest query time and text
 * (for the samples); per millisecond of the last 24 h with queries, the hashes queried then, the query count and the
 * next such millisecond, so that the milliseconds form a queue in time order; the running volume and distinct count of
 * each tier with the queue's ends (its oldest millisecond, its oldest one still in the hour, its newest), each tier's
 * suppression, the key's latest query time, its cleanup time and its waiting queries' timer, all in one array. When a
 * key is judged at {@code t}, the milliseconds at or before {@code t - 1 h} leave the hour's sums and those at or before
 * {@code t - 24 h} leave the day's and the state, from the queue's front: each subdomain last queried then leaves the
 * tier, so judging costs no scan and a millisecond keeps no timer of its own (the key has one for its waiting queries
 * and one for its cleanup); only an emitted alert scans the window for its details. At most
 * {@code maxSubdomains} subdomains (and as many milliseconds) per key: past that the oldest milliseconds are dropped
 * with their subdomains, down to 63/64 of the cap, each dropped subdomain counted in {@code exfilSubdomainsOverCap}.
 * A key with no query for 24 h keeps nothing, timers included. A query with an empty subdomain on a key that holds
 * nothing waits only until the watermark reaches it, with a timer of its own (a query of a subdomain at or before it
 * may still arrive, out of order); if the key still holds nothing then, it is dropped: its volume is 0, so it cannot
 * alert.
 *
 * <p>State of the earlier layouts (main on 2026-12-02, in no release) is moved into today's at the key's first
 * element or timer after a restore: the first layout's milliseconds (sums of six values, an hour and a day timer per
 * millisecond) are linked into a queue, and its remaining expiry timers find nothing left to do; the queue layout's
 * sums of nine values are taken over; both layouts' latest query time, cleanup time and suppression, which had states
 * of their own, join the array and leave their states. The array layout (thirteen values, a timer per waiting
 * millisecond) gets the waiting queries' timer as none: its timers still fire, and each judges what is due.
 */
public class ExfilVolumeFunction extends KeyedProcessFunction<String, SubdomainQuery, ExfilVolumeAlert> {
    private static final long serialVersionUID = 1L;
    private static final long HOUR = ExfilParams.HOUR;
    private static final long DAY = ExfilParams.DAY;
    /** Indexes into the key's array: the tiers' running figures, the counts the cap bounds, the queue's ends. */
    private static final int HOUR_VOLUME = 0, HOUR_DISTINCT = 1, DAY_VOLUME = 2, DAY_DISTINCT = 3, ENTRIES = 4, SLOTS = 5,
            DAY_FRONT = 6, HOUR_FRONT = 7, TAIL = 8;
    /**
     * Then each tier's suppression (until: tier index 0 the hour, 1 the day), the latest query time, the cleanup time
     * and the time of the timer set for the waiting queries ({@link #NONE}: none).
     */
    private static final int SUPPRESSED_UNTIL = 9, LAST_SEEN = 11, CLEANUP_AT = 12, WAKE_AT = 13, SUMS = 14;
    /**
     * The sums of the first layout (the six figures, no queue), of the queue layout (no suppression or times) and of
     * the array layout (no waiting queries' timer).
     */
    private static final int FIRST_LAYOUT_SUMS = 6, QUEUE_LAYOUT_SUMS = 9, ARRAY_LAYOUT_SUMS = 13;
    private static final long NONE = ExfilState.NONE;

    private final ExfilParams params;
    private transient MapState<Long, Pending> pending;
    private transient MapState<Long, Entry> entries;
    private transient MapState<Long, Slot> slots;
    private transient ValueState<long[]> sums;
    /** The earlier layouts' states of their own, read once per key after a restore and then cleared. */
    private transient ValueState<long[]> earlierSuppressedUntil;
    private transient ValueState<Long> earlierLastSeen;
    private transient ValueState<Long> earlierCleanupAt;
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
        earlierSuppressedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-suppressed-until", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        earlierLastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-last-seen", Types.LONG));
        earlierCleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("exfil-cleanup-at", Types.LONG));
        overCap = getRuntimeContext().getMetricGroup().counter("exfilSubdomainsOverCap");
    }

    /** Subdomains dropped by the cap so far (the metric's count). */
    long overCapCount() {
        return overCap.getCount();
    }

    @Override
    public void processElement(SubdomainQuery q, Context ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        long[] s = sums.value();
        boolean empty = q.subdomain == null || q.subdomain.isEmpty();
        Pending at = pending.get(q.time);
        if (at == null) at = new Pending();
        pending.put(q.time, empty ? at : at.with(q.subdomain));
        if (s != null && s.length == FIRST_LAYOUT_SUMS) {
            // The first layout is linked at the key's next timer, the time up to which its expiry timers have fired;
            // until then its latest and cleanup times stay where that layout kept them.
            ctx.timerService().registerEventTimeTimer(q.time);
            WindowedKeys.seen(q.time, earlierLastSeen.value(), earlierLastSeen, earlierCleanupAt, DAY, ctx.timerService());
            return;
        }
        s = load(s, Long.MIN_VALUE, ctx.timerService());
        boolean changed = false;
        if (s == null) {
            // A query of the domain itself on a key that holds nothing waits only for the watermark, with a timer of
            // its own (an earlier query of a subdomain may still arrive); it keeps the key alive only once the key
            // holds something.
            if (empty) {
                ctx.timerService().registerEventTimeTimer(q.time);
                return;
            }
            s = empty();
            s[LAST_SEEN] = q.time;
            s[CLEANUP_AT] = WindowedKeys.saturatedAdd(q.time, DAY);
            ctx.timerService().registerEventTimeTimer(s[CLEANUP_AT]);
            changed = true;
        } else if (q.time > s[LAST_SEEN]) {
            s[LAST_SEEN] = q.time;
            changed = true;
        }
        if (s[WAKE_AT] == NONE || q.time < s[WAKE_AT]) {
            ctx.timerService().registerEventTimeTimer(q.time);
            s[WAKE_AT] = q.time;
            changed = true;
        }
        if (changed) sums.update(s);
    }

    /**
     * The key's array, given what its sums state holds ({@code s}), or null if the key holds nothing. State of an
     * earlier layout is moved into today's first and written back; the first layout's only at a timer at {@code t}.
     */
    private long[] load(long[] s, long t, TimerService timers) throws Exception {
        if (s != null && s.length == SUMS) return s;
        if (s != null && s.length == ARRAY_LAYOUT_SUMS) {
            // That layout had every other value already; its waiting milliseconds have timers of their own.
            long[] n = Arrays.copyOf(s, SUMS);
            n[WAKE_AT] = NONE;
            sums.update(n);
            return n;
        }
        // The earlier layouts kept a latest query time whenever they held anything, sums only after the first timer.
        Long last = earlierLastSeen.value();
        if (last == null) return null;
        long[] n;
        if (s == null) {
            n = empty();
        } else if (s.length == FIRST_LAYOUT_SUMS) {
            n = linkFirstLayout(s, t);
        } else {
            n = empty();
            System.arraycopy(s, 0, n, 0, QUEUE_LAYOUT_SUMS);
        }
        n[LAST_SEEN] = last;
        Long cleanup = earlierCleanupAt.value();
        if (cleanup != null) {
            n[CLEANUP_AT] = cleanup;
        } else {
            n[CLEANUP_AT] = WindowedKeys.saturatedAdd(last, DAY);
            timers.registerEventTimeTimer(n[CLEANUP_AT]);
        }
        long[] until = earlierSuppressedUntil.value();
        if (until != null) System.arraycopy(until, 0, n, SUPPRESSED_UNTIL, 2);
        earlierLastSeen.clear();
        earlierCleanupAt.clear();
        earlierSuppressedUntil.clear();
        sums.update(n);
        return n;
    }

    /**
     * Every waiting millisecond the watermark has reached is judged, in time order, then the key's cleanup time if the
     * watermark has reached it: each timer of the key fires once the watermark has reached it, so whichever fires first
     * finds the others' work due.
     */
    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        TimerService timers = ctx.timerService();
        long watermark = Math.max(t, timers.currentWatermark());
        long[] s = load(sums.value(), t, timers);
        List<Long> due = new ArrayList<>();
        long next = NONE;
        for (Long time : pending.keys()) {
            if (time <= watermark) due.add(time);
            else if (next == NONE || time < next) next = time;
        }
        if (s == null) {
            // Only queries of the domain itself, on a key that holds nothing: volume 0.
            for (Long time : due) pending.remove(time);
            return;
        }
        due.sort(Comparator.naturalOrder());
        for (Long time : due) judgeAt(time, s, ctx, out);
        // The cleanup after the judgements, even if it is due before some of them: a key is idle at its cleanup
        // time only if every query that moved its latest time is a day older, so the milliseconds judged after it
        // can only be queries of the domain itself that came before any subdomain, which find the window empty and
        // cannot alert (thresholds are at least 1). Such entries later than the cleanup go with the key. Two passes at
        // most: a cleanup time that is not done moves to the latest query time + 24 h, which is done if it is due.
        while (s[CLEANUP_AT] <= watermark) {
            if (WindowedKeys.done(s[CLEANUP_AT], s, LAST_SEEN, CLEANUP_AT, DAY, timers)) {
                pending.clear();
                entries.clear();
                slots.clear();
                sums.clear();
                return;
            }
        }
        s[WAKE_AT] = next;
        if (next != NONE) timers.registerEventTimeTimer(next);
        sums.update(s);
    }

    /** The millisecond {@code t}: the window moves on to it, and its waiting queries join it and are judged. */
    private void judgeAt(long t, long[] s, OnTimerContext ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        expire(t, s);
        Pending now = pending.get(t);
        pending.remove(t);
        add(t, now, s);
        enforceCap(t, s);
        judge(t, s, ctx, out);
    }

    private static long[] empty() {
        long[] s = new long[SUMS];
        s[DAY_FRONT] = NONE;
        s[HOUR_FRONT] = NONE;
        s[TAIL] = NONE;
        s[SUPPRESSED_UNTIL] = Long.MIN_VALUE;
        s[SUPPRESSED_UNTIL + 1] = Long.MIN_VALUE;
        s[WAKE_AT] = NONE;
        return s;
    }

    /** Whether the millisecond {@code time} is at or before {@code t - window}, so out of that window at {@code t}. */
    private static boolean outOfWindow(long time, long t, long window) {
        return t >= Long.MIN_VALUE + window && time <= t - window;
    }

    /**
     * The first layout's state linked into a queue, at the key's first timer {@code t} after a restore: its timers
     * have taken every millisecond whose day ended before {@code t} out of the state and every one whose hour ended
     * before {@code t} out of the hour's sums, so the hour's front is the first whose hour ends at or after {@code t}.
     */
    private long[] linkFirstLayout(long[] first, long t) throws Exception {
        long[] s = empty();
        System.arraycopy(first, 0, s, 0, FIRST_LAYOUT_SUMS);
        List<Long> times = new ArrayList<>();
        for (Long time : slots.keys()) times.add(time);
        times.sort(Comparator.naturalOrder());
        for (int i = 0; i < times.size(); i++) {
            long time = times.get(i);
            Slot slot = slots.get(time);
            slot.next = i + 1 < times.size() ? times.get(i + 1) : NONE;
            slots.put(time, slot);
            if (s[HOUR_FRONT] == NONE && WindowedKeys.saturatedAdd(time, HOUR) >= t) s[HOUR_FRONT] = time;
        }
        if (!times.isEmpty()) {
            s[DAY_FRONT] = times.get(0);
            s[TAIL] = times.get(times.size() - 1);
        }
        return s;
    }

    /**
     * The milliseconds at or before {@code t - 1 h} leave the hour's sums, those at or before {@code t - 24 h} the
     * day's and the state, from the queue's front (t − W &lt; time is in): each subdomain whose latest query was then
     * leaves the tier.
     */
    private void expire(long t, long[] s) throws Exception {
        long front = s[HOUR_FRONT];
        while (front != NONE && outOfWindow(front, t, HOUR)) {
            Slot slot = slots.get(front);
            for (long h : slot.hashes) {
                Entry e = entries.get(h);
                if (e != null && e.latest == front) {
                    s[HOUR_VOLUME] -= e.length;
                    s[HOUR_DISTINCT]--;
                }
            }
            front = slot.next;
        }
        s[HOUR_FRONT] = front;
        while (s[DAY_FRONT] != NONE && outOfWindow(s[DAY_FRONT], t, DAY)) dropOldest(t, s);
    }

    /**
     * The queue's oldest millisecond leaves the state with the subdomains last queried then, out of the day's sums
     * and, if it is still within the hour of {@code t}, the hour's; returns how many subdomains left.
     */
    private int dropOldest(long t, long[] s) throws Exception {
        long time = s[DAY_FRONT];
        Slot slot = slots.get(time);
        int dropped = 0;
        for (long h : slot.hashes) {
            Entry e = entries.get(h);
            if (e == null || e.latest != time) continue;
            s[DAY_VOLUME] -= e.length;
            s[DAY_DISTINCT]--;
            if (!outOfWindow(time, t, HOUR)) {
                s[HOUR_VOLUME] -= e.length;
                s[HOUR_DISTINCT]--;
            }
            entries.remove(h);
            s[ENTRIES]--;
            dropped++;
        }
        slots.remove(time);
        s[SLOTS]--;
        if (s[HOUR_FRONT] == time) s[HOUR_FRONT] = slot.next;
        s[DAY_FRONT] = slot.next;
        if (slot.next == NONE) {
            s[HOUR_FRONT] = NONE;
            s[TAIL] = NONE;
        }
        return dropped;
    }

    private void add(long t, Pending now, long[] s) throws Exception {
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
        // Judgements come in time order, so t is the newest millisecond: the queue's tail.
        if (s[TAIL] == NONE) {
            s[DAY_FRONT] = t;
        } else {
            Slot tail = slots.get(s[TAIL]);
            tail.next = t;
            slots.put(s[TAIL], tail);
        }
        if (s[HOUR_FRONT] == NONE) s[HOUR_FRONT] = t;
        s[TAIL] = t;
    }

    /** Past the cap, the oldest milliseconds go with the subdomains last queried then, down to 63/64 of the cap. */
    private void enforceCap(long t, long[] s) throws Exception {
        int cap = params.maxSubdomains();
        if (s[ENTRIES] <= cap && s[SLOTS] <= cap) return;
        long target = cap - cap / 64;
        while (s[DAY_FRONT] != NONE) {
            if ((s[ENTRIES] <= target && s[SLOTS] <= target) || s[DAY_FRONT] == t) break;
            overCap.inc(dropOldest(t, s));
        }
    }

    private void judge(long t, long[] s, OnTimerContext ctx, Collector<ExfilVolumeAlert> out) throws Exception {
        for (ExfilParams.Tier tier : params.tiers()) {
            long volume = tier.index() == 0 ? s[HOUR_VOLUME] : s[DAY_VOLUME];
            long distinct = tier.index() == 0 ? s[HOUR_DISTINCT] : s[DAY_DISTINCT];
            if (volume < tier.minChars() || distinct < tier.minSubdomains()) continue;
            if (t < s[SUPPRESSED_UNTIL + tier.index()]) continue;
            out.collect(details(t, tier, volume, (int) distinct, ctx));
            s[SUPPRESSED_UNTIL + tier.index()] = WindowedKeys.saturatedAdd(t, tier.windowMillis());
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
