package dev.dnshunter.rules.exfilvolume;

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
        ExfilParams params = in.config().exfil();
        DataStream<SubdomainQuery> queries = null;
        for (RuleInputs.Feed<DnsQuery> f : in.allQueries()) {
            DataStream<SubdomainQuery> s = f.stream()
                    .flatMap(new ExfilQueries(in.config()), TypeInformation.of(SubdomainQuery.class))
                    .uid("exfil-queries-" + f.inputId()).name("Subdomain queries of " + f.inputId());
            queries = queries == null ? s : queries.union(s);
        }
        if (queries == null) return null;
        return in.stages().keyed(queries.keyBy(SubdomainQuery::key, Types.STRING), new ExfilVolumeFunction(params),
                        TypeInformation.of(ExfilVolumeAlert.class), "exfil-volume",
                        "Distinct subdomain volume per identity and domain")
                .map(ExfilVolumeAlert::toRecord, TypeInformation.of(AlertRecord.class))
                .uid("exfil-volume-alert-records").name("DnsExfiltrationVolume alerts");
    }

    /** An input's queries by the shared definitions; the name is left out (the function needs only the subdomain). */
    static final class ExfilQueries extends RichFlatMapFunction<DnsQuery, SubdomainQuery> {
        private static final long serialVersionUID = 1L;
        private final dev.dnshunter.config.DetectionConfig config;
        private transient DomainRules domains;

        ExfilQueries(dev.dnshunter.config.DetectionConfig config) {
            this.config = config;
        }

        @Override
        public void open(OpenContext ctx) {
            domains = DomainRulesLoader.load(config);
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
