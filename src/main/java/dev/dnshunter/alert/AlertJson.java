package dev.dnshunter.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The alert wire format: one JSON object per alert, envelope first, field names fixed by the README. */
public final class AlertJson {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertJson() {}

    public static String toJson(RareDnsAlert a) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            envelope(g, RareDnsAlert.RULE, a.severity, a.alertId(), a.time(), RareDnsAlert.MITRE_TECHNIQUES);
            g.writeStringField("windowStart", Times.iso(a.windowStart));
            g.writeStringField("windowEnd", Times.iso(a.windowEnd));
            g.writeStringField("clientIp", a.clientIp);
            g.writeStringField("domain", a.domain);
            g.writeStringField("destinationIp", a.destinationIp);
            g.writeNumberField("destinationPort", a.destinationPort);
            g.writeStringField("dataType", a.dataType);
            g.writeNumberField("sentBytes", a.sentBytes);
            g.writeNumberField("receivedBytes", a.receivedBytes);
            g.writeNumberField("connectionCount", a.connectionCount);
            g.writeNumberField("lookupCount", a.lookupCount);
            g.writeStringField("firstLookupTime", Times.iso(a.firstLookupTime));
            g.writeStringField("lastLookupTime", Times.iso(a.lastLookupTime));
            if (a.integerAverage) {
                g.writeNumberField("dailyAvgLookupCountOverLookback", a.baselineCount / a.lookbackBuckets);
            } else {
                g.writeNumberField("dailyAvgLookupCountOverLookback", a.dailyAvgLookupCountOverLookback());
            }
            if (a.truncated) g.writeBooleanField("truncated", true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String toJson(DnsTxtAlert a) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            envelope(g, DnsTxtAlert.RULE, DnsTxtAlert.SEVERITY, a.alertId(), a.time(), DnsTxtAlert.MITRE_TECHNIQUES);
            g.writeStringField("host", a.host);
            g.writeStringField("source", a.source);
            g.writeStringField("firstQueryTime", Times.iso(a.firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(a.lastQueryTime));
            g.writeNumberField("queryCount", a.queryCount);
            g.writeArrayFieldStart("queryNames");
            for (String n : a.queryNames) g.writeString(n);
            g.writeEndArray();
            g.writeArrayFieldStart("registeredDomains");
            for (String d : a.registeredDomains) g.writeString(d);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void envelope(JsonGenerator g, String rule, Severity severity, String alertId, long time, String[] mitre)
            throws IOException {
        g.writeStringField("rule", rule);
        // Null only for a rare alert not yet finalised (its severity is set last), as in a correlator's test output.
        g.writeStringField("severity", severity == null ? null : severity.label());
        g.writeStringField("alertId", alertId);
        g.writeStringField("time", Times.iso(time));
        g.writeArrayFieldStart("mitreTechniques");
        for (String t : mitre) g.writeString(t);
        g.writeEndArray();
    }
}
