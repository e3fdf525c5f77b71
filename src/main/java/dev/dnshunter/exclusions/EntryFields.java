package dev.dnshunter.exclusions;

import dev.dnshunter.event.Reasons;
import java.util.Arrays;

/**
 * The fields of one exclusion as written, and the rules that turn them into an {@link ExclusionEntry}; shared so that a
 * list file and a change line are judged alike. Not thread-safe: each parser owns one and reuses it.
 */
final class EntryFields {
    static final int DOMAIN = 0;
    static final int ADDRESS = 1;
    static final int HOST = 2;
    static final int COMMENT = 3;
    static final int EXPIRES = 4;
    static final int ID = 5;
    static final int AUTHOR = 6;
    static final int FORCE = 7;

    static final String[] KEYS = {
        ExclusionEntry.DOMAIN, ExclusionEntry.ADDRESS, ExclusionEntry.HOST, "comment", "expires", "id", "author", "force"
    };

    /** Longer than any user or service name; an author is a name, not a place for text. */
    static final int MAX_AUTHOR_LENGTH = 256;

    private final boolean[] present = new boolean[KEYS.length];
    /** Null for a key written without a value. */
    private final String[] values = new String[KEYS.length];
    private final int[] lines = new int[KEYS.length];
    private int entryLine;

    void reset(int entryLine) {
        Arrays.fill(present, false);
        Arrays.fill(values, null);
        Arrays.fill(lines, 0);
        this.entryLine = entryLine;
    }

    /** The field index of {@code key}, or -1 if an exclusion has no such field. */
    static int indexOf(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) return i;
        }
        return -1;
    }

    boolean isPresent(int field) {
        return present[field];
    }

    void set(int field, String value, int line) {
        present[field] = true;
        values[field] = value;
        lines[field] = line;
    }

    String value(int field) {
        return values[field];
    }

    int line(int field) {
        return present[field] ? lines[field] : entryLine;
    }

    /**
     * The entry these fields describe, its id defaulted; uniqueness of ids is the caller's business.
     *
     * @param guard the breadth limits, waived by {@code force: true}
     */
    ExclusionEntry build(Guardrails guard) throws EntryException {
        int kind = -1;
        for (int k = DOMAIN; k <= HOST; k++) {
            if (!present[k]) continue;
            // Point at the second kind written: that is where the entry stopped making sense.
            if (kind >= 0) throw new EntryException("entry needs exactly one of domain, address, host", lines[k]);
            kind = k;
        }
        if (kind < 0) throw new EntryException("entry needs exactly one of domain, address, host", entryLine);
        String kindName = KEYS[kind];
        String value = Values.normalise(kindName, values[kind]);
        if (value == null) throw new EntryException(Values.invalidReason(kindName, values[kind]), lines[kind]);

        String comment = values[COMMENT];
        if (comment == null || comment.isBlank()) throw new EntryException("comment is required", line(COMMENT));

        long expires = ExclusionEntry.NEVER;
        if (present[EXPIRES]) {
            // An empty expires would otherwise mean "never", the one reading that can hide alerts for good.
            Long millis = Values.instant(values[EXPIRES]);
            if (millis == null) {
                throw new EntryException("expires is not an ISO-8601 instant: "
                        + Reasons.quote(values[EXPIRES] == null ? "" : values[EXPIRES]), lines[EXPIRES]);
            }
            expires = millis;
        }

        String id = ExclusionEntry.defaultId(kindName, value);
        if (present[ID]) {
            if (values[ID] == null || values[ID].isBlank()) throw new EntryException("id must not be blank", lines[ID]);
            id = values[ID].trim();
        }
        ExclusionEntry entry = new ExclusionEntry(id, kindName, value, comment.trim(), expires);
        entry.author = author();
        boolean force = force();
        String refusal = guard.refusal(entry);
        if (refusal != null && !force) throw new EntryException(refusal, lines[kind]);
        return entry;
    }

    /** {@code force} as written: true or false (any case); absent is false. */
    private boolean force() throws EntryException {
        if (!present[FORCE]) return false;
        String v = values[FORCE] == null ? "" : values[FORCE].trim();
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new EntryException("force must be true or false, not " + Reasons.quote(v), lines[FORCE]);
    }

    /** The {@code author} field, trimmed; null when absent. */
    String author() throws EntryException {
        if (!present[AUTHOR]) return null;
        return checkedAuthor(values[AUTHOR], lines[AUTHOR]);
    }

    /** A non-blank name of at most {@link #MAX_AUTHOR_LENGTH} characters without control characters, trimmed. */
    static String checkedAuthor(String raw, int line) throws EntryException {
        String a = raw == null ? "" : raw.trim();
        if (a.isEmpty()) throw new EntryException("author must not be blank", line);
        if (a.length() > MAX_AUTHOR_LENGTH) {
            throw new EntryException("author is longer than " + MAX_AUTHOR_LENGTH + " characters", line);
        }
        for (int i = 0; i < a.length(); i++) {
            if (Character.isISOControl(a.charAt(i))) throw new EntryException("author contains a control character", line);
        }
        return a;
    }
}
