package dev.dnshunter.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a data set as the generator models them, per input stream, in the order they were made: DNS rows
 * ({@link GenDns}), firewall and VM connection rows ({@link GenFlow}) and Windows DNS client events
 * ({@link DnsClientTraffic.Event}). The writers put them in (jittered) time order and render them.
 */
final class Traffic {
    /** One row and its place in its stream's creation order (the tie-breaker of the time order). */
    record Row(long time, int seq, Object event) {}

    final List<Row> dns = new ArrayList<>();
    final List<Row> firewall = new ArrayList<>();
    final List<Row> vm = new ArrayList<>();
    final List<Row> client = new ArrayList<>();

    static void add(List<Row> rows, long t, int ticks, Object event) {
        BadRow.setTime(event, t, ticks);
        rows.add(new Row(t, rows.size(), event));
    }
}
