package dev.dnshunter.rules.exfilvolume;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.QueryRules;
import dev.dnshunter.rules.RuleInputs;
import dev.dnshunter.rules.SubdomainQuery;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * DnsExfiltrationVolume (Medium; T1048, T1071.004): many characters of distinct subdomains under one domain from one
 * identity, over an hour or a day. Reads every DNS query input; every query the shared definitions keep is judged
 * (those with an empty subdomain carry no name across the network).
 */
public final class ExfilVolumeRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return ExfilVolumeAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        DataStream<SubdomainQuery> queries = QueryRules.eachInput(in, () -> new ExfilQueries(in.config()),
                QueryRules.subdomainQueries(in.batch()), "exfil-queries-", "Subdomain queries of ");
        return QueryRules.keyedAlerts(in, queries, in.batch() ? SubdomainQuery::sortKey : SubdomainQuery::key, new ExfilVolumeFunction(in.config().exfil()),
                ExfilVolumeAlert.class, "exfil-volume", "Distinct subdomain volume per identity and domain", ExfilVolumeAlert.RULE,
                ExfilVolumeAlert::toRecord);
    }

    /** An input's queries by the shared definitions; the name is left out (the function needs only the subdomain). */
    static final class ExfilQueries extends QueryRules.Selection<SubdomainQuery> {
        private static final long serialVersionUID = 1L;

        ExfilQueries(DetectionConfig config) {
            super(config);
        }

        @Override
        public void flatMap(DnsQuery q, Collector<SubdomainQuery> out) {
            SubdomainQuery s = SubdomainQuery.ofQuestion(q, domains);
            if (s == null) return;
            s.name = null;
            out.collect(s);
        }
    }
}
