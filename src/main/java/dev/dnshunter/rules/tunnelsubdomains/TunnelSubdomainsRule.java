package dev.dnshunter.rules.tunnelsubdomains;

import dev.dnshunter.alert.AlertRecord;
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
        DataStream<SubdomainQuery> shaped = null;
        for (RuleInputs.Feed<DnsQuery> f : in.allQueries()) {
            DataStream<SubdomainQuery> s = f.stream()
                    .flatMap(new TunnelShaped(in.config(), params), TypeInformation.of(SubdomainQuery.class))
                    .uid("tunnel-shaped-queries-" + f.inputId()).name("Tunnel-shaped queries of " + f.inputId());
            shaped = shaped == null ? s : shaped.union(s);
        }
        if (shaped == null) return null;
        return in.stages().keyed(shaped.keyBy(SubdomainQuery::key, Types.STRING), new TunnelSubdomainsFunction(params),
                        TypeInformation.of(TunnelSubdomainsAlert.class), "tunnel-subdomains",
                        "Distinct tunnel-shaped names per identity and domain")
                .map(TunnelSubdomainsAlert::toRecord, TypeInformation.of(AlertRecord.class))
                .uid("tunnel-subdomains-alert-records").name("DnsTunnelingSubdomains alerts");
    }

    /** The tunnel-shaped queries among an input's, by the shared definitions. */
    static final class TunnelShaped extends RichFlatMapFunction<DnsQuery, SubdomainQuery> {
        private static final long serialVersionUID = 1L;
        private final dev.dnshunter.config.DetectionConfig config;
        private final TunnelParams params;
        private transient DomainRules domains;

        TunnelShaped(dev.dnshunter.config.DetectionConfig config, TunnelParams params) {
            this.config = config;
            this.params = params;
        }

        @Override
        public void open(OpenContext ctx) {
            domains = DomainRulesLoader.load(config);
        }

        @Override
        public void flatMap(DnsQuery q, Collector<SubdomainQuery> out) {
            SubdomainQuery s = SubdomainQuery.ofQuestion(q, domains);
            if (s != null && TunnelShape.test(s.subdomain, params)) out.collect(s);
        }
    }
}
