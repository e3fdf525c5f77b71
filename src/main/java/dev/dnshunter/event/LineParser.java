package dev.dnshunter.event;

import java.io.Serializable;

/** Turns one input line into a record, or null when the row is one the detections do not use. */
@FunctionalInterface
public interface LineParser<T> extends Serializable {
    T parse(String line) throws BadRecordException;

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
     * Why the last {@link #parse} returned null for a well-formed row (one with a {@link #skippedRowTime}): a short
     * constant such as "another SubType". Only meaningful right after such a row.
     */
    default String skippedReason() {
        return "not used";
    }
}
