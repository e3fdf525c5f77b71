package dev.dnshunter.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event-time chores the query rules' keyed functions share: times that saturate instead of wrapping, a cleanup
 * timer that lets an idle key keep nothing, and a window of hits by time that sheds the expired ones. Static: each
 * function keeps its own state and descriptors.
 */
public final class WindowedKeys {
    private WindowedKeys() {}

    /** A condition read from state, e.g. that nothing is pending. */
    @FunctionalInterface
    public interface Check {
        boolean test() throws Exception;
    }

    /** The hits of one time of a window. */
    @FunctionalInterface
    public interface Hits<H> {
        void accept(long time, H hits) throws Exception;
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} where that overflows. */
    public static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * A query at {@code time} on a key whose latest query time was {@code last} (null: none): it moves the latest time
     * on, and arms the cleanup timer {@code horizon} after the later of the two when none is armed.
     */
    public static void seen(long time, Long last, ValueState<Long> lastSeen, ValueState<Long> cleanupAt, long horizon,
            TimerService timers) throws Exception {
        if (last == null || time > last) lastSeen.update(time);
        if (cleanupAt.value() == null) {
            long when = saturatedAdd(Math.max(time, last == null ? time : last), horizon);
            cleanupAt.update(when);
            timers.registerEventTimeTimer(when);
        }
    }

    /**
     * Whether the timer at {@code t} is the key's cleanup timer and the key has been idle for {@code horizon} with
     * {@code quiet} true: then the caller clears all its state. At its cleanup timer, a key that is not done gets the
     * timer again, {@code horizon} after its latest query.
     */
    public static boolean done(long t, ValueState<Long> lastSeen, ValueState<Long> cleanupAt, long horizon, Check quiet,
            TimerService timers) throws Exception {
        Long cleanup = cleanupAt.value();
        if (cleanup == null || cleanup != t) return false;
        long idleUntil = saturatedAdd(lastSeen.value(), horizon);
        if (idleUntil <= t && quiet.test()) return true;
        cleanupAt.update(idleUntil);
        timers.registerEventTimeTimer(idleUntil);
        return false;
    }

    /**
     * {@link #done} for a key whose latest query time and cleanup time are {@code s[last]} and {@code s[cleanup]} of
     * one array: on a timer that is not done, the array's cleanup time moves on (the caller writes the array back).
     */
    public static boolean done(long t, long[] s, int last, int cleanup, long horizon, TimerService timers) {
        if (s[cleanup] != t) return false;
        long idleUntil = saturatedAdd(s[last], horizon);
        if (idleUntil <= t) return true;
        s[cleanup] = idleUntil;
        timers.registerEventTimeTimer(idleUntil);
        return false;
    }

    /**
     * A per-key cap of queries per window-aligned slot of query time: whether one more query at {@code time} is kept
     * ({@code held} counts the slot's queries), or dropped and counted in {@code overCap}. A window spans two slots, so
     * it holds at most twice the cap.
     */
    public static boolean admit(MapState<Long, Integer> held, long time, long windowMillis, int cap, Counter overCap)
            throws Exception {
        long slot = Math.floorDiv(time, windowMillis);
        Integer h = held.get(slot);
        int count = h == null ? 0 : h;
        if (count >= cap) {
            overCap.inc();
            return false;
        }
        held.put(slot, count + 1);
        return true;
    }

    /** Forgets the counts of slots that end before the window of {@code t} begins. */
    public static void forgetSlots(MapState<Long, Integer> held, long t, long windowMillis) throws Exception {
        List<Long> oldSlots = new ArrayList<>();
        long firstLiveSlot = Math.floorDiv(t - windowMillis, windowMillis);
        for (Long slot : held.keys()) if (slot < firstLiveSlot) oldSlots.add(slot);
        for (Long slot : oldSlots) held.remove(slot);
    }

    /**
     * The hits of {@code window} with {@code t - windowMillis < time <= t}, to {@code live}; those at or before
     * {@code t - windowMillis} leave the window.
     */
    public static <H> void window(MapState<Long, H> window, long t, long windowMillis, Hits<H> live) throws Exception {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, H> e : window.entries()) {
            long time = e.getKey();
            if (time <= t - windowMillis) {
                expired.add(time);
            } else if (time <= t) {
                live.accept(time, e.getValue());
            }
        }
        for (Long time : expired) window.remove(time);
    }
}
