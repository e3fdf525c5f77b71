package dev.dnshunter.alert;

import java.util.Objects;

/** Any rule's alert as it leaves the job: the envelope fields sinks need (Kafka key, headers) and the JSON body. */
public class AlertRecord {
    public String rule;
    public String alertId;
    public long time;
    public String json;
    /** What analysts' exclusions can match: a client address, a host name, queried names or domains (may be null). */
    public String address;
    public String host;
    public String[] names;
    /** The earliest event behind the alert: exclusions are applied as they stood at that event time. */
    public long firstEventTime;
    /**
     * The alert's severity, as its JSON says; what {@code --min-severity} filters on and what other formats' writers
     * read. Null only for an alert restored from the state of a job older than severities (it is let through).
     */
    public Severity severity;

    public AlertRecord() {}

    public AlertRecord(String rule, String alertId, long time, String json) {
        this.rule = rule;
        this.alertId = alertId;
        this.time = time;
        this.json = json;
    }

    public static AlertRecord of(RareDnsAlert a) {
        AlertRecord r = new AlertRecord(RareDnsAlert.RULE, a.alertId(), a.time(), AlertJson.toJson(a));
        r.address = a.clientIp;
        r.names = new String[] {a.domain};
        r.firstEventTime = a.firstLookupTime;
        r.severity = a.severity;
        return r;
    }

    public static AlertRecord of(DnsTxtAlert a) {
        AlertRecord r = new AlertRecord(DnsTxtAlert.RULE, a.alertId(), a.time(), AlertJson.toJson(a));
        if ("DnsEvents".equals(a.source)) r.address = a.host; else r.host = a.host;
        r.names = a.queryNames;
        r.firstEventTime = a.firstQueryTime;
        r.severity = DnsTxtAlert.SEVERITY;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlertRecord r)) return false;
        return time == r.time && Objects.equals(rule, r.rule) && Objects.equals(alertId, r.alertId) && Objects.equals(json, r.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId);
    }

    @Override
    public String toString() {
        return json;
    }
}
