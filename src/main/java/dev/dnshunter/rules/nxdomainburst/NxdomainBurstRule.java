package dev.dnshunter.rules.nxdomainburst;

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
 * DnsNxdomainBurst (Medium; T1568.002): NXDOMAIN answers for many distinct domains to one identity within an hour.
 * Reads every DNS query input; only counted queries cross the network.
 */
public final class NxdomainBurstRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return NxdomainBurstAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        NxdomainParams params = in.config().nxdomain();
        DataStream<SubdomainQuery> counted = QueryRules.eachInput(in, () -> new Counted(in.config(), params),
                QueryRules.subdomainQueries(in.batch()), "nxdomain-queries-", "Counted NXDOMAIN queries of ");
        return QueryRules.keyedAlerts(in, counted, NxdomainQueries::key, new NxdomainBurstFunction(params),
                NxdomainBurstAlert.class, "nxdomain-burst", "Distinct NXDOMAIN domains per identity", NxdomainBurstAlert.RULE,
                NxdomainBurstAlert::toRecord);
    }

    /** The counted queries among an input's, by the shared definitions. */
    static final class Counted extends QueryRules.Selection<SubdomainQuery> {
        private static final long serialVersionUID = 1L;
        private final NxdomainParams params;

        Counted(DetectionConfig config, NxdomainParams params) {
            super(config);
            this.params = params;
        }

        @Override
        public void flatMap(DnsQuery q, Collector<SubdomainQuery> out) {
            SubdomainQuery s = NxdomainQueries.counted(q, domains, params);
            if (s != null) out.collect(s);
        }
    }
}
