package dev.dnshunter.rare;

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

    public LookupFlood() {}

    public static LookupFlood of(long slot, RareLookup first) {
        LookupFlood f = new LookupFlood();
        f.slot = slot;
        f.domain = first.domain;
        f.firstTime = first.time;
        f.lastTime = first.time;
        f.count = 1;
        return f;
    }

    public void add(RareLookup l) {
        if (l.time < firstTime || (l.time == firstTime && l.domain.compareTo(domain) < 0)) domain = l.domain;
        firstTime = Math.min(firstTime, l.time);
        lastTime = Math.max(lastTime, l.time);
        count++;
    }
}
