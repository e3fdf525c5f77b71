package dev.dnshunter.exclusions;

import java.io.Serializable;
import java.util.Objects;

/**
 * An exclusion added or removed while the job runs. It takes effect from its own event time, not from when it arrives,
 * so that replaying history gives the decisions that were made at the time.
 */
public class ExclusionChange implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ADD = "add";
    public static final String REMOVE = "remove";

    /** When the change takes effect, epoch ms. */
    public long time;
    /** {@link #ADD} or {@link #REMOVE}. */
    public String op;
    /** The added entry; null for a removal. */
    public ExclusionEntry entry;
    /** The entry's id: the one removed, or for an addition the new entry's. */
    public String id;
    /** Who made the change (for an addition also the entry's author); null if unknown. */
    public String author;

    public ExclusionChange() {}

    public ExclusionChange(long time, String op, ExclusionEntry entry, String id) {
        this.time = time;
        this.op = op;
        this.entry = entry;
        this.id = id;
    }

    public static ExclusionChange add(long time, ExclusionEntry entry) {
        ExclusionChange c = new ExclusionChange(time, ADD, entry, entry.id);
        c.author = entry.author;
        return c;
    }

    public static ExclusionChange remove(long time, String id) {
        return new ExclusionChange(time, REMOVE, null, id);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExclusionChange c)) return false;
        return time == c.time && Objects.equals(op, c.op) && Objects.equals(entry, c.entry) && Objects.equals(id, c.id)
                && Objects.equals(author, c.author);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, op, entry, id, author);
    }

    @Override
    public String toString() {
        return "ExclusionChange{" + time + " " + op + " " + id + (entry == null ? "" : " " + entry)
                + (author == null ? "" : " by " + author) + "}";
    }
}
