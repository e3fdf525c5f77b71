package dev.dnshunter.outputs.ocsf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.AttackTechniques.Technique;
import dev.dnshunter.alert.Finding;
import dev.dnshunter.alert.Findings;
import dev.dnshunter.outputs.AlertWriter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An alert as an OCSF 1.8.0 Detection Finding (class_uid 2004, category Findings, activity Create): one evidence per
 * name looked up (the DNS query, the client as src_endpoint, the destination as dst_endpoint), observables for the
 * host names and addresses, the ATT&CK techniques in finding_info.attacks. Our fields without an OCSF attribute are
 * under {@code unmapped} with their native names. Times are epoch milliseconds (OCSF timestamp_t).
 */
public final class OcsfAlertWriter implements AlertWriter {
    private static final long serialVersionUID = 1L;
    /** The OCSF schema release the documents follow (metadata.version). */
    public static final String OCSF_VERSION = "1.8.0";
    public static final String PRODUCT = "dns-hunter";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String productVersion;

    public OcsfAlertWriter(String productVersion) {
        this.productVersion = productVersion;
    }

    @Override
    public String write(AlertRecord alert) {
        return document(Findings.of(alert)).toString();
    }

    ObjectNode document(Finding f) {
        ObjectNode d = JSON.createObjectNode();
        d.put("activity_id", 1).put("activity_name", "Create");
        d.put("category_uid", 2).put("category_name", "Findings");
        d.put("class_uid", 2004).put("class_name", "Detection Finding");
        d.put("type_uid", 200401).put("type_name", "Detection Finding: Create");
        if (f.severity == null) {
            d.put("severity_id", 0).put("severity", "Unknown");
        } else {
            d.put("severity_id", f.severity.ocsfSeverityId()).put("severity", f.severity.label());
        }
        d.put("status_id", 1).put("status", "New");
        d.put("is_alert", true);
        d.put("time", f.time);
        d.put("message", f.message);

        ObjectNode metadata = d.putObject("metadata");
        metadata.put("version", OCSF_VERSION);
        metadata.putObject("product").put("name", PRODUCT).put("vendor_name", PRODUCT).put("version", productVersion);

        ObjectNode info = d.putObject("finding_info");
        info.put("uid", f.alertId);
        info.put("title", f.ruleTitle);
        info.putObject("analytic").put("uid", f.ruleId).put("name", f.ruleId).put("type_id", 1).put("type", "Rule");
        if (!f.techniques.isEmpty()) {
            ArrayNode attacks = info.putArray("attacks");
            for (Technique t : f.techniques) attacks.add(attack(t));
        }
        info.put("first_seen_time", f.firstSeen);
        info.put("last_seen_time", f.lastSeen);

        ArrayNode evidences = d.putArray("evidences");
        for (String name : f.queryNames) evidence(evidences, f, name, f.queryType);
        // Then each lookup behind the alert as the log wrote it; Evidence Artifacts have no attribute for a DNS
        // answer or a time, so those go in its free-form data.
        for (Finding.Lookup l : f.lookups) {
            ObjectNode data = evidence(evidences, f, l.name(), l.type()).putObject("data");
            data.put("time", l.time());
            ArrayNode answers = data.putArray("answers");
            l.answers().forEach(answers::add);
        }

        ArrayNode observables = d.putArray("observables");
        if (f.clientIp != null) observable(observables, "evidences.src_endpoint.ip", 2, "IP Address", f.clientIp);
        if (f.hostName != null) observable(observables, "evidences.src_endpoint.hostname", 1, "Hostname", f.hostName);
        Set<String> hostnames = new LinkedHashSet<>(f.queryNames);
        for (Finding.Lookup l : f.lookups) hostnames.add(l.name());
        for (String name : hostnames) observable(observables, "evidences.query.hostname", 1, "Hostname", name);
        if (f.destinationIp != null) observable(observables, "evidences.dst_endpoint.ip", 2, "IP Address", f.destinationIp);

        ObjectNode unmapped = d.putObject("unmapped");
        if (f.sentBytes != null) unmapped.put("sentBytes", f.sentBytes);
        if (f.receivedBytes != null) unmapped.put("receivedBytes", f.receivedBytes);
        if (f.registeredDomains.size() > 0) {
            ArrayNode domains = unmapped.putArray("registeredDomains");
            f.registeredDomains.forEach(domains::add);
        }
        unmapped.setAll(f.unmapped);
        return d;
    }

    /** One evidence of a DNS query of {@code name} from the alert's client to its destination. */
    private static ObjectNode evidence(ArrayNode evidences, Finding f, String name, String type) {
        ObjectNode e = evidences.addObject();
        ObjectNode query = e.putObject("query").put("hostname", name);
        if (type != null) query.put("type", type);
        ObjectNode src = e.putObject("src_endpoint");
        if (f.clientIp != null) src.put("ip", f.clientIp);
        if (f.hostName != null) src.put("hostname", f.hostName);
        if (f.destinationIp != null) {
            ObjectNode dst = e.putObject("dst_endpoint").put("ip", f.destinationIp);
            if (f.destinationPort != null) dst.put("port", f.destinationPort);
        }
        return e;
    }

    private static ObjectNode attack(Technique t) {
        ObjectNode a = JSON.createObjectNode();
        if (t.isSubTechnique()) {
            ObjectNode parent = a.putObject("technique").put("uid", t.parentId());
            if (t.parentName() != null) parent.put("name", t.parentName());
            ObjectNode sub = a.putObject("sub_technique").put("uid", t.id());
            if (t.name() != null) sub.put("name", t.name());
        } else {
            ObjectNode technique = a.putObject("technique").put("uid", t.id());
            if (t.name() != null) technique.put("name", t.name());
        }
        if (t.tacticId() != null) a.putObject("tactic").put("uid", t.tacticId()).put("name", t.tacticName());
        return a;
    }

    private static void observable(ArrayNode list, String name, int typeId, String type, String value) {
        list.addObject().put("name", name).put("type_id", typeId).put("type", type).put("value", value);
    }
}
