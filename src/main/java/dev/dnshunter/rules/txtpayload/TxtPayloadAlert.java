package dev.dnshunter.rules.txtpayload;

import dev.dnshunter.alert.AlertIds;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.rules.IdentityAlerts;
import java.util.Objects;

/**
 * DnsTxtPayload: a TXT answer carrying a launcher or a base64 chunk, as DNSlivery serves them. Also the candidate the
 * keyed function holds. Fields, in JSON order after the envelope: {@code clientIp} or {@code host}, {@code domain},
 * {@code queryName}, {@code indicator}, {@code answerExcerpt}.
 */
public class TxtPayloadAlert {
    public static final String RULE = "DnsTxtPayload";
    public static final Severity SEVERITY = Severity.HIGH;
    public static final String[] MITRE_TECHNIQUES = {"T1071.004", "T1105", "T1059.001"};

    public String identity;
    public boolean byAddress;
    public String domain;
    public String queryName;
    /** The answer's time. */
    public long time;
    public String indicator;
    public String answerExcerpt;

    public TxtPayloadAlert() {}

    public TxtPayloadAlert(long time, String identity, boolean byAddress, String domain, String queryName, String indicator,
            String answerExcerpt) {
        this.time = time;
        this.identity = identity;
        this.byAddress = byAddress;
        this.domain = domain;
        this.queryName = queryName;
        this.indicator = indicator;
        this.answerExcerpt = answerExcerpt;
    }

    /** The (identity, domain) key, in the shared key's form. */
    public String key() {
        return (byAddress ? "a" : "h") + identity.length() + ':' + identity + domain;
    }

    /** Of two payloads of one pair at one time, the one alerted: smallest query name, then indicator rank, then excerpt. */
    public static TxtPayloadAlert first(TxtPayloadAlert a, TxtPayloadAlert b) {
        if (a == null) return b;
        if (b == null) return a;
        int c = a.queryName.compareTo(b.queryName);
        if (c == 0) c = Integer.compare(rank(a.indicator), rank(b.indicator));
        if (c == 0) c = a.answerExcerpt.compareTo(b.answerExcerpt);
        return c <= 0 ? a : b;
    }

    static int rank(String indicator) {
        int i = TxtPayloads.INDICATORS.indexOf(indicator);
        return i < 0 ? TxtPayloads.INDICATORS.size() : i;
    }

    public String alertId() {
        return AlertIds.of(RULE, IdentityAlerts.identityField(byAddress), identity, domain, Long.toString(time));
    }

    public AlertRecord toRecord() {
        return IdentityAlerts.record(RULE, SEVERITY, alertId(), time, toJson(),
                byAddress, identity, time, new String[] {domain, queryName});
    }

    public String toJson() {
        return IdentityAlerts.json(RULE, SEVERITY, alertId(), time, MITRE_TECHNIQUES, byAddress, identity, g -> {
            g.writeStringField("domain", AlertJson.cut(domain));
            g.writeStringField("queryName", AlertJson.cut(queryName));
            g.writeStringField("indicator", indicator);
            g.writeStringField("answerExcerpt", AlertJson.cut(answerExcerpt));
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TxtPayloadAlert a)) return false;
        return byAddress == a.byAddress && time == a.time && Objects.equals(identity, a.identity) && Objects.equals(domain, a.domain)
                && Objects.equals(queryName, a.queryName) && Objects.equals(indicator, a.indicator)
                && Objects.equals(answerExcerpt, a.answerExcerpt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity, domain, time);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
