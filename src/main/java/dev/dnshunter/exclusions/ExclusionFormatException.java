package dev.dnshunter.exclusions;

/**
 * An exclusion list that cannot be used, with the place to fix it: {@code <file>:<line>: <reason>}. A list is refused
 * as a whole, because loading the rest would silently alert on what the broken entry meant to exclude, or worse,
 * exclude what a misread one did not mean to.
 */
public final class ExclusionFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /** @param line 1-based, or 0 when the problem has no line (the file could not be read) */
    public ExclusionFormatException(String source, int line, String reason) {
        super(line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    /** 1-based; 0 when there is no line to point at. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
