package dev.dnshunter.exclusions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which changes of the control stream can no longer decide anything from a time on: per entry id, every change before
 * the one in force at that time, and that one too when it ended the entry (a removal, an expired version), unless the
 * start-up file has the id (dropping its removal would bring the file's version back). Answers of the list for times
 * from then on are unchanged, the same rule as {@link ExclusionSet#pruneEndedBefore}.
 */
final class ChangePruning {
    private ChangePruning() {}

    /** Replay order: by time, then an addition before a removal of the same instant (the removal wins). */
    private static final Comparator<Map.Entry<String, ExclusionChange>> REPLAY_ORDER =
            Comparator.<Map.Entry<String, ExclusionChange>>comparingLong(e -> e.getValue().time)
                    .thenComparing(e -> ExclusionChange.ADD.equals(e.getValue().op) ? 0 : 1);

    /**
     * @param changes the stored changes by their state key
     * @param from the earliest time still to be answered
     * @param fileIds the ids of the start-up file's entries
     * @return the state keys of the changes to drop
     */
    static List<String> droppable(Iterable<Map.Entry<String, ExclusionChange>> changes, long from, Set<String> fileIds) {
        Map<String, List<Map.Entry<String, ExclusionChange>>> byId = new HashMap<>();
        for (Map.Entry<String, ExclusionChange> e : changes) {
            byId.computeIfAbsent(String.valueOf(e.getValue().id), k -> new ArrayList<>()).add(e);
        }
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, List<Map.Entry<String, ExclusionChange>>> id : byId.entrySet()) {
            List<Map.Entry<String, ExclusionChange>> versions = id.getValue();
            versions.sort(REPLAY_ORDER);
            int current = -1;
            for (int i = 0; i < versions.size() && versions.get(i).getValue().time <= from; i++) current = i;
            if (current < 0) continue;
            for (int i = 0; i < current; i++) drop.add(versions.get(i).getKey());
            ExclusionChange c = versions.get(current).getValue();
            boolean ended = !ExclusionChange.ADD.equals(c.op) || c.entry == null || !c.entry.activeAt(from);
            if (ended && !fileIds.contains(id.getKey())) drop.add(versions.get(current).getKey());
        }
        return drop;
    }
}
