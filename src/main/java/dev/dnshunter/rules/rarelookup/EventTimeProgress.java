package dev.dnshunter.rules.rarelookup;

/**
 * How far event time has provably advanced for the current key: every record at or before the returned instant has
 * been seen.
 *
 * <p>In STREAMING this is the watermark. In BATCH the watermark stays at its minimum until the end of each key, but
 * Flink sorts every keyed input by key and then timestamp (across both inputs of a two-input operator too), so a
 * record at time t proves that all records before t were seen. Using that lets the keyed functions decide and forget
 * as they go in a backfill instead of buffering a whole key until its end.
 */
public final class EventTimeProgress {
    private EventTimeProgress() {}

    public static long of(long watermark, boolean inputSortedByTime, long currentRecordTime) {
        return inputSortedByTime ? Math.max(watermark, currentRecordTime - 1) : watermark;
    }
}
