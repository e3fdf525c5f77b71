package dev.dnshunter.event;

import java.util.Objects;

/**
 * One TXT lookup by one host, from either table that records them. Both tables feed the same rule, so the record keeps
 * only what they have in common, plus which table it came from so an alert can say where to look.
 */
public class TxtQuery {
    public static final String DNS_CLIENT_EVENTS = "DnsClientEvents";
    public static final String DNS_EVENTS = "DnsEvents";

    /** Event time, epoch milliseconds. */
    public long time;
    /** The querying machine: a lowercased computer name (client events) or a canonical client address (DnsEvents). */
    public String host;
    /** {@link #DNS_CLIENT_EVENTS} or {@link #DNS_EVENTS}. */
    public String source;
    /** The queried name, lowercased and without a trailing dot. */
    public String name;

    public TxtQuery() {}

    public TxtQuery(long time, String host, String source, String name) {
        this.time = time;
        this.host = host;
        this.source = source;
        this.name = name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TxtQuery q)) return false;
        return time == q.time && Objects.equals(host, q.host) && Objects.equals(source, q.source)
                && Objects.equals(name, q.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, host, source, name);
    }

    @Override
    public String toString() {
        return "TxtQuery{" + time + " " + host + " " + source + " " + name + "}";
    }
}
