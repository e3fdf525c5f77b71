package dev.dnshunter.alert;

import java.util.Objects;

/** Any rule's alert as it leaves the job: the envelope fields sinks need (Kafka key, headers) and the JSON body. */
public class AlertRecord {
    public String rule;
    public String alertId;
    public long time;
    public String json;

    public AlertRecord() {}

    public AlertRecord(String rule, String alertId, long time, String json) {
        this.rule = rule;
        this.alertId = alertId;
        this.time = time;
        this.json = json;
    }

    public static AlertRecord of(RareDnsAlert a) {
        return new AlertRecord(RareDnsAlert.RULE, a.alertId(), a.time(), AlertJson.toJson(a));
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
