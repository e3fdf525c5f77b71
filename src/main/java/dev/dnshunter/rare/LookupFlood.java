package dev.dnshunter.rare;

import dev.dnshunter.alert.Evidence;
import java.util.Arrays;

/**
 * The rare lookups of one (client, address) pair in one alert-window hour once there were more than
 * {@code --max-lookups-per-pair} of them: only their count and time bounds are kept, under one domain (the earliest
 * lookup's, ties by name), so a flood of unique names costs constant state and becomes one alert marked truncated.
 * Every field is independent of arrival order.
 */
public class LookupFlood {
    /** Start of the hour the lookups fall in. */
    public long slot;
    /** Domain of the earliest lookup (smallest time, then name). */
    public String domain;
    public long count;
    public long firstTime;
    public long lastTime;
    /**
     * The first {@link Evidence#MAX_ITEMS} lookups of the flood in {@link LookupEvidence#ORDER}, what its alerts list
     * (a field added for POJO schema evolution: null in a flood restored from a savepoint of an earlier release).
     */
    public LookupEvidence[] samples;

    public LookupFlood() {}

    public static LookupFlood of(long slot, RareLookup first) {
        LookupFlood f = new LookupFlood();
        f.slot = slot;
        f.domain = first.domain;
        f.firstTime = first.time;
        f.lastTime = first.time;
        f.count = 1;
        f.samples = new LookupEvidence[] {first.evidence()};
        return f;
    }

    public void add(RareLookup l) {
        if (l.time < firstTime || (l.time == firstTime && l.domain.compareTo(domain) < 0)) domain = l.domain;
        firstTime = Math.min(firstTime, l.time);
        lastTime = Math.max(lastTime, l.time);
        count++;
        samples = keepFirst(samples, l.evidence());
    }

    /** The first {@link Evidence#MAX_ITEMS} of {@code kept} and {@code e}, in order. */
    static LookupEvidence[] keepFirst(LookupEvidence[] kept, LookupEvidence e) {
        if (kept == null) return null; // a flood of an earlier release: its lookups are unknown
        if (kept.length == Evidence.MAX_ITEMS && LookupEvidence.ORDER.compare(e, kept[kept.length - 1]) >= 0) return kept;
        LookupEvidence[] out = Arrays.copyOf(kept, Math.min(kept.length + 1, Evidence.MAX_ITEMS));
        int i = Math.min(kept.length, Evidence.MAX_ITEMS - 1);
        while (i > 0 && LookupEvidence.ORDER.compare(e, out[i - 1]) < 0) {
            out[i] = out[i - 1];
            i--;
        }
        out[i] = e;
        return out;
    }
}
