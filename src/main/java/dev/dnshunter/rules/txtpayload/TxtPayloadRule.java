package dev.dnshunter.rules.txtpayload;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.QueryRules;
import dev.dnshunter.rules.RuleInputs;
import dev.dnshunter.rules.SubdomainQuery;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * DnsTxtPayload (High; T1071.004, T1105, T1059.001): a TXT answer that carries a PowerShell launcher or a base64
 * chunk. Reads every DNS query input; only payload answers cross the network.
 */
public final class TxtPayloadRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    /** After an alert of an (identity, domain) pair, the pair is quiet this long. */
    public static final long SUPPRESSION_MILLIS = Duration.ofMinutes(60).toMillis();

    @Override
    public String name() {
        return TxtPayloadAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        DataStream<TxtPayloadAlert> payloads = QueryRules.eachInput(in, () -> new Payloads(in.config()),
                TxtPayloadAlert.class, "txt-payload-answers-", "TXT payload answers of ");
        return QueryRules.keyedAlerts(in, payloads, TxtPayloadAlert::key, new TxtPayloadFunction(SUPPRESSION_MILLIS),
                TxtPayloadAlert.class, "txt-payload", "TXT payloads per identity and domain", TxtPayloadAlert.RULE,
                TxtPayloadAlert::toRecord);
    }

    /** The payload answers of a query, one candidate per answer, by the shared definitions. */
    public static void payloads(DnsQuery q, DomainRules domains, Collector<TxtPayloadAlert> out) {
        if (q == null || q.otherAnswers == null) return;
        SubdomainQuery s = null;
        for (String text : TxtPayloads.texts(q)) {
            if (s == null) {
                s = SubdomainQuery.of(q, domains);
                if (s == null) return;
            }
            if (TxtPayloads.benign(text, s.name)) continue;
            TxtPayloads.Match m = TxtPayloads.indicator(text);
            if (m == null) continue;
            out.collect(new TxtPayloadAlert(s.time, s.identity, s.byAddress, s.domain, s.name, m.indicator(), TxtPayloads.excerpt(text, m)));
        }
    }

    static final class Payloads extends QueryRules.Selection<TxtPayloadAlert> {
        private static final long serialVersionUID = 1L;

        Payloads(DetectionConfig config) {
            super(config);
        }

        @Override
        public void flatMap(DnsQuery q, Collector<TxtPayloadAlert> out) {
            payloads(q, domains, out);
        }
    }
}
