package dev.dnshunter.exclusions;

/** An entry that cannot be accepted, with the line of the field (or entry) at fault when the input has lines. */
final class EntryException extends Exception {
    private static final long serialVersionUID = 1L;

    final int line;

    EntryException(String reason, int line) {
        super(reason, null, false, false);
        this.line = line;
    }
}
