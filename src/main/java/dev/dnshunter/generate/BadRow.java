package dev.dnshunter.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A line of an input that its parser must reject, as real exports break: a good row of the input ({@link GenDns},
 * {@link GenFlow} or {@link DnsClientTraffic.Event}, its time set) and how it is broken. Each format renders the break
 * in its own terms: a line cut short by a crashed writer, a line of another log in the wrong stream, the row without
 * its time, with a null time, with an impossible date, and with a time in a form the format never uses.
 */
record BadRow(Kind kind, Object row) {
    enum Kind { CUT, FOREIGN, NO_TIME, NULL_TIME, IMPOSSIBLE_DATE, OTHER_TIME_FORMAT }

    /** Each kind of bad line appears this many times in each input file. */
    static final int PER_KIND = 2;
    static final int PER_FILE = 3 * PER_KIND;

    /**
     * {@link #PER_FILE} bad rows at random times, made by {@code goodRow} (which sets everything but the time), drawn
     * from {@code r} in the order the generator always drew them so that a seed gives the same files.
     */
    static List<BadRow> draw(SplittableRandom r, GeneratorOptions options, Function<SplittableRandom, Object> goodRow) {
        List<BadRow> rows = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++) {
            long t = options.startMillis() + r.nextLong(options.days() * DataSetGenerator.DAY);
            Object row = goodRow.apply(r);
            int ticks = r.nextInt(10_000);
            setTime(row, t, ticks);
            rows.add(new BadRow(i == 0 ? Kind.CUT : Kind.FOREIGN, row));
            rows.add(new BadRow(i == 0 ? Kind.NO_TIME : Kind.NULL_TIME, row));
            rows.add(new BadRow(i == 0 ? Kind.IMPOSSIBLE_DATE : Kind.OTHER_TIME_FORMAT, row));
        }
        return rows;
    }

    static void setTime(Object row, long t, int ticks) {
        if (row instanceof GenDns d) {
            d.query.time = t;
            d.ticks = ticks;
        } else if (row instanceof GenFlow f) {
            f.flow.time = t;
            f.ticks = ticks;
        } else if (row instanceof DnsClientTraffic.Event e) {
            e.time = t;
            e.ticks = ticks;
        }
    }

    static long timeOf(Object row) {
        if (row instanceof GenDns d) return d.query.time;
        if (row instanceof GenFlow f) return f.flow.time;
        return ((DnsClientTraffic.Event) row).time;
    }
}
