package dev.dnshunter.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a run over files did with every line, from the job's accumulators (they reach the client from any cluster):
 * lines read (counted by the file reader), rows used by a rule, rows skipped (well-formed, of a kind no rule uses),
 * blank lines and dead letters, plus the files that could not be read to their end. For a complete run
 * {@code read = used + skipped + blank + deadLetters}.
 */
public final class InputCounts {
    public static final String READ = "linesRead";
    public static final String USED = "rowsUsed";
    public static final String SKIPPED = "rowsSkipped";
    public static final String BLANK = "blankLines";
    public static final String DEAD_LETTERS = "rowDeadLetters";
    public static final String DAMAGED_FILES = "damagedFiles";

    public final long read;
    public final long used;
    public final long skipped;
    public final long blank;
    public final long deadLetters;
    /** The reason of each file that could not be read to its end (it names the file), sorted. */
    public final List<String> damagedFiles;

    public InputCounts(long read, long used, long skipped, long blank, long deadLetters, List<String> damagedFiles) {
        this.read = read;
        this.used = used;
        this.skipped = skipped;
        this.blank = blank;
        this.deadLetters = deadLetters;
        this.damagedFiles = List.copyOf(damagedFiles);
    }

    public static InputCounts of(JobExecutionResult result) {
        Map<String, Object> a = result.getAllAccumulatorResults();
        List<String> damaged = new ArrayList<>();
        if (a.get(DAMAGED_FILES) instanceof List<?> list) for (Object o : list) damaged.add(String.valueOf(o));
        damaged.sort(null);
        return new InputCounts(number(a, READ), number(a, USED), number(a, SKIPPED), number(a, BLANK), number(a, DEAD_LETTERS), damaged);
    }

    private static long number(Map<String, Object> a, String name) {
        return a.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** Whether every line read is accounted for. */
    public boolean balanced() {
        return read == used + skipped + blank + deadLetters;
    }

    /** One line: the equation of the lines read. */
    public String lines() {
        return String.format("%d lines read = %d used + %d skipped + %d blank + %d dead letters%s", read, used, skipped, blank,
                deadLetters, balanced() ? "" : " (does not add up)");
    }
}
