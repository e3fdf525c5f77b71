package dev.dnshunter.rules;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The normalized streams every rule reads, one per input that is present, in the order the graph wires them; each
 * with its input id, which rules use in the uids of per-input operators.
 *
 * @param config the validated configuration
 * @param batch whether the job runs in BATCH mode (keyed inputs arrive sorted by key and time)
 * @param dnsQueries DNS queries of the resolver and network logs (DnsEvents first, then Zeek dns.log, ...)
 * @param clientQueries DNS queries of the client host logs (the DNS client event log), which have no answers
 * @param flows network flows, in the order their streams are united
 * @param stages how the rules add their keyed functions (late records to the dead letters when streaming)
 */
public record RuleInputs(DetectionConfig config, boolean batch, List<Feed<DnsQuery>> dnsQueries,
        List<Feed<DnsQuery>> clientQueries, List<Feed<NetworkFlow>> flows, KeyedStages stages) {

    /** One input's stream. */
    public record Feed<T>(String inputId, DataStream<T> stream) {}

    /** Every DNS query: the client logs' first, then the resolver and network logs'. */
    public List<Feed<DnsQuery>> allQueries() {
        List<Feed<DnsQuery>> all = new java.util.ArrayList<>(clientQueries);
        all.addAll(dnsQueries);
        return all;
    }

    /** The union of the feeds' streams, or null when there are none. */
    public static <T> DataStream<T> union(List<Feed<T>> feeds) {
        DataStream<T> all = null;
        for (Feed<T> f : feeds) all = all == null ? f.stream() : all.union(f.stream());
        return all;
    }
}
