package dev.dnshunter.exclusions;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Applies the analysts' exclusion list to the alerts of every rule. The list is the entries of the start-up file plus
 * the changes of the control stream, held as broadcast state so every parallel instance applies the same list and a
 * restart from a checkpoint keeps the changes.
 *
 * <p>A change is effective from the event time it carries, and an alert is judged as the list stood at the time of
 * its earliest event: an alert waits (keyed state, by alert id) until event time has passed that instant, so every
 * change up to it has been seen, whatever order the two streams arrive in. Excluded alerts go to a side output with
 * the entry that matched (and its author), and are counted per entry.
 *
 * <p>State stays bounded: whenever a change arrives, the changes that can no longer decide any alert are dropped,
 * those whose entry ended (expired, removed or replaced) more than {@code retainEndedMillis} (the baseline's lookback)
 * behind the watermark. No alert that old is judged any more, and changes stamped that far back are refused before
 * they get here ({@link ExclusionChangeGate}); so every instance still decides as if it held every change.
 */
public class AlertExclusionFunction extends KeyedBroadcastProcessFunction<String, AlertRecord, ExclusionChange, AlertRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ExcludedAlert> EXCLUDED = new OutputTag<>("excluded-alerts") {};
    public static final MapStateDescriptor<String, ExclusionChange> CHANGES =
            new MapStateDescriptor<>("exclusion-changes", Types.STRING, TypeInformation.of(ExclusionChange.class));

    private final List<ExclusionEntry> initialEntries;
    private final boolean inputSortedByTime;
    private final long retainEndedMillis;

    private transient ListState<AlertRecord> waiting;
    private transient ExclusionSet cached;
    private transient int cachedChanges = -1;
    private transient Map<String, Counter> excludedPerEntry;

    /** Keeps every change for ever. */
    public AlertExclusionFunction(List<ExclusionEntry> initialEntries, boolean inputSortedByTime) {
        this(initialEntries, inputSortedByTime, Long.MAX_VALUE);
    }

    /** @param retainEndedMillis how long behind the watermark an ended entry's changes are kept */
    public AlertExclusionFunction(List<ExclusionEntry> initialEntries, boolean inputSortedByTime, long retainEndedMillis) {
        this.initialEntries = new ArrayList<>(initialEntries);
        this.inputSortedByTime = inputSortedByTime;
        this.retainEndedMillis = retainEndedMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("alerts-awaiting-exclusions", AlertRecord.class));
        excludedPerEntry = new HashMap<>();
    }

    @Override
    public void processBroadcastElement(ExclusionChange change, Context ctx, Collector<AlertRecord> out) throws Exception {
        BroadcastState<String, ExclusionChange> changes = ctx.getBroadcastState(CHANGES);
        // Keyed by time, then op and id: replaying the control stream after a restart puts the same keys again.
        changes.put(String.format("%020d|%s|%s", change.time - Long.MIN_VALUE, change.op, change.id), change);
        long watermark = ctx.currentWatermark();
        if (!inputSortedByTime && watermark != Long.MIN_VALUE && retainEndedMillis != Long.MAX_VALUE) {
            long horizon = watermark - retainEndedMillis;
            if (horizon < watermark) {
                List<String> drop = ChangePruning.droppable(changes.immutableEntries(), horizon, initialIds());
                for (String key : drop) changes.remove(key);
            }
        }
        cachedChanges = -1;
    }

    private java.util.Set<String> initialIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ExclusionEntry e : initialEntries) ids.add(e.id);
        return ids;
    }

    @Override
    public void processElement(AlertRecord alert, ReadOnlyContext ctx, Collector<AlertRecord> out) throws Exception {
        // BATCH processes the whole broadcast side first, so every change is known already.
        if (inputSortedByTime || alert.firstEventTime <= ctx.timerService().currentWatermark()) {
            decide(alert, ctx, out);
        } else {
            waiting.add(alert);
            ctx.timerService().registerEventTimeTimer(alert.firstEventTime);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertRecord> out) throws Exception {
        List<AlertRecord> keep = new ArrayList<>();
        for (AlertRecord a : waiting.get()) {
            if (a.firstEventTime <= timestamp) decide(a, ctx, out); else keep.add(a);
        }
        if (keep.isEmpty()) waiting.clear(); else waiting.update(keep);
    }

    private void decide(AlertRecord alert, ReadOnlyContext ctx, Collector<AlertRecord> out) throws Exception {
        ExclusionEntry entry = exclusions(ctx.getBroadcastState(CHANGES))
                .firstMatchAt(alert.firstEventTime, alert.address, alert.host,
                        alert.names == null ? List.of() : Arrays.asList(alert.names));
        if (entry == null) {
            out.collect(alert);
            return;
        }
        excludedPerEntry.computeIfAbsent(entry.id, id -> getRuntimeContext().getMetricGroup()
                .addGroup("exclusion", id).counter("excludedAlerts")).inc();
        ctx.output(EXCLUDED, new ExcludedAlert(entry.id, entry.comment, entry.author, alert));
    }

    private ExclusionSet exclusions(ReadOnlyBroadcastState<String, ExclusionChange> changes) throws Exception {
        List<Map.Entry<String, ExclusionChange>> all = new ArrayList<>();
        for (Map.Entry<String, ExclusionChange> e : changes.immutableEntries()) all.add(e);
        if (cached != null && cachedChanges == all.size()) return cached;
        all.sort(Map.Entry.comparingByKey());
        ExclusionSet set = new ExclusionSet();
        for (ExclusionEntry e : initialEntries) set.add(e, Long.MIN_VALUE);
        for (Map.Entry<String, ExclusionChange> e : all) {
            ExclusionChange c = e.getValue();
            if (ExclusionChange.ADD.equals(c.op)) set.add(c.entry, c.time); else set.remove(c.id, c.time);
        }
        cached = set;
        cachedChanges = all.size();
        return set;
    }
}
