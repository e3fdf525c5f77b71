package dev.dnshunter.rules.txtburst;

import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.rarelookup.DomainRulesLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Turns a matched burst into an alert (before suppression). */
public class TxtBurstToAlert extends PatternProcessFunction<TxtQuery, DnsTxtAlert> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private transient DomainRules domains;

    public TxtBurstToAlert(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        domains = DomainRulesLoader.load(config);
    }

    @Override
    public void processMatch(Map<String, List<TxtQuery>> match, Context ctx, Collector<DnsTxtAlert> out) {
        List<TxtQuery> queries = new ArrayList<>(match.get(TxtBurstPattern.STAGE));
        queries.sort(Comparator.comparingLong((TxtQuery q) -> q.time).thenComparing(q -> q.name));
        LinkedHashSet<String> names = new LinkedHashSet<>();
        LinkedHashSet<String> registered = new LinkedHashSet<>();
        for (TxtQuery q : queries) {
            names.add(q.name);
            registered.add(domains.domainOf(q.name));
        }
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = queries.get(0).host;
        a.source = queries.get(0).source;
        a.firstQueryTime = queries.get(0).time;
        a.lastQueryTime = queries.get(queries.size() - 1).time;
        a.queryCount = queries.size();
        a.queryNames = names.toArray(new String[0]);
        a.registeredDomains = registered.toArray(new String[0]);
        out.collect(a);
    }
}
