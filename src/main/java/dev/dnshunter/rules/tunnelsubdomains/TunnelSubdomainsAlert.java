package dev.dnshunter.rules.tunnelsubdomains;

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
 * DnsTunnelingSubdomains: one identity asked, within the window, for many distinct tunnel-shaped names under one
 * domain, as dnscat2 and iodine do. Fields, in JSON order after the envelope: {@code clientIp} or {@code host},
 * {@code domain}, {@code distinctNames}, {@code queryCount}, {@code firstQueryTime}, {@code lastQueryTime},
 * {@code sampleNames}, {@code queryTypes}.
 */
public class TunnelSubdomainsAlert {
    public static final String RULE = "DnsTunnelingSubdomains";
    public static final Severity SEVERITY = Severity.HIGH;
    public static final String[] MITRE_TECHNIQUES = {"T1071.004", "T1048"};

    /** The canonical client address, or the lowercased host name when {@link #byAddress} is false. */
    public String identity;
    public boolean byAddress;
    public String domain;
    /** The trigger time. */
    public long time;
    /** N: distinct tunnel-shaped names of the domain in the window. */
    public int distinctNames;
    /** Tunnel-shaped queries of the domain in the window. */
    public int queryCount;
    public long firstQueryTime;
    public long lastQueryTime;
    /** The first 10 distinct tunnel-shaped names of the window, in time order, then by name. */
    public String[] sampleNames;
    /** The distinct query types of those queries, as numbers, sorted (a source without types adds none). */
    public int[] queryTypes;

    public TunnelSubdomainsAlert() {}

    public String alertId() {
        return AlertIds.of(RULE, IdentityAlerts.identityField(byAddress), identity, domain, Long.toString(time));
    }

    public AlertRecord toRecord() {
        return IdentityAlerts.record(RULE, SEVERITY, alertId(), time, toJson(),
                byAddress, identity, firstQueryTime, new String[] {domain});
    }

    public String toJson() {
        return IdentityAlerts.json(RULE, SEVERITY, alertId(), time, MITRE_TECHNIQUES, byAddress, identity, g -> {
            g.writeStringField("domain", AlertJson.cut(domain));
            g.writeNumberField("distinctNames", distinctNames);
            g.writeNumberField("queryCount", queryCount);
            g.writeStringField("firstQueryTime", Times.iso(firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(lastQueryTime));
            IdentityAlerts.names(g, "sampleNames", sampleNames);
            g.writeArrayFieldStart("queryTypes");
            for (int t : queryTypes) g.writeNumber(t);
            g.writeEndArray();
            g.writeNumberField("sampleNamesOmitted", Evidence.omitted(distinctNames, sampleNames.length));
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TunnelSubdomainsAlert a)) return false;
        return byAddress == a.byAddress && time == a.time && distinctNames == a.distinctNames && queryCount == a.queryCount
                && firstQueryTime == a.firstQueryTime && lastQueryTime == a.lastQueryTime
                && Objects.equals(identity, a.identity) && Objects.equals(domain, a.domain)
                && Arrays.equals(sampleNames, a.sampleNames) && Arrays.equals(queryTypes, a.queryTypes);
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
