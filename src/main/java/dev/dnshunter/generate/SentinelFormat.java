package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * The Sentinel format of the generator: its rows as Log Analytics JSON exports of Sentinel's tables (DnsEvents,
 * CommonSecurityLog, VMConnection and the Event table, rendered by {@link SentinelWriter}), and bad rows as the
 * exports break.
 */
class SentinelFormat extends FormatWriter {
    final SentinelWriter rows = new SentinelWriter();

    @Override
    boolean render(Object row, int index, List<String> into) {
        into.add(rows.row(row).toString());
        return true;
    }

    @Override
    void dns(DnsQuery q, int index, List<String> into) {
        throw new UnsupportedOperationException("Sentinel renders the generator's rows");
    }

    @Override
    String flow(NetworkFlow f, int index) {
        throw new UnsupportedOperationException("Sentinel renders the generator's rows");
    }

    @Override
    String bad(BadRow b, int index) {
        if (b.kind() == BadRow.Kind.FOREIGN) return foreign(BadRow.timeOf(b.row()));
        return rows.bad(b).toString();
    }

    @Override
    String withBrokenTime(String line, BadRow.Kind kind) {
        throw new UnsupportedOperationException();
    }
}
