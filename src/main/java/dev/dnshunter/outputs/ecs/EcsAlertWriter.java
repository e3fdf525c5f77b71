package dev.dnshunter.outputs.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.AttackTechniques.Technique;
import dev.dnshunter.alert.Finding;
import dev.dnshunter.alert.Findings;
import dev.dnshunter.alert.Times;
import dev.dnshunter.net.IpAddress;
import dev.dnshunter.outputs.AlertWriter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An alert as an ECS 9.4.0 document ({@code event.kind: alert}), nested objects, ready for an Elastic index or data
 * stream. ECS fields that hold one value (dns.question.name, dns.question.registered_domain) take the alert's first
 * name; every name is in related.hosts and under {@code dns_hunter}, the namespace of our own fields (native
 * names), as ECS asks custom fields to be kept apart.
 */
public final class EcsAlertWriter implements AlertWriter {
    private static final long serialVersionUID = 1L;
    public static final String ECS_VERSION = "9.4.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String productVersion;

    public EcsAlertWriter(String productVersion) {
        this.productVersion = productVersion;
    }

    @Override
    public String write(AlertRecord alert) {
        return document(Findings.of(alert)).toString();
    }

    ObjectNode document(Finding f) {
        ObjectNode d = JSON.createObjectNode();
        d.put("@timestamp", Times.iso(f.time));
        d.put("message", f.message);
        d.putObject("ecs").put("version", ECS_VERSION);

        ObjectNode event = d.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network").add("intrusion_detection");
        event.putArray("type").add("info");
        if (f.severity != null) event.put("severity", f.severity.ecsSeverity());
        event.put("id", f.alertId);
        event.put("start", Times.iso(f.firstSeen));
        event.put("end", Times.iso(f.lastSeen));

        d.putObject("rule").put("id", f.ruleId).put("name", f.ruleTitle).put("ruleset", "dns-hunter")
                .put("version", productVersion);
        if (!f.techniques.isEmpty()) d.set("threat", threat(f));

        if (f.clientIp != null || f.sentBytes != null) {
            ObjectNode source = d.putObject("source");
            if (f.clientIp != null) source.put("ip", f.clientIp);
            if (f.sentBytes != null) source.put("bytes", f.sentBytes);
        }
        if (f.hostName != null) d.putObject("host").put("name", f.hostName);
        if (f.destinationIp != null) {
            ObjectNode destination = d.putObject("destination").put("ip", f.destinationIp);
            if (f.destinationPort != null) destination.put("port", f.destinationPort);
            if (f.receivedBytes != null) destination.put("bytes", f.receivedBytes);
        }
        ObjectNode question = d.putObject("dns").putObject("question");
        question.put("name", f.queryNames.isEmpty() ? f.lookups.get(0).name() : f.queryNames.get(0));
        if (!f.registeredDomains.isEmpty()) question.put("registered_domain", f.registeredDomains.get(0));
        if (f.queryType != null) question.put("type", f.queryType);

        ObjectNode related = d.putObject("related");
        ArrayNode ips = related.putArray("ip");
        if (f.clientIp != null) ips.add(f.clientIp);
        if (f.destinationIp != null && !f.destinationIp.equals(f.clientIp)) ips.add(f.destinationIp);
        Set<String> hosts = new LinkedHashSet<>();
        if (f.hostName != null) hosts.add(f.hostName);
        hosts.addAll(f.queryNames);
        hosts.addAll(f.registeredDomains);
        // The lookups behind the alert: their names, and their answers that are addresses (canonical, once each).
        Set<String> answerIps = new LinkedHashSet<>();
        for (Finding.Lookup l : f.lookups) {
            hosts.add(l.name());
            for (String answer : l.answers()) {
                IpAddress ip = IpAddress.parse(answer);
                if (ip != null) answerIps.add(ip.canonical(answer));
            }
        }
        answerIps.remove(f.clientIp);
        answerIps.remove(f.destinationIp);
        answerIps.forEach(ips::add);
        ArrayNode hostList = related.putArray("hosts");
        hosts.forEach(hostList::add);
        if (ips.isEmpty()) related.remove("ip");

        ObjectNode own = d.putObject("dns_hunter");
        ArrayNode names = own.putArray("queryNames");
        f.queryNames.forEach(names::add);
        ArrayNode domains = own.putArray("registeredDomains");
        f.registeredDomains.forEach(domains::add);
        own.setAll(f.unmapped);
        return d;
    }

    private static ObjectNode threat(Finding f) {
        ObjectNode threat = JSON.createObjectNode().put("framework", "MITRE ATT&CK");
        Set<String> techniqueIds = new LinkedHashSet<>();
        Set<String> techniqueNames = new LinkedHashSet<>();
        Set<String> subIds = new LinkedHashSet<>();
        Set<String> subNames = new LinkedHashSet<>();
        Set<String> tacticIds = new LinkedHashSet<>();
        Set<String> tacticNames = new LinkedHashSet<>();
        for (Technique t : f.techniques) {
            if (t.isSubTechnique()) {
                techniqueIds.add(t.parentId());
                if (t.parentName() != null) techniqueNames.add(t.parentName());
                subIds.add(t.id());
                if (t.name() != null) subNames.add(t.name());
            } else {
                techniqueIds.add(t.id());
                if (t.name() != null) techniqueNames.add(t.name());
            }
            if (t.tacticId() != null) {
                tacticIds.add(t.tacticId());
                tacticNames.add(t.tacticName());
            }
        }
        ObjectNode technique = threat.putObject("technique");
        strings(technique.putArray("id"), techniqueIds);
        if (!techniqueNames.isEmpty()) strings(technique.putArray("name"), techniqueNames);
        if (!subIds.isEmpty()) {
            ObjectNode sub = technique.putObject("subtechnique");
            strings(sub.putArray("id"), subIds);
            if (!subNames.isEmpty()) strings(sub.putArray("name"), subNames);
        }
        if (!tacticIds.isEmpty()) {
            ObjectNode tactic = threat.putObject("tactic");
            strings(tactic.putArray("id"), tacticIds);
            strings(tactic.putArray("name"), tacticNames);
        }
        return threat;
    }

    private static void strings(ArrayNode into, Set<String> values) {
        values.forEach(into::add);
    }
}
