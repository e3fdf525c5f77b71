package dev.dnshunter.event;

import java.io.Serializable;
import java.util.List;

/** Turns one input line into a record, or null when the row is one the detections do not use. */
@FunctionalInterface
public interface LineParser<T> extends Serializable {
    /** The reason of a skipped row whose parser gives none. */
    String NOT_USED = "not used";
    /** The reason of a line that only describes the lines after it (a Zeek TSV {@code #} line). */
    String HEADER_LINE = "header line";

    T parse(String line) throws BadRecordException;

    /**
     * Whether the next line may be given to {@link #parse(byte[], int, int)} instead, when it is ASCII and starts
     * with '{': a parser that reads such a line from its bytes exactly as from its text.
     */
    default boolean parsesBytes() {
        return false;
    }

    /** A line of ASCII bytes starting with '{', parsed as {@link #parse(String)} would parse its text. */
    default T parse(byte[] ascii, int offset, int length) throws BadRecordException {
        return parse(new String(ascii, offset, length, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * The event time of the row the last {@link #parse} returned null for, when the row was a well-formed one the
     * detections do not use ({@link Long#MIN_VALUE} for a blank line, or a parser without the notion). Such a row still
     * shows how far its source's event time has come, so it moves the watermark: a topic whose rows are mostly of
     * other kinds would otherwise hold alerts back until it is declared idle.
     */
    default long skippedRowTime() {
        return Long.MIN_VALUE;
    }

    /**
     * Why the last {@link #parse} returned null for a well-formed row (one with a {@link #skippedRowTime}, or a header
     * line): a short constant such as "another SubType", never text with values of the row in it (it names a metric).
     * Only meaningful right after such a row.
     */
    default String skippedReason() {
        return NOT_USED;
    }

    /**
     * Whether a file whose first non-blank lines are these is of this parser's format (by its JSON keys, its header
     * line, ...): how {@code inspect} recognizes a file. A parser that cannot tell says no.
     */
    default boolean recognizes(List<String> firstLines) {
        return false;
    }
}
