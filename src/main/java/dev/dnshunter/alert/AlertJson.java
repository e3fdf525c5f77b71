package dev.dnshunter.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dnshunter.rare.LookupEvidence;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The alert wire format: one JSON object per alert, envelope first, field names fixed by the README.
 *
 * <p>Names come from the logs, and nothing caps them there (a name over 253 characters is its own domain): a name
 * longer than {@link #MAX_NAME_CHARS} is cut to that length followed by {@link #TRUNCATED_MARKER}, and the alert ends
 * with {@code "truncated":true} and the original lengths (in characters) of every name of that field. Alerts with no
 * long name are unchanged.
 */
public final class AlertJson {
    private static final JsonFactory JSON = new JsonFactory();

    /** Four times the longest DNS name (253 characters). */
    public static final int MAX_NAME_CHARS = 1024;
    public static final String TRUNCATED_MARKER = "...[truncated]";

    private AlertJson() {}

    public static String toJson(RareDnsAlert a) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            envelope(g, RareDnsAlert.RULE, a.severity, a.alertId(), a.time(), RareDnsAlert.MITRE_TECHNIQUES);
            g.writeStringField("windowStart", Times.iso(a.windowStart));
            g.writeStringField("windowEnd", Times.iso(a.windowEnd));
            g.writeStringField("clientIp", a.clientIp);
            g.writeStringField("domain", cut(a.domain));
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
            if (a.truncated || tooLong(a.domain)) g.writeBooleanField("truncated", true);
            if (tooLong(a.domain)) g.writeNumberField("domainLength", a.domain.length());
            rareEvidence(g, a);
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
            g.writeStringField("host", cut(a.host));
            g.writeStringField("source", a.source);
            g.writeStringField("firstQueryTime", Times.iso(a.firstQueryTime));
            g.writeStringField("lastQueryTime", Times.iso(a.lastQueryTime));
            g.writeNumberField("queryCount", a.queryCount);
            // At most Evidence.MAX_ITEMS of each (a burst has --txt-count queries, 6 by default), the rest counted.
            String[] names = listed(a.queryNames);
            String[] domains = listed(a.registeredDomains);
            g.writeArrayFieldStart("queryNames");
            for (String n : names) g.writeString(cut(n));
            g.writeEndArray();
            g.writeArrayFieldStart("registeredDomains");
            for (String d : domains) g.writeString(cut(d));
            g.writeEndArray();
            boolean longNames = anyTooLong(names);
            boolean longDomains = anyTooLong(domains);
            if (tooLong(a.host) || longNames || longDomains) {
                g.writeBooleanField("truncated", true);
                if (tooLong(a.host)) g.writeNumberField("hostLength", a.host.length());
                if (longNames) lengths(g, "queryNameLengths", names);
                if (longDomains) lengths(g, "registeredDomainLengths", domains);
            }
            g.writeNumberField("queryNamesOmitted", a.queryNames.length - names.length);
            g.writeNumberField("registeredDomainsOmitted", a.registeredDomains.length - domains.length);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A rare alert's evidence, after its other fields: the flows' time span, then the listed lookups and the count of
     * the others. An alert restored from a release before evidence lists none and counts every lookup as omitted.
     */
    private static void rareEvidence(JsonGenerator g, RareDnsAlert a) throws IOException {
        if (a.hasEvidence()) {
            g.writeStringField("firstFlowTime", Times.iso(a.firstFlowTime));
            g.writeStringField("lastFlowTime", Times.iso(a.lastFlowTime));
        }
        g.writeArrayFieldStart("lookups");
        if (a.hasEvidence()) {
            for (LookupEvidence l : a.lookups) {
                g.writeStartObject();
                g.writeStringField("name", l.name);
                g.writeStringField("time", Times.iso(l.time));
                g.writeArrayFieldStart("answers");
                for (String answer : l.answers) g.writeString(answer);
                g.writeEndArray();
                if (l.answersOmitted > 0) g.writeNumberField("answersOmitted", l.answersOmitted);
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeNumberField("lookupsOmitted", a.hasEvidence() ? a.lookupsOmitted : a.lookupCount);
    }

    /** {@code name}, or its first {@link #MAX_NAME_CHARS} characters and the marker when it is longer. */
    public static String cut(String name) {
        if (!tooLong(name)) return name;
        int end = MAX_NAME_CHARS;
        if (Character.isHighSurrogate(name.charAt(end - 1))) end--;
        return name.substring(0, end) + TRUNCATED_MARKER;
    }

    /** The first {@link Evidence#MAX_ITEMS} of {@code items}. */
    public static String[] listed(String[] items) {
        return items.length <= Evidence.MAX_ITEMS ? items : java.util.Arrays.copyOf(items, Evidence.MAX_ITEMS);
    }

    private static boolean tooLong(String name) {
        return name != null && name.length() > MAX_NAME_CHARS;
    }

    private static boolean anyTooLong(String[] names) {
        for (String n : names) if (tooLong(n)) return true;
        return false;
    }

    private static void lengths(JsonGenerator g, String field, String[] names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String n : names) g.writeNumber(n == null ? 0 : n.length());
        g.writeEndArray();
    }

    /** The envelope every alert starts with: rule, severity, alertId, time, mitreTechniques. */
    public static void envelope(JsonGenerator g, String rule, Severity severity, String alertId, long time, String[] mitre)
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
