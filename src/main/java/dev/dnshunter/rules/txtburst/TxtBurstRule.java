package dev.dnshunter.rules.txtburst;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.operators.LocalProgress;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.BehindWatermark.Upstream;
import dev.dnshunter.rules.KeyedStages;
import dev.dnshunter.rules.RuleInputs;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

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
        return txt == null ? null : txtTunneling(txt, in.config(), in.stages());
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

    /** TXT queries that reached the CEP operator behind its watermark (streaming). */
    private static final OutputTag<TxtQuery> LATE_TXT_QUERIES = new OutputTag<>("late-txt-queries") {};

    private static DataStream<AlertRecord> txtTunneling(DataStream<TxtQuery> queries, DetectionConfig config, KeyedStages stages) {
        DataStream<TxtQuery> capped = stages.keyed(queries.keyBy(TxtBurstPattern::key, Types.STRING), new TxtQueryCap(config),
                TypeInformation.of(TxtQuery.class), "txt-query-cap", "TXT queries per host and span, capped");
        // The cap passes each query on unchanged, so its output is already partitioned by the pattern's key: the CEP
        // operator reads it as keyed, chained to the cap, with no exchange between them. Through an exchange, a
        // watermark could overtake queries: when the source comes back from idleness, a cap subtask without queries
        // forwards the new watermark to CEP while another, still idle downstream, has not yet sent the queries that
        // came before it, and CEP's valve skips idle channels; those queries then reached CEP behind its watermark
        // and went to the dead letters as late (seen in CI, KafkaControlPlaneTest).
        PatternStream<TxtQuery> pattern = CEP.pattern(DataStreamUtils.reinterpretAsKeyedStream(capped, TxtBurstPattern::key, Types.STRING),
                TxtBurstPattern.of(config), TxtBurstPattern.tieBreaker()).inEventTime();
        // CEP drops a query behind its watermark without a trace unless told where to put it.
        if (!stages.batch()) pattern = pattern.sideOutputLateData(LATE_TXT_QUERIES);
        SingleOutputStreamOperator<DnsTxtAlert> bursts = pattern
                .process(new TxtBurstToAlert(config), TypeInformation.of(DnsTxtAlert.class))
                .uid("txt-burst-pattern").name("TXT burst pattern (CEP)");
        if (!stages.batch()) {
            stages.deadLetters(bursts.getSideOutput(LATE_TXT_QUERIES)
                    .map(q -> {
                        LocalProgress.DEAD_LETTERS.incrementAndGet();
                        return new DeadLetter("txt-burst-pattern", DeadLetter.LATE, q.toString());
                    }, TypeInformation.of(DeadLetter.class))
                    .uid("txt-burst-pattern-late").name("Late TXT queries at the burst pattern"));
        }
        // The matches are CEP's output, judged against its watermark there (late queries to its side output).
        return stages.keyed(bursts.keyBy(a -> a.source + '|' + a.host, Types.STRING), Upstream.KEYED_STAGE, new TxtAlertSuppressor(config),
                        TypeInformation.of(DnsTxtAlert.class), "txt-suppression", "TXT alert suppression")
                .map(AlertRecord::of, TypeInformation.of(AlertRecord.class))
                .uid("txt-alert-records").name("DnsTxtTunneling alerts");
    }
}
