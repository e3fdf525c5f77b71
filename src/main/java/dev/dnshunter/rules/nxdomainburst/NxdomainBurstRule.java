package dev.dnshunter.rules.nxdomainburst;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.RuleInputs;
import dev.dnshunter.rules.SubdomainQuery;
import dev.dnshunter.rules.rarelookup.DomainRulesLoader;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
        DataStream<SubdomainQuery> counted = null;
        for (RuleInputs.Feed<DnsQuery> f : in.allQueries()) {
            DataStream<SubdomainQuery> s = f.stream()
                    .flatMap(new Counted(in.config(), params), TypeInformation.of(SubdomainQuery.class))
                    .uid("nxdomain-queries-" + f.inputId()).name("Counted NXDOMAIN queries of " + f.inputId());
            counted = counted == null ? s : counted.union(s);
        }
        if (counted == null) return null;
        return in.stages().keyed(counted.keyBy(NxdomainQueries::key, Types.STRING), new NxdomainBurstFunction(params),
                        TypeInformation.of(NxdomainBurstAlert.class), "nxdomain-burst",
                        "Distinct NXDOMAIN domains per identity")
                .map(NxdomainBurstAlert::toRecord, TypeInformation.of(AlertRecord.class))
                .uid("nxdomain-burst-alert-records").name("DnsNxdomainBurst alerts");
    }

    /** The counted queries among an input's, by the shared definitions. */
    static final class Counted extends RichFlatMapFunction<DnsQuery, SubdomainQuery> {
        private static final long serialVersionUID = 1L;
        private final DetectionConfig config;
        private final NxdomainParams params;
        private transient DomainRules domains;

        Counted(DetectionConfig config, NxdomainParams params) {
            this.config = config;
            this.params = params;
        }

        @Override
        public void open(OpenContext ctx) {
            domains = DomainRulesLoader.load(config);
        }

        @Override
        public void flatMap(DnsQuery q, Collector<SubdomainQuery> out) {
            SubdomainQuery s = NxdomainQueries.counted(q, domains, params);
            if (s != null) out.collect(s);
        }
    }
}
