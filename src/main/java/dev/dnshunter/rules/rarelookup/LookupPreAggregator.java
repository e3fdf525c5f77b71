package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rules.rarelookup.DomainTallies.Tally;
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
 * lookups are forwarded until the counts build up again. The table is {@link DomainTallies}, keyed by the domain's
 * partition key.
 *
 * <p>Not for streaming: there a tally would have to be emitted before the watermark passes its bucket, and a
 * streaming job's state holds the counts anyway.
 */
public class LookupPreAggregator extends AbstractStreamOperator<DnsLookup>
        implements OneInputStreamOperator<DnsLookup, DnsLookup>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** About 280 bytes each (nine buckets) and 10 MB of table: 200,000 domains are some 65 MB of heap per subtask. */
    public static final int DEFAULT_MAX_DOMAINS = 200_000;

    private final DetectionConfig config;
    private final int maxDomains;
    private transient DomainTallies tallies;
    private transient Counter folded;
    private transient Counter forwarded;

    public LookupPreAggregator(DetectionConfig config, int maxDomains) {
        this.config = config;
        this.maxDomains = maxDomains;
    }

    @Override
    public void open() throws Exception {
        super.open();
        tallies = new DomainTallies(maxDomains, config.lookbackBuckets() + 2);
        folded = getMetricGroup().counter("lookupsFolded");
        forwarded = getMetricGroup().counter("lookupsForwarded");
    }

    @Override
    public void processElement(StreamRecord<DnsLookup> element) {
        DnsLookup lookup = element.getValue();
        long bucket = config.bucketOf(lookup.time);
        Tally tally = tallies.get(lookup.domainKeyHigh, lookup.domainKeyLow);
        if (tally == null) {
            if (tallies.full()) sendAllTallies();
            tally = tallies.add(lookup.domain, lookup.domainKeyHigh, lookup.domainKeyLow);
        }
        boolean needsVerdict = lookup.time >= config.detectFromMillis() && lookup.publicAddresses.length > 0
                && !config.cannotBeRare(tally.knownBefore(bucket, config.lookbackBuckets()));
        int slot = tally.slotOf(bucket);
        if (slot < 0) {
            slot = tally.oldest();
            if (tally.pending(slot) > 0) emit(tally, tally.bucket(slot), tally.pending(slot));
            tally.reuse(slot, bucket);
        }
        tally.count(slot, lookup.lookups, !needsVerdict);
        if (needsVerdict) {
            forwarded.inc(lookup.lookups);
            output.collect(element);
        } else {
            folded.inc(lookup.lookups);
        }
    }

    @Override
    public void endInput() {
        sendAllTallies();
    }

    private void sendAllTallies() {
        tallies.drain(this::emitPending);
    }

    private void emitPending(Tally tally) {
        for (int i = 0; i < tally.size(); i++) {
            if (tally.pending(i) > 0) emit(tally, tally.bucket(i), tally.pending(i));
        }
    }

    private void emit(Tally tally, long bucket, long lookups) {
        long start = config.bucketStart(bucket);
        output.collect(new StreamRecord<>(DnsLookup.tally(start, tally.domain, Tuple2.of(tally.keyHigh, tally.keyLow), lookups), start));
    }
}
