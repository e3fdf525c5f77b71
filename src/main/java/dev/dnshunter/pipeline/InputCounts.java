package dev.dnshunter.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a run over files did with every line, from the job's accumulators (they reach the client from any cluster):
 * lines read (counted by the file reader), rows used by a rule, rows skipped (well-formed, of a kind no rule uses),
 * blank lines and dead letters, plus the files that could not be read to their end; in all and per input, skipped rows
 * also by reason. For a complete run {@code read = used + skipped + blank + deadLetters}, in all and for each input,
 * and the skipped rows by reason add up to {@code skipped}.
 */
public final class InputCounts {
    public static final String READ = "linesRead";
    public static final String USED = "rowsUsed";
    public static final String SKIPPED = "rowsSkipped";
    public static final String BLANK = "blankLines";
    public static final String DEAD_LETTERS = "rowDeadLetters";
    public static final String DAMAGED_FILES = "damagedFiles";
    private static final List<String> COUNTS = List.of(READ, USED, SKIPPED, BLANK, DEAD_LETTERS);

    public final long read;
    public final long used;
    public final long skipped;
    public final long blank;
    public final long deadLetters;
    /** The reason of each file that could not be read to its end (it names the file), sorted. */
    public final List<String> damagedFiles;
    /** The skipped rows by reason, sorted by reason; empty when not counted by reason. */
    public final Map<String, Long> skippedByReason;
    /** The same counts for each input that was read, by input id (sorted); empty for the counts of one input. */
    public final Map<String, InputCounts> inputs;

    public InputCounts(long read, long used, long skipped, long blank, long deadLetters, List<String> damagedFiles) {
        this(read, used, skipped, blank, deadLetters, damagedFiles, Map.of(), Map.of());
    }

    public InputCounts(long read, long used, long skipped, long blank, long deadLetters, List<String> damagedFiles,
            Map<String, Long> skippedByReason, Map<String, InputCounts> inputs) {
        this.read = read;
        this.used = used;
        this.skipped = skipped;
        this.blank = blank;
        this.deadLetters = deadLetters;
        this.damagedFiles = List.copyOf(damagedFiles);
        this.skippedByReason = Collections.unmodifiableMap(new TreeMap<>(skippedByReason));
        this.inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
    }

    /** The name of an input's accumulator of one of the counts ({@link #READ}, ...). */
    public static String perInput(String count, String input) {
        return count + "/" + input;
    }

    /** The name of the accumulator of the rows of {@code input} skipped for {@code reason}. */
    public static String skippedName(String input, String reason) {
        return SKIPPED + "/" + input + "/" + reason;
    }

    public static InputCounts of(JobExecutionResult result) {
        return of(result.getAllAccumulatorResults());
    }

    public static InputCounts of(Map<String, Object> a) {
        List<String> damaged = new ArrayList<>();
        if (a.get(DAMAGED_FILES) instanceof List<?> list) for (Object o : list) damaged.add(String.valueOf(o));
        damaged.sort(null);
        // input -> count name -> value, and input -> reason -> skipped rows
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        a.forEach((name, value) -> {
            int slash = name.indexOf('/');
            if (slash < 0 || !(value instanceof Number n) || !COUNTS.contains(name.substring(0, slash))) return;
            String rest = name.substring(slash + 1);
            int second = rest.indexOf('/');
            if (second < 0) {
                counts.computeIfAbsent(rest, k -> new TreeMap<>()).put(name.substring(0, slash), n.longValue());
            } else if (name.startsWith(SKIPPED + "/") && n.longValue() != 0) {
                reasons.computeIfAbsent(rest.substring(0, second), k -> new TreeMap<>()).put(rest.substring(second + 1), n.longValue());
            }
        });
        Map<String, InputCounts> inputs = new TreeMap<>();
        Map<String, Long> allReasons = new TreeMap<>();
        counts.forEach((input, c) -> {
            Map<String, Long> r = reasons.getOrDefault(input, Map.of());
            r.forEach((reason, n) -> allReasons.merge(reason, n, Long::sum));
            inputs.put(input, new InputCounts(c.getOrDefault(READ, 0L), c.getOrDefault(USED, 0L), c.getOrDefault(SKIPPED, 0L),
                    c.getOrDefault(BLANK, 0L), c.getOrDefault(DEAD_LETTERS, 0L), List.of(), r, Map.of()));
        });
        return new InputCounts(number(a, READ), number(a, USED), number(a, SKIPPED), number(a, BLANK), number(a, DEAD_LETTERS), damaged,
                allReasons, inputs);
    }

    private static long number(Map<String, Object> a, String name) {
        return a.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Whether every line read is accounted for; with counts per input (from a job), also in each input, and every
     * skipped row with its reason.
     */
    public boolean balanced() {
        if (read != used + skipped + blank + deadLetters) return false;
        if (inputs.isEmpty()) return true;
        return reasonsAddUp() && inputs.values().stream().allMatch(c -> c.balanced() && c.reasonsAddUp());
    }

    private boolean reasonsAddUp() {
        return skippedByReason.values().stream().mapToLong(Long::longValue).sum() == skipped;
    }

    /** One line: the equation of the lines read. */
    public String lines() {
        return String.format("%d lines read = %d used + %d skipped + %d blank + %d dead letters%s", read, used, skipped, blank,
                deadLetters, balanced() ? "" : " (does not add up)");
    }

    /**
     * One line per input: its equation, with the skipped rows by reason, such as
     * {@code   dns-events: 5 lines read = 3 used + 2 skipped (2 another SubType) + 0 blank + 0 dead letters}.
     */
    public List<String> inputLines() {
        List<String> out = new ArrayList<>();
        inputs.forEach((input, c) -> {
            StringBuilder why = new StringBuilder();
            c.skippedByReason.forEach((reason, n) -> why.append(why.length() == 0 ? " (" : ", ").append(n).append(' ').append(reason));
            if (why.length() > 0) why.append(')');
            out.add(String.format("  %s: %d lines read = %d used + %d skipped%s + %d blank + %d dead letters%s", input, c.read, c.used,
                    c.skipped, why, c.blank, c.deadLetters, c.balanced() && c.reasonsAddUp() ? "" : " (does not add up)"));
        });
        return out;
    }
}
