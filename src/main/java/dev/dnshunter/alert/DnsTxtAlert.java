package dev.dnshunter.alert;

import java.util.Arrays;
import java.util.Objects;

/** DnsTxtTunneling: a burst of TXT queries from one host, as DNSlivery-style payload delivery makes. */
public class DnsTxtAlert {
    public static final String RULE = "DnsTxtTunneling";
    public static final Severity SEVERITY = Severity.HIGH;
    public static final String[] MITRE_TECHNIQUES = {"T1071.004", "T1048"};

    public String host;
    /** "DnsClientEvents" or "DnsEvents": the two are separate host identities (a computer name, a client address). */
    public String source;
    public long firstQueryTime;
    public long lastQueryTime;
    public int queryCount;
    /** Distinct queried names in time order. */
    public String[] queryNames;
    /** Distinct registrable domains of those names, in the same order. */
    public String[] registeredDomains;

    public DnsTxtAlert() {}

    public String alertId() {
        return AlertIds.of(RULE, source, host, Long.toString(firstQueryTime));
    }

    public long time() {
        return lastQueryTime;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsTxtAlert a)) return false;
        return firstQueryTime == a.firstQueryTime && lastQueryTime == a.lastQueryTime && queryCount == a.queryCount
                && Objects.equals(host, a.host) && Objects.equals(source, a.source)
                && Arrays.equals(queryNames, a.queryNames) && Arrays.equals(registeredDomains, a.registeredDomains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, source, firstQueryTime);
    }

    @Override
    public String toString() {
        return AlertJson.toJson(this);
    }
}
