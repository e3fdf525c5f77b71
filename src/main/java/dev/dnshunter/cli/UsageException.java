package dev.dnshunter.cli;

/** A mistake on the command line: reported in one line with the usage, exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
