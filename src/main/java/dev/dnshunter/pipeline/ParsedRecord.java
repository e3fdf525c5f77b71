package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.exclusions.ExclusionChange;

/**
 * One input record as it leaves a source: parsed at the edge, so that event time (and per-partition watermarks in
 * Kafka) comes from the record itself, and so that a record that cannot be parsed keeps where it came from. Exactly
 * one field is set.
 */
public class ParsedRecord {
    /** Event time, epoch ms; {@link Long#MIN_VALUE} for a dead letter, which never moves a watermark. */
    public long time = Long.MIN_VALUE;
    public DnsEvent dnsEvent;
    public Flow flow;
    public TxtQuery txtQuery;
    public ExclusionChange exclusionChange;
    public DeadLetter deadLetter;

    public ParsedRecord() {}

    public static ParsedRecord dead(DeadLetter d) {
        ParsedRecord r = new ParsedRecord();
        r.deadLetter = d;
        return r;
    }

    public static long timeOf(ParsedRecord r) {
        return r.time;
    }
}
