package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import dev.dnshunter.config.DetectionConfig;
import java.util.Iterator;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Backfills only, in the source task before the shuffle by domain: folds the lookups that cannot get a rare verdict
 * into per-(domain, bucket) {@link DnsLookup#tally tallies}, and forwards the others unchanged. Most lookups are of
 * common domains, and the baseline only needs their counts, so far fewer records are serialized, sorted and read
 * by {@link DomainBaselineFunction}.
 *
 * <p>A lookup is folded when it cannot be rare: before the detection start, without a public address, or of a domain
 * whose lookups this subtask has already counted in the lookback reach a count that is not rare. Local counts are a
 * lower bound of the whole input's, and rarity only decreases with the count ({@link DetectionConfig#cannotBeRare}),
 * so this holds in whatever order the files are read. Every lookup is counted exactly once: forwarded ones by
 * themselves, folded ones in a tally.
 *
 * <p>Tallies are emitted at the end of the input (or when the table is full) with the start of their bucket as
 * timestamp. BATCH mode sorts each keyed input by key and time, so a bucket's tally reaches the baseline before any
 * lookup of a later bucket, which is all a verdict reads. Memory is bounded: at most {@code maxDomains} domains are
 * tracked, each with lookback + 2 buckets; a full table sends all its tallies on and starts empty (a plain hash map
 * was cheaper per lookup than keeping the popular domains in an LRU order), which only costs knowledge, so more
 * lookups are forwarded until the counts build up again.
 *
 * <p>Not for streaming: there a tally would have to be emitted before the watermark passes its bucket, and a
 * streaming job's state holds the counts anyway.
 */
public class LookupPreAggregator extends AbstractStreamOperator<DnsLookup>
        implements OneInputStreamOperator<DnsLookup, DnsLookup>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** About 450 bytes each (nine buckets): 200,000 domains are some 90 MB of heap per subtask. */
    public static final int DEFAULT_MAX_DOMAINS = 200_000;

    private final DetectionConfig config;
    private final int maxDomains;
    private transient Map<String, Tally> tallies;
    private transient Counter folded;
    private transient Counter forwarded;

    public LookupPreAggregator(DetectionConfig config, int maxDomains) {
        this.config = config;
        this.maxDomains = maxDomains;
    }

    @Override
    public void open() throws Exception {
        super.open();
        tallies = new HashMap<>();
        folded = getMetricGroup().counter("lookupsFolded");
        forwarded = getMetricGroup().counter("lookupsForwarded");
    }

    @Override
    public void processElement(StreamRecord<DnsLookup> element) {
        DnsLookup lookup = element.getValue();
        long bucket = config.bucketOf(lookup.time);
        Tally tally = tallies.get(lookup.domain);
        if (tally == null) {
            if (tallies.size() >= maxDomains) sendAllTallies();
            tally = new Tally(lookup.domainKey(), config.lookbackBuckets() + 2);
            tallies.put(lookup.domain, tally);
        }
        boolean needsVerdict = lookup.time >= config.detectFromMillis() && lookup.publicAddresses.length > 0
                && !config.cannotBeRare(tally.knownBefore(bucket, config.lookbackBuckets()));
        int slot = tally.slotOf(bucket);
        if (slot < 0) {
            slot = tally.oldest();
            if (tally.pending[slot] > 0) emit(lookup.domain, tally, tally.buckets[slot], tally.pending[slot]);
            tally.reuse(slot, bucket);
        }
        tally.known[slot] += lookup.lookups;
        if (needsVerdict) {
            forwarded.inc(lookup.lookups);
            output.collect(element);
        } else {
            tally.pending[slot] += lookup.lookups;
            folded.inc(lookup.lookups);
        }
    }

    @Override
    public void endInput() {
        sendAllTallies();
    }

    private void sendAllTallies() {
        for (Iterator<Map.Entry<String, Tally>> it = tallies.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Tally> e = it.next();
            emitPending(e.getKey(), e.getValue());
            it.remove();
        }
    }

    private void emitPending(String domain, Tally tally) {
        for (int i = 0; i < tally.size; i++) {
            if (tally.pending[i] > 0) emit(domain, tally, tally.buckets[i], tally.pending[i]);
        }
    }

    private void emit(String domain, Tally tally, long bucket, long lookups) {
        long start = config.bucketStart(bucket);
        output.collect(new StreamRecord<>(DnsLookup.tally(start, domain, tally.domainKey, lookups), start));
    }

    /** One domain's counts by bucket on this subtask: all lookups seen (known) and those not yet sent on (pending). */
    static final class Tally {
        final Tuple2<Long, Long> domainKey;
        final long[] buckets;
        final long[] known;
        final long[] pending;
        int size;

        Tally(Tuple2<Long, Long> domainKey, int capacity) {
            this.domainKey = domainKey;
            buckets = new long[capacity];
            known = new long[capacity];
            pending = new long[capacity];
        }

        long knownBefore(long bucket, int lookback) {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                if (buckets[i] < bucket && buckets[i] >= bucket - lookback) sum += known[i];
            }
            return sum;
        }

        /** The slot of {@code bucket}, a new one if there is room, or -1 when every slot holds another bucket. */
        int slotOf(long bucket) {
            for (int i = 0; i < size; i++) if (buckets[i] == bucket) return i;
            if (size == buckets.length) return -1;
            buckets[size] = bucket;
            return size++;
        }

        int oldest() {
            int oldest = 0;
            for (int i = 1; i < size; i++) if (buckets[i] < buckets[oldest]) oldest = i;
            return oldest;
        }

        void reuse(int slot, long bucket) {
            buckets[slot] = bucket;
            known[slot] = 0;
            pending[slot] = 0;
        }
    }
}
