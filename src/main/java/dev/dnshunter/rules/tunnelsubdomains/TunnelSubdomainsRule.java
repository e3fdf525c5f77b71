package dev.dnshunter.rules.tunnelsubdomains;

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
 * DnsTunnelingSubdomains (High; T1071.004, T1048): many distinct tunnel-shaped names under one domain from one
 * identity within a few minutes. Reads every DNS query input; only tunnel-shaped queries cross the network.
 */
public final class TunnelSubdomainsRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return TunnelSubdomainsAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        TunnelParams params = in.config().tunnel();
        DataStream<SubdomainQuery> shaped = QueryRules.eachInput(in, () -> new TunnelShaped(in.config(), params),
                QueryRules.subdomainQueries(in.batch()), "tunnel-shaped-queries-", "Tunnel-shaped queries of ");
        return QueryRules.keyedAlerts(in, shaped, in.batch() ? SubdomainQuery::sortKey : SubdomainQuery::key, new TunnelSubdomainsFunction(params),
                TunnelSubdomainsAlert.class, "tunnel-subdomains", "Distinct tunnel-shaped names per identity and domain",
                TunnelSubdomainsAlert.RULE, TunnelSubdomainsAlert::toRecord);
    }

    /** The tunnel-shaped queries among an input's, by the shared definitions. */
    static final class TunnelShaped extends QueryRules.Selection<SubdomainQuery> {
        private static final long serialVersionUID = 1L;
        private final TunnelParams params;

        TunnelShaped(DetectionConfig config, TunnelParams params) {
            super(config);
            this.params = params;
        }

        @Override
        public void flatMap(DnsQuery q, Collector<SubdomainQuery> out) {
            SubdomainQuery s = SubdomainQuery.ofQuestion(q, domains);
            if (s != null && TunnelShape.test(s.subdomain, params)) out.collect(s);
        }
    }
}
