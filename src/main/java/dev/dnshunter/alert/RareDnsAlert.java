package dev.dnshunter.alert;

import dev.dnshunter.rare.LookupEvidence;
import java.util.Objects;

/**
 * RareDnsLookupWithDataTransfer: bytes moved from a client to an address it had just resolved for a rare domain,
 * aggregated per (1-hour UTC window, client, domain, destination address, destination port, data type).
 */
public class RareDnsAlert {
    public static final String RULE = "RareDnsLookupWithDataTransfer";
    public static final String[] MITRE_TECHNIQUES = {"T1071", "T1048"};

    public long windowStart;
    public long windowEnd;
    public String clientIp;
    public String domain;
    public String destinationIp;
    public int destinationPort;
    public String dataType;
    public long sentBytes;
    public long receivedBytes;
    public long connectionCount;
    public long lookupCount;
    public long firstLookupTime;
    public long lastLookupTime;
    /** Lookups of the domain in the lookback buckets before the bucket of windowStart. */
    public long baselineCount;
    public int lookbackBuckets;
    /** KQL-compatible mode reports the truncated integer average, as the Sentinel query does. */
    public boolean integerAverage;
    /** From the evidence (sent and received bytes), set when the alert is finalised; null until then. */
    public Severity severity;
    /**
     * The numbers rest on summaries because a per-key cap was reached (a flood of lookups or flows of one client and
     * address): written to the JSON only when true.
     */
    public boolean truncated;
    /**
     * The evidence (fields added for POJO schema evolution; docs/alerts.md, "Evidence"): the first
     * {@link Evidence#MAX_ITEMS} of the lookups counted in {@link #lookupCount}, in {@link LookupEvidence#ORDER}, and
     * how many of them are not listed; the first and last time of the flows counted in {@link #connectionCount}. Null
     * lookups (and flow times of 0) in an alert restored from a savepoint of a release before evidence.
     */
    public LookupEvidence[] lookups;
    public long lookupsOmitted;
    public long firstFlowTime;
    public long lastFlowTime;

    public RareDnsAlert() {}

    public double dailyAvgLookupCountOverLookback() {
        return integerAverage ? (double) (baselineCount / lookbackBuckets) : (double) baselineCount / lookbackBuckets;
    }

    public String alertId() {
        return AlertIds.of(RULE, Long.toString(windowStart), clientIp, domain, destinationIp,
                Integer.toString(destinationPort), dataType);
    }

    /** The envelope's time: the end of the alert window. */
    public long time() {
        return windowEnd;
    }

    /** Whether the alert carries its evidence (false only for one restored from a release before evidence). */
    public boolean hasEvidence() {
        return lookups != null;
    }

    /**
     * Equality of the numbers and the identity, not of the evidence: harness tests that check the numbers compare
     * alerts; the evidence is compared through the JSON ({@link AlertJson}), as the ground-truth tests do.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RareDnsAlert a)) return false;
        return windowStart == a.windowStart && windowEnd == a.windowEnd && destinationPort == a.destinationPort
                && sentBytes == a.sentBytes && receivedBytes == a.receivedBytes && connectionCount == a.connectionCount
                && lookupCount == a.lookupCount && firstLookupTime == a.firstLookupTime
                && lastLookupTime == a.lastLookupTime && baselineCount == a.baselineCount
                && lookbackBuckets == a.lookbackBuckets && integerAverage == a.integerAverage && severity == a.severity && truncated == a.truncated
                && Objects.equals(clientIp, a.clientIp) && Objects.equals(domain, a.domain)
                && Objects.equals(destinationIp, a.destinationIp) && Objects.equals(dataType, a.dataType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowStart, clientIp, domain, destinationIp, destinationPort, dataType);
    }

    @Override
    public String toString() {
        return AlertJson.toJson(this);
    }
}
