package dev.dnshunter.generate;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.txtburst.TxtQueries;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.net.DomainRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DnsTxtTunneling rule computed the plain way, over everything in memory at once: the oracle the streaming job's
 * CEP pattern and suppressor are checked against. No event time, no watermarks, no pruning; one host's queries are
 * sorted and scanned from the start.
 */
public final class ReferenceTxtDetector {

    /** Alerts come out in this order so that two runs, or the oracle and the job, can be compared line by line. */
    public static final Comparator<DnsTxtAlert> ALERT_ORDER = Comparator
            .comparingLong((DnsTxtAlert a) -> a.firstQueryTime)
            .thenComparing(a -> a.source, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(a -> a.host, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** Same-millisecond queries are taken in name order, as the job's CEP tie-breaker takes them. */
    private static final Comparator<TxtQuery> QUERY_ORDER = Comparator
            .comparingLong((TxtQuery q) -> q.time)
            .thenComparing(q -> q.name, Comparator.nullsFirst(Comparator.naturalOrder()));

    private ReferenceTxtDetector() {}

    private record HostKey(String source, String host) {}

    /** The alerts of the rule over the given TXT queries (of either source), in {@link #ALERT_ORDER}. */
    public static List<DnsTxtAlert> detect(List<TxtQuery> queries, DetectionConfig config, DomainRules domains) {
        // A computer name and a client address are different identities even when they name the same machine.
        Map<HostKey, List<TxtQuery>> byHost = new TreeMap<>(Comparator
                .comparing(HostKey::source, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(HostKey::host, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (TxtQuery q : queries) {
            byHost.computeIfAbsent(new HostKey(q.source, q.host), k -> new ArrayList<>()).add(q);
        }
        List<DnsTxtAlert> alerts = new ArrayList<>();
        for (List<TxtQuery> hostQueries : byHost.values()) {
            hostQueries.sort(QUERY_ORDER);
            alerts.addAll(detectHost(hostQueries, config, domains));
        }
        alerts.sort(ALERT_ORDER);
        return alerts;
    }

    /** One host's alerts; {@code q} is sorted in {@link #QUERY_ORDER}. */
    private static List<DnsTxtAlert> detectHost(List<TxtQuery> q, DetectionConfig config, DomainRules domains) {
        int n = config.txtQueryCount();
        List<DnsTxtAlert> alerts = new ArrayList<>();
        DnsTxtAlert lastEmitted = null;
        int j = n - 1;
        while (j < q.size()) {
            if (q.get(j).time - q.get(j - n + 1).time < config.txtSpanMillis()) {
                DnsTxtAlert match = alert(q.subList(j - n + 1, j + 1), domains);
                // Only an emitted alert extends the quiet period; dropped matches do not.
                if (lastEmitted == null
                        || match.lastQueryTime >= lastEmitted.lastQueryTime + config.txtSuppressionMillis()) {
                    alerts.add(match);
                    lastEmitted = match;
                }
                // Skip past the last event: the next match is built only from queries after this one.
                j += n;
            } else {
                j++;
            }
        }
        return alerts;
    }

    private static DnsTxtAlert alert(List<TxtQuery> match, DomainRules domains) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        LinkedHashSet<String> registered = new LinkedHashSet<>();
        for (TxtQuery m : match) {
            names.add(m.name);
            registered.add(domains.domainOf(m.name));
        }
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = match.get(0).host;
        a.source = match.get(0).source;
        a.firstQueryTime = match.get(0).time;
        a.lastQueryTime = match.get(match.size() - 1).time;
        a.queryCount = match.size();
        a.queryNames = names.toArray(new String[0]);
        a.registeredDomains = registered.toArray(new String[0]);
        return a;
    }

    /**
     * The alerts over JSON-lines exports of DnsEvents and of the Event table (plain or gzip, a file or a directory of
     * files; a null path is an absent input). Lines the parsers reject or skip are left out, as the job dead-letters or
     * ignores them.
     */
    public static List<DnsTxtAlert> detectFiles(Path dnsEvents, Path dnsClientEvents, DetectionConfig config) {
        return detect(readQueries(dnsEvents, dnsClientEvents, config), config, ReferenceDetector.domainRules(config));
    }

    /** Every TXT query of both inputs, in file order. */
    static List<TxtQuery> readQueries(Path dnsEvents, Path dnsClientEvents, DetectionConfig config) {
        List<TxtQuery> queries = new ArrayList<>();
        List<DnsQuery> read = new ArrayList<>(ReferenceDetector.read(dnsEvents, new DnsEventParser()));
        read.addAll(ReferenceDetector.read(dnsClientEvents, new DnsClientEventParser(config.txtEventIds())));
        for (DnsQuery d : read) {
            TxtQuery q = TxtQueries.fromDnsQuery(d);
            if (q != null) queries.add(q);
        }
        return queries;
    }
}
