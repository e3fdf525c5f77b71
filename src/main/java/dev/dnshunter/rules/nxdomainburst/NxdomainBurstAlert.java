package dev.dnshunter.rules.nxdomainburst;

import dev.dnshunter.alert.AlertIds;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Evidence;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.alert.Times;
import dev.dnshunter.rules.IdentityAlerts;
import java.util.Arrays;
import java.util.Objects;

/**
 * DnsNxdomainBurst: one identity got NXDOMAIN for many distinct domains within the window, as malware walking a
 * domain generation algorithm does. Fields, in JSON order after the envelope: {@code clientIp} or {@code host},
 * {@code distinctDomains}, {@code queryCount}, {@code firstQueryTime}, {@code lastQueryTime}, {@code sampleDomains}.
 */
public class NxdomainBurstAlert {
    public static final String RULE = "DnsNxdomainBurst";
    public static final Severity SEVERITY = Severity.MEDIUM;
    public static final String[] MITRE_TECHNIQUES = {"T1568.002"};

    /** The canonical client address, or the lowercased host name when {@link #byAddress} is false. */
    public String identity;
    public boolean byAddress;
    /** The trigger time. */
    public long time;
    /** D: distinct domains of the counted queries in the window. */
    public int distinctDomains;
    /** Counted queries in the window. */
    public int queryCount;
    public long firstQueryTime;
    public long lastQueryTime;
    /** The first 10 distinct domains of the window, in time order, then by text. */
    public String[] sampleDomains;

    public NxdomainBurstAlert() {}

    public String alertId() {
        return AlertIds.of(RULE, IdentityAlerts.identityField(byAddress), identity, Long.toString(time));
    }

    public AlertRecord toRecord() {
        return IdentityAlerts.record(RULE, SEVERITY, alertId(), time, toJson(),
                byAddress, identity, firstQueryTime, sampleDomains.clone());
    }

    public String toJson() {
        return IdentityAlerts.json(RULE, SEVERITY, alertId(), time, MITRE_TECHNIQUES, byAddress, identity, g -> {
            g.writeNumberField("distinctDomains", distinctDomains);
            g.writeNumberField("queryCount", queryCount);
            g.writeStringField("firstQueryTime", Times.iso(firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(lastQueryTime));
            IdentityAlerts.names(g, "sampleDomains", sampleDomains);
            g.writeNumberField("sampleDomainsOmitted", Evidence.omitted(distinctDomains, sampleDomains.length));
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NxdomainBurstAlert a)) return false;
        return byAddress == a.byAddress && time == a.time && distinctDomains == a.distinctDomains && queryCount == a.queryCount
                && firstQueryTime == a.firstQueryTime && lastQueryTime == a.lastQueryTime
                && Objects.equals(identity, a.identity) && Arrays.equals(sampleDomains, a.sampleDomains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity, time);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
