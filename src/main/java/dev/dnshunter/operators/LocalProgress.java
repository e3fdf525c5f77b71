package dev.dnshunter.operators;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records and characters read, for the progress line of a local run. The MiniCluster runs the job's tasks in the
 * command's own JVM, so plain static counters reach it; on a real cluster they stay at zero there and the Flink
 * metrics (numRecordsIn, deadLetters) are the place to look.
 */
public final class LocalProgress {
    public static final AtomicLong RECORDS = new AtomicLong();
    public static final AtomicLong CHARS = new AtomicLong();
    public static final AtomicLong DEAD_LETTERS = new AtomicLong();

    private LocalProgress() {}

    public static void reset() {
        RECORDS.set(0);
        CHARS.set(0);
        DEAD_LETTERS.set(0);
    }
}
