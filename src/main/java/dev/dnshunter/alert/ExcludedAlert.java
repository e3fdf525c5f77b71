package dev.dnshunter.alert;

import java.util.Objects;

/** An alert an analyst's exclusion entry removed, kept for audit with the entry that matched. */
public class ExcludedAlert {
    public String entryId;
    public String entryComment;
    /** Who wrote the entry that matched; null if unknown. */
    public String entryAuthor;
    public String rule;
    public String alertId;
    public String json;

    public ExcludedAlert() {}

    public ExcludedAlert(String entryId, String entryComment, AlertRecord alert) {
        this(entryId, entryComment, null, alert);
    }

    public ExcludedAlert(String entryId, String entryComment, String entryAuthor, AlertRecord alert) {
        this.entryId = entryId;
        this.entryComment = entryComment;
        this.entryAuthor = entryAuthor;
        this.rule = alert.rule;
        this.alertId = alert.alertId;
        this.json = alert.json;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExcludedAlert e)) return false;
        return Objects.equals(entryId, e.entryId) && Objects.equals(alertId, e.alertId) && Objects.equals(json, e.json)
                && Objects.equals(entryAuthor, e.entryAuthor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entryId, alertId);
    }

    @Override
    public String toString() {
        return "ExcludedAlert{" + entryId + ": " + rule + " " + alertId + "}";
    }
}
