package dev.dnshunter.event;

import java.io.Serializable;

/** Turns one input line into a record, or null when the row is one the detections do not use. */
@FunctionalInterface
public interface LineParser<T> extends Serializable {
    T parse(String line) throws BadRecordException;
}
