package dev.dnshunter.exclusions;

import dev.dnshunter.net.IpAddress;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exclusions with their history, so that an event is judged by the exclusions in force at its own time: a removal
 * applied now must not resurrect alerts for events before it, nor an addition hide alerts that were already due.
 *
 * <p>Each id keeps its changes in time order; a version of an entry is in force from the time it was added until the
 * id's next change or its own expiry, whichever comes first. Changes may be applied in any order; two changes of one
 * id at the same instant resolve to the one applied last. Not thread-safe.
 */
public final class ExclusionSet implements Serializable {
    private static final long serialVersionUID = 1L;

    /** id, in the deterministic order matches are reported in, to that id's changes by time; null marks a removal. */
    private final TreeMap<String, TreeMap<Long, ExclusionEntry>> history = new TreeMap<>();

    public ExclusionSet() {}

    /**
     * Puts {@code e} in force from {@code from} until the next change of its id. Re-adding an id in force replaces its
     * current version from {@code from} on, which is how a comment or expiry is updated. The entry is copied.
     */
    public void add(ExclusionEntry e, long from) {
        Objects.requireNonNull(e, "entry");
        Objects.requireNonNull(e.id, "entry id");
        history.computeIfAbsent(e.id, k -> new TreeMap<>()).put(from, e.copy());
    }

    /** Adds every entry from {@code from}, e.g. a list file loaded at start with {@code Long.MIN_VALUE}. */
    public void addAll(Iterable<ExclusionEntry> entries, long from) {
        for (ExclusionEntry e : entries) add(e, from);
    }

    /**
     * Ends whatever version of {@code id} is in force at {@code at}. The removal is remembered even for an id not (yet)
     * known, so that an addition stamped earlier but applied later still ends here.
     *
     * @return whether a version of {@code id} was in force at {@code at} before this call
     */
    public boolean remove(String id, long at) {
        Objects.requireNonNull(id, "id");
        TreeMap<Long, ExclusionEntry> versions = history.computeIfAbsent(id, k -> new TreeMap<>());
        Map.Entry<Long, ExclusionEntry> current = versions.floorEntry(at);
        versions.put(at, null);
        return current != null && current.getValue() != null && current.getValue().activeAt(at);
    }

    /** Applies a parsed change; false, with nothing changed, for one that is not a well-formed add or remove. */
    public boolean apply(ExclusionChange change) {
        if (change == null || change.op == null) return false;
        if (ExclusionChange.ADD.equals(change.op) && change.entry != null && change.entry.id != null) {
            add(change.entry, change.time);
            return true;
        }
        if (ExclusionChange.REMOVE.equals(change.op) && change.id != null) {
            remove(change.id, change.time);
            return true;
        }
        return false;
    }

    /**
     * The first entry, by id, in force at {@code t} that matches the address, the host or any of the names; null if
     * none does. Any argument may be null and none of them makes this throw.
     *
     * @param address the client address, any spelling
     * @param host the host, as the events name it
     * @param names queried names or their domains, normalised
     * @return a copy of the matching entry
     */
    public ExclusionEntry firstMatchAt(long t, String address, String host, Iterable<String> names) {
        IpAddress ip = address == null ? null : IpAddress.parse(address.trim());
        for (TreeMap<Long, ExclusionEntry> versions : history.values()) {
            ExclusionEntry e = inForce(versions, t);
            if (e != null && e.matches(ip, host, names)) return e.copy();
        }
        return null;
    }

    /** Copies of the entries in force at {@code t}, by id. */
    public List<ExclusionEntry> activeAt(long t) {
        List<ExclusionEntry> out = new ArrayList<>();
        for (TreeMap<Long, ExclusionEntry> versions : history.values()) {
            ExclusionEntry e = inForce(versions, t);
            if (e != null) out.add(e.copy());
        }
        return out;
    }

    private static ExclusionEntry inForce(TreeMap<Long, ExclusionEntry> versions, long t) {
        Map.Entry<Long, ExclusionEntry> v = versions.floorEntry(t);
        if (v == null) return null;
        ExclusionEntry e = v.getValue();
        return e != null && e.activeAt(t) ? e : null;
    }

    /**
     * Forgets every version not in force at any time from {@code t} on, and removals with nothing left before them to
     * end. Answers for times from {@code t} on are unchanged, provided no change stamped before {@code t} is applied
     * afterwards; answers for earlier times are lost.
     *
     * @return how many versions and removals were dropped
     */
    public int pruneEndedBefore(long t) {
        int dropped = 0;
        for (Iterator<TreeMap<Long, ExclusionEntry>> it = history.values().iterator(); it.hasNext(); ) {
            TreeMap<Long, ExclusionEntry> versions = it.next();
            Long current = versions.floorKey(t);
            if (current != null) {
                Map<Long, ExclusionEntry> older = versions.headMap(current, false);
                dropped += older.size();
                older.clear();
                ExclusionEntry e = versions.get(current);
                if (e == null || !e.activeAt(t)) {
                    versions.remove(current);
                    dropped++;
                }
            }
            if (versions.isEmpty()) it.remove();
        }
        return dropped;
    }

    /** Whether nothing is remembered, in force or not. */
    public boolean isEmpty() {
        return history.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExclusionSet s && history.equals(s.history);
    }

    @Override
    public int hashCode() {
        return history.hashCode();
    }

    @Override
    public String toString() {
        return "ExclusionSet" + history;
    }
}
