package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.event.LineParser;

/**
 * A parser of one Log Analytics table whose row can be filled from a JSON line ({@link #parse}) or, column by column,
 * from another encoding of the same table (the portal's CSV export, {@link SentinelFileParser}).
 */
public interface SentinelTableParser<T> extends LineParser<T> {
    /** The row {@link #fromRow} reads; its column names are the table's. */
    JsonRow row();

    /** The record of the row just filled; null for a row the detections do not use. */
    T fromRow() throws BadRecordException;

    /** A JSON line given as UTF-8 bytes that starts with '{': as {@link #parse(String)} of its text. */
    @Override
    default T parse(byte[] utf8, int offset, int length) throws BadRecordException {
        if (!row().read(utf8, offset, length)) return null;
        return fromRow();
    }

    /** A parser of the same table and settings with a row of its own. */
    SentinelTableParser<T> copy();
}
