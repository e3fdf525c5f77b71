package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One alert in the terms every alert format shares (who, what was looked up, where the bytes went, when, how bad,
 * which ATT&CK techniques): what a rule's {@link FindingFields} fill in from its native alert and what the OCSF and
 * ECS writers read. A writer never looks at a rule's own fields, so a new rule needs no change in any writer.
 * Plain Java, built and dropped inside one map call: never Flink state.
 */
public final class Finding {
    /** The rule's stable identifier, the native {@code rule} (analytic uid, ECS rule.id). */
    public String ruleId;
    /** The rule's human name ("Rare DNS lookup with data transfer"). */
    public String ruleTitle;
    public String alertId;
    /** Null only for an alert restored from a job older than severities. */
    public Severity severity;
    /** The native envelope's time (epoch ms). */
    public long time;
    /** The earliest and the latest event the alert is about (epoch ms). */
    public long firstSeen;
    public long lastSeen;
    public final List<AttackTechniques.Technique> techniques = new ArrayList<>();
    /** The client's address, or null when the rule knows the client by its host name only. */
    public String clientIp;
    /** The client's host name, or null. */
    public String hostName;
    /** The names looked up, in the rule's order; at least one, or else at least one of {@link #lookups}. */
    public final List<String> queryNames = new ArrayList<>();
    /** "TXT", "A", …; null when the rule does not restrict the type. */
    public String queryType;
    /** Registrable domains of the query names, distinct. */
    public final List<String> registeredDomains = new ArrayList<>();
    public String destinationIp;
    public Integer destinationPort;
    /** Bytes the client sent to the destination and received from it, when the rule saw flows. */
    public Long sentBytes;
    public Long receivedBytes;
    /**
     * The DNS lookups behind the alert with their time and answers, in the rule's order, at most
     * {@link Evidence#MAX_ITEMS} (the rule's native fields say how many are left out): a rare alert's matched lookups,
     * a TXT payload's answer. Empty for rules whose evidence is names only ({@link #queryNames}).
     */
    public final List<Lookup> lookups = new ArrayList<>();
    /** One sentence an analyst reads first. */
    public String message;
    /** The rule's own fields that no format has a place for, with their native names and values. */
    public final ObjectNode unmapped = JsonNodeFactory.instance.objectNode();

    /** A lookup as the log wrote it: name, query type (null when unknown), time (epoch ms), answers. */
    public record Lookup(String name, String type, long time, List<String> answers) {}
}
