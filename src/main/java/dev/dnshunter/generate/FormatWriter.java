package dev.dnshunter.generate;

import dev.dnshunter.alert.Times;
import dev.dnshunter.generate.DataSetFormat.Stream;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the generator's rows of one stream as the lines of one file of a format: good rows (each format renders the
 * normalized event, Sentinel also the columns only its tables have) and bad rows broken in the format's own terms.
 */
abstract class FormatWriter {
    /** The line of a syslog stream that ended up among the rows: no format's parser reads it. */
    static String foreign(long t) {
        return "<14>1 " + Times.iso(t) + " fw01 - - - TRAFFIC,end,allow";
    }

    /**
     * The lines of a file: {@code items} are the rows ({@link GenDns}, {@link GenFlow}, {@link DnsClientTraffic.Event})
     * and {@link BadRow}s in file order. A row the format has not (a Sentinel-only row) gives no line.
     */
    List<String> file(Stream stream, List<Object> items) {
        List<String> lines = new ArrayList<>(header(stream));
        int index = 0;
        for (Object item : items) {
            if (item instanceof BadRow b) lines.add(bad(b, index++));
            else if (render(item, index, lines)) index++;
        }
        lines.addAll(footer(stream));
        return lines;
    }

    List<String> header(Stream stream) {
        return List.of();
    }

    List<String> footer(Stream stream) {
        return List.of();
    }

    /** Adds the lines of one row; false when the format has no such row. */
    boolean render(Object row, int index, List<String> into) {
        if (row instanceof GenDns d) {
            DnsQuery q = d.normalized();
            if (q == null) return false;
            dns(q, index, into);
            return true;
        }
        if (row instanceof GenFlow f) {
            NetworkFlow n = f.normalized();
            if (n == null) return false;
            into.add(flow(n, index));
            return true;
        }
        return false;
    }

    abstract void dns(DnsQuery q, int index, List<String> into);

    abstract String flow(NetworkFlow f, int index);

    /** A bad row: cut short, a foreign line, or the row with its time missing, null, impossible or in another form. */
    String bad(BadRow b, int index) {
        if (b.kind() == BadRow.Kind.FOREIGN) return foreign(BadRow.timeOf(b.row()));
        List<String> lines = new ArrayList<>();
        if (!render(b.row(), index, lines)) throw new IllegalStateException("bad row of a kind the format has not: " + b);
        String good = lines.get(0);
        if (b.kind() == BadRow.Kind.CUT) return good.substring(0, good.length() / 2);
        return withBrokenTime(good, b.kind());
    }

    /** The rendered line with its time broken as {@code kind} says. */
    abstract String withBrokenTime(String line, BadRow.Kind kind);
}
