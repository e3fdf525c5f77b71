package dev.dnshunter.event;

/** A row that cannot be used: its message is the reason written to the dead-letter output. */
public final class BadRecordException extends Exception {
    public BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
