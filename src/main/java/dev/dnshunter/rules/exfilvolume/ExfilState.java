package dev.dnshunter.rules.exfilvolume;

import dev.dnshunter.rules.Hashes;

/** The keyed-state values of {@link ExfilVolumeFunction}, as Flink POJOs. */
public final class ExfilState {
    private ExfilState() {}

    /** One distinct subdomain of the last 24 h: its length, latest query time and text (for the alert's samples). */
    public static class Entry {
        public int length;
        public long latest;
        public String text;

        public Entry() {}

        public Entry(int length, long latest, String text) {
            this.length = length;
            this.latest = latest;
            this.text = text;
        }
    }

    /** No millisecond: the end of the queue of {@link Slot}s. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * One millisecond of the last 24 h: the subdomain hashes queried then, how many queries it had, and the next
     * millisecond with queries ({@link #NONE} for the newest).
     */
    public static class Slot {
        public long[] hashes = new long[0];
        public int queries;
        public long next = NONE;

        public Slot() {}
    }

    /** Queries of one millisecond waiting for the watermark: their non-empty subdomains (repeats kept). */
    public static class Pending {
        public String[] subdomains = new String[0];

        public Pending() {}

        public Pending with(String subdomain) {
            Pending p = new Pending();
            p.subdomains = java.util.Arrays.copyOf(subdomains, subdomains.length + 1);
            p.subdomains[subdomains.length] = subdomain;
            return p;
        }
    }

    /** A 64-bit hash of a subdomain: FNV-1a over its characters, then the MurmurHash3 finaliser. */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return Hashes.murmur3Finaliser(h);
    }
}
