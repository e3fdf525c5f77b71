package dev.dnshunter.rules.exfilvolume;

import dev.dnshunter.alert.AlertIds;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Evidence;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.alert.Times;
import dev.dnshunter.rules.IdentityAlerts;
import java.util.Arrays;
import java.util.Objects;

/**
 * DnsExfiltrationVolume: one identity put many characters of distinct subdomains under one domain within an hour or a
 * day. Fields, in JSON order after the envelope: {@code clientIp} or {@code host}, {@code domain}, {@code tier},
 * {@code volumeChars}, {@code distinctSubdomains}, {@code queryCount}, {@code firstQueryTime}, {@code lastQueryTime},
 * {@code sampleSubdomains}.
 */
public class ExfilVolumeAlert {
    public static final String RULE = "DnsExfiltrationVolume";
    public static final Severity SEVERITY = Severity.MEDIUM;
    public static final String[] MITRE_TECHNIQUES = {"T1048", "T1071.004"};

    /** The canonical client address, or the lowercased host name when {@link #byAddress} is false. */
    public String identity;
    public boolean byAddress;
    public String domain;
    /** {@code 1h} or {@code 24h}. */
    public String tier;
    /** The trigger time. */
    public long time;
    /** Sum of the lengths of the distinct non-empty subdomains of the window. */
    public long volumeChars;
    public int distinctSubdomains;
    /** Queries of the window with a non-empty subdomain. */
    public int queryCount;
    public long firstQueryTime;
    public long lastQueryTime;
    /** The first 10 distinct subdomains of the window, each at its latest query time, in time order then by text. */
    public String[] sampleSubdomains;

    public ExfilVolumeAlert() {}

    public String alertId() {
        return AlertIds.of(RULE, tier, IdentityAlerts.identityField(byAddress), identity, domain, Long.toString(time));
    }

    public AlertRecord toRecord() {
        return IdentityAlerts.record(RULE, SEVERITY, alertId(), time, toJson(),
                byAddress, identity, firstQueryTime, new String[] {domain});
    }

    public String toJson() {
        return IdentityAlerts.json(RULE, SEVERITY, alertId(), time, MITRE_TECHNIQUES, byAddress, identity, g -> {
            g.writeStringField("domain", AlertJson.cut(domain));
            g.writeStringField("tier", tier);
            g.writeNumberField("volumeChars", volumeChars);
            g.writeNumberField("distinctSubdomains", distinctSubdomains);
            g.writeNumberField("queryCount", queryCount);
            g.writeStringField("firstQueryTime", Times.iso(firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(lastQueryTime));
            IdentityAlerts.names(g, "sampleSubdomains", sampleSubdomains);
            g.writeNumberField("sampleSubdomainsOmitted", Evidence.omitted(distinctSubdomains, sampleSubdomains.length));
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExfilVolumeAlert a)) return false;
        return byAddress == a.byAddress && time == a.time && volumeChars == a.volumeChars && distinctSubdomains == a.distinctSubdomains
                && queryCount == a.queryCount && firstQueryTime == a.firstQueryTime && lastQueryTime == a.lastQueryTime
                && Objects.equals(identity, a.identity) && Objects.equals(domain, a.domain) && Objects.equals(tier, a.tier)
                && Arrays.equals(sampleSubdomains, a.sampleSubdomains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity, domain, tier, time);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
