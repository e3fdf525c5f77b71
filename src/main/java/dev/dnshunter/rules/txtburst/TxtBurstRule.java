package dev.dnshunter.rules.txtburst;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.RuleInputs;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * DnsTxtTunneling: a burst of TXT queries from one host, as DNSlivery-style payload delivery makes. Reads every DNS
 * query input, the DNS client log included.
 */
public final class TxtBurstRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return DnsTxtAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        DataStream<TxtQuery> txt = null;
        for (RuleInputs.Feed<DnsQuery> f : in.allQueries()) {
            DataStream<TxtQuery> t = txtQueries(f);
            txt = txt == null ? t : txt.union(t);
        }
        return txt == null ? null : txtTunneling(txt, in.config());
    }

    /** The TXT queries among an input's DNS queries. */
    private static DataStream<TxtQuery> txtQueries(RuleInputs.Feed<DnsQuery> feed) {
        return feed.stream()
                .flatMap((DnsQuery q, Collector<TxtQuery> out) -> {
                    TxtQuery t = TxtQueries.fromDnsQuery(q);
                    if (t != null) out.collect(t);
                }, TypeInformation.of(TxtQuery.class))
                .uid("txt-queries-" + feed.inputId()).name("TXT queries of " + feed.inputId());
    }

    private static DataStream<AlertRecord> txtTunneling(DataStream<TxtQuery> queries, DetectionConfig config) {
        DataStream<TxtQuery> capped = queries
                .keyBy(TxtBurstPattern::key, Types.STRING)
                .process(new TxtQueryCap(config), TypeInformation.of(TxtQuery.class))
                .uid("txt-query-cap").name("TXT queries per host and span, capped");
        return CEP.pattern(capped.keyBy(TxtBurstPattern::key, Types.STRING), TxtBurstPattern.of(config), TxtBurstPattern.tieBreaker())
                .inEventTime()
                .process(new TxtBurstToAlert(config), TypeInformation.of(DnsTxtAlert.class))
                .uid("txt-burst-pattern").name("TXT burst pattern (CEP)")
                .keyBy(a -> a.source + '|' + a.host, Types.STRING)
                .process(new TxtAlertSuppressor(config), TypeInformation.of(DnsTxtAlert.class))
                .uid("txt-suppression").name("TXT alert suppression")
                .map(AlertRecord::of, TypeInformation.of(AlertRecord.class))
                .uid("txt-alert-records").name("DnsTxtTunneling alerts");
    }
}
