package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.exclusions.ExclusionChange;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;

/**
 * One input record as it leaves a source: parsed at the edge, so that event time (and per-partition watermarks in
 * Kafka) comes from the record itself, and so that a record that cannot be parsed keeps where it came from. At most
 * one field is set: none for a well-formed row the detections do not use, which only carries its time.
 */
public class ParsedRecord {
    /** Event time, epoch ms; {@link Long#MIN_VALUE} for a dead letter, which never moves a watermark. */
    public long time = Long.MIN_VALUE;
    public DnsQuery dnsQuery;
    public NetworkFlow flow;
    public ExclusionChange exclusionChange;
    public DeadLetter deadLetter;
    /** For a row the detections do not use ({@link #carriesOnlyTime()}): why, a constant of its parser. */
    public String skipReason;
    /** Set only on the last record of a file, which carries no event: how many lines the file gave. */
    public FileTally fileTally;

    public ParsedRecord() {}

    public static ParsedRecord dead(DeadLetter d) {
        ParsedRecord r = new ParsedRecord();
        r.deadLetter = d;
        return r;
    }

    /** The record that ends a file: no event, only the file's counts. */
    public static ParsedRecord endOf(FileTally tally) {
        ParsedRecord r = new ParsedRecord();
        r.fileTally = tally;
        return r;
    }

    /** A row the detections do not use: it only moves event time forward. */
    public boolean carriesOnlyTime() {
        return deadLetter == null && dnsQuery == null && flow == null && exclusionChange == null && fileTally == null;
    }

    public static long timeOf(ParsedRecord r) {
        return r.time;
    }
}
