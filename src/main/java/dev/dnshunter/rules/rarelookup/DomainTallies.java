package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.Hashes;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The per-domain tallies of {@link LookupPreAggregator}: an open-addressing table keyed by a domain's 128-bit
 * {@link PartitionKey#ofDomain key} (the key its baseline state has, so two domains share a tally exactly when they
 * would share that state), and each tally's buckets in one array.
 *
 * <p>Why not a {@code HashMap<String, Tally>}: a backfill looks a tally up once per lookup, over some 200,000
 * domains, and the map's node, the key {@code String} and its bytes each missed the CPU caches (the map's lookup was
 * 4 % of the kql-mode backfill's samples at 10 M events). Here a lookup reads two longs of one array, then the tally.
 */
final class DomainTallies {
    private final int maxDomains;
    private final int buckets;
    /** Two longs per slot, the key's high and low half; a slot is free when its tally is null. */
    private final long[] keys;
    private final Tally[] tallies;
    private final int mask;
    private int size;

    /** @param buckets how many buckets each tally keeps */
    DomainTallies(int maxDomains, int buckets) {
        if (maxDomains < 1) throw new IllegalArgumentException("maxDomains must be positive: " + maxDomains);
        this.maxDomains = maxDomains;
        this.buckets = buckets;
        int slots = Integer.highestOneBit(Math.max(2, maxDomains) * 2 - 1) << 1; // a power of two, at most half full
        keys = new long[2 * slots];
        tallies = new Tally[slots];
        mask = slots - 1;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= maxDomains;
    }

    /** The tally of the domain with key (high, low), or null. */
    Tally get(long high, long low) {
        for (int slot = slotOf(high, low); ; slot = (slot + 1) & mask) {
            Tally t = tallies[slot];
            if (t == null || (keys[2 * slot] == high && keys[2 * slot + 1] == low)) return t;
        }
    }

    /** A new, empty tally for a domain not in the table, which is not {@link #full}. */
    Tally add(String domain, long high, long low) {
        if (full()) throw new IllegalStateException("the table is full: send its tallies on first");
        int slot = slotOf(high, low);
        while (tallies[slot] != null) slot = (slot + 1) & mask;
        keys[2 * slot] = high;
        keys[2 * slot + 1] = low;
        Tally t = new Tally(domain, high, low, buckets);
        tallies[slot] = t;
        size++;
        return t;
    }

    /** Hands every tally to {@code each}, then empties the table. */
    void drain(Consumer<Tally> each) {
        for (Tally t : tallies) if (t != null) each.accept(t);
        Arrays.fill(tallies, null);
        size = 0;
    }

    private int slotOf(long high, long low) {
        return (int) Hashes.murmur3Finaliser(high * 31 + low) & mask;
    }

    /**
     * One domain's counts by bucket on this subtask: all lookups seen (known) and those not yet sent on (pending),
     * as (bucket, known, pending) triples in one array.
     */
    static final class Tally {
        final String domain;
        final long keyHigh;
        final long keyLow;
        private final long[] data;
        private int size;

        Tally(String domain, long keyHigh, long keyLow, int capacity) {
            this.domain = domain;
            this.keyHigh = keyHigh;
            this.keyLow = keyLow;
            data = new long[3 * capacity];
        }

        int size() {
            return size;
        }

        long bucket(int slot) {
            return data[3 * slot];
        }

        long known(int slot) {
            return data[3 * slot + 1];
        }

        long pending(int slot) {
            return data[3 * slot + 2];
        }

        void count(int slot, long lookups, boolean pendingToo) {
            data[3 * slot + 1] += lookups;
            if (pendingToo) data[3 * slot + 2] += lookups;
        }

        /** The lookups seen in the {@code lookback} buckets before {@code bucket}. */
        long knownBefore(long bucket, int lookback) {
            long sum = 0;
            for (int i = 0; i < 3 * size; i += 3) {
                if (data[i] < bucket && data[i] >= bucket - lookback) sum += data[i + 1];
            }
            return sum;
        }

        /** The slot of {@code bucket}, a new one if there is room, or -1 when every slot holds another bucket. */
        int slotOf(long bucket) {
            for (int i = 0; i < size; i++) if (data[3 * i] == bucket) return i;
            if (3 * size == data.length) return -1;
            data[3 * size] = bucket;
            return size++;
        }

        int oldest() {
            int oldest = 0;
            for (int i = 1; i < size; i++) if (data[3 * i] < data[3 * oldest]) oldest = i;
            return oldest;
        }

        void reuse(int slot, long bucket) {
            data[3 * slot] = bucket;
            data[3 * slot + 1] = 0;
            data[3 * slot + 2] = 0;
        }
    }
}
