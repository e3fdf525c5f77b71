package dev.dnshunter.event;

import java.util.Objects;

/** A record the job could not use, kept with where it came from and why, so nothing vanishes silently. */
public class DeadLetter {
    public static final String LATE = "late";
    /** How the reason of a file that could not be read to its end begins; the record is the file. */
    public static final String UNREADABLE_FILE = "unreadable file: ";
    /** How the reason of a file line that is not valid UTF-8 begins; its bytes are kept in {@link #raw}. */
    public static final String INVALID_UTF8 = "invalid UTF-8";
    /** Dated further ahead of the processing clock than {@code --max-future} allows. */
    public static final String FUTURE = "future";

    /** Which input: dns-events, firewall-events, vm-connections. */
    public String source;
    public String reason;
    /** The original line (decoded as UTF-8 for a Kafka record), or for a late event the parsed record. */
    public String record;
    /** A Kafka record's exact value bytes, or a file line's that is not UTF-8; null otherwise. */
    public byte[] raw;
    /** Where a Kafka record came from; null / -1 for files. */
    public String topic;
    public int partition = -1;
    public long offset = -1;
    /**
     * Set when the record was longer than the output limit and only a prefix is kept: its length in bytes (of the
     * Kafka value, or of the line in UTF-8) and the hex SHA-256 of those bytes; -1 and null otherwise.
     */
    public long originalLength = -1;
    public String originalSha256;

    public DeadLetter() {}

    public DeadLetter(String source, String reason, String record) {
        this.source = source;
        this.reason = reason;
        this.record = record;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeadLetter d)) return false;
        return Objects.equals(source, d.source) && Objects.equals(reason, d.reason) && Objects.equals(record, d.record);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, reason, record);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + source + ": " + reason + ": " + record + "}";
    }
}
