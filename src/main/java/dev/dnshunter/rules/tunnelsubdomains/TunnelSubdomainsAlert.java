package dev.dnshunter.rules.tunnelsubdomains;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.alert.AlertIds;
import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.Evidence;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.alert.Times;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
        return AlertIds.of(RULE, byAddress ? "clientIp" : "host", identity, domain, Long.toString(time));
    }

    public AlertRecord toRecord() {
        AlertRecord r = new AlertRecord(RULE, alertId(), time, toJson());
        if (byAddress) r.address = identity; else r.host = identity;
        r.names = new String[] {domain};
        r.firstEventTime = firstQueryTime;
        r.severity = SEVERITY;
        return r;
    }

    public String toJson() {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            AlertJson.envelope(g, RULE, SEVERITY, alertId(), time, MITRE_TECHNIQUES);
            g.writeStringField(byAddress ? "clientIp" : "host", AlertJson.cut(identity));
            g.writeStringField("domain", AlertJson.cut(domain));
            g.writeNumberField("distinctNames", distinctNames);
            g.writeNumberField("queryCount", queryCount);
            g.writeStringField("firstQueryTime", Times.iso(firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(lastQueryTime));
            g.writeArrayFieldStart("sampleNames");
            for (String n : sampleNames) g.writeString(AlertJson.cut(n));
            g.writeEndArray();
            g.writeArrayFieldStart("queryTypes");
            for (int t : queryTypes) g.writeNumber(t);
            g.writeEndArray();
            g.writeNumberField("sampleNamesOmitted", Evidence.omitted(distinctNames, sampleNames.length));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
