package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.model.ResponseCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders normalized events as Elastic Common Schema documents, with the fields of the ECS reference ({@code dns},
 * {@code source}, {@code client}, {@code destination}, {@code network}, {@code event}, {@code host}, {@code process}
 * field sets) as Packetbeat writes them: a DNS query as one event of the whole exchange ({@code dns.type} {@code answer}
 * when it was answered, {@code query} when only the request was seen), a flow as one flow event. Nested objects, or
 * dotted keys as some exporters flatten them.
 */
public final class EcsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcsWriter() {}

    public static List<String> dns(List<DnsQuery> queries, boolean dotted) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) lines.add(dns(queries.get(i), i, dotted));
        return lines;
    }

    /** The document of the {@code i}-th query. */
    public static String dns(DnsQuery q, int i, boolean dotted) {
        ObjectNode o = event(q.time, "network_traffic.dns");
        o.putObject("network").put("type", q.clientAddress != null && q.clientAddress.indexOf(':') >= 0 ? "ipv6" : "ipv4")
                .put("transport", "udp").put("protocol", "dns");
        if (q.clientAddress != null) {
            o.putObject("source").put("ip", q.clientAddress).put("port", 50_000 + i);
            o.putObject("client").put("ip", q.clientAddress).put("port", 50_000 + i);
            o.putObject("destination").put("ip", q.clientAddress.indexOf(':') >= 0 ? "2001:db8::53" : SuricataWriter.RESOLVER).put("port", 53);
        }
        if (q.clientHost != null) o.putObject("host").put("name", q.clientHost);
        if (q.processImage != null) o.putObject("process").put("executable", q.processImage);
        ObjectNode dns = o.putObject("dns");
        boolean answered = q.responseCode != DnsQuery.ABSENT;
        dns.put("type", answered ? "answer" : "query").put("id", Integer.toString(1000 + i));
        if (answered) dns.put("response_code", ResponseCodes.name(q.responseCode));
        ObjectNode question = dns.putObject("question").put("name", q.name);
        if (q.queryType != DnsQuery.ABSENT) question.put("type", SuricataWriter.type(q.queryType));
        question.put("class", "IN");
        ArrayNode answers = JSON.createArrayNode();
        ArrayNode resolved = JSON.createArrayNode();
        if (q.otherAnswers != null) {
            for (String a : q.otherAnswers) {
                answers.addObject().put("name", q.name).put("type", q.queryType == 16 ? "TXT" : "CNAME").put("class", "IN")
                        .put("ttl", 300).put("data", a);
            }
        }
        if (q.addresses != null) {
            for (String a : q.addresses.split(",")) {
                answers.addObject().put("name", q.name).put("type", a.indexOf(':') >= 0 ? "AAAA" : "A").put("class", "IN")
                        .put("ttl", 300).put("data", a.trim());
                resolved.add(a.trim());
            }
        }
        if (!answers.isEmpty()) dns.set("answers", answers);
        if (!resolved.isEmpty()) dns.set("resolved_ip", resolved);
        return render(o, dotted);
    }

    public static List<String> flows(List<NetworkFlow> flows, boolean dotted) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) lines.add(flow(flows.get(i), i, dotted));
        return lines;
    }

    /** The document of the {@code i}-th flow. */
    public static String flow(NetworkFlow f, int i, boolean dotted) {
        // The flow event is written when the flow ends; event.start is the flow's time.
        ObjectNode o = event(f.time + 30_000, "network_traffic.flow");
        ((ObjectNode) o.get("event")).put("start", Instant.ofEpochMilli(f.time).toString())
                .put("end", Instant.ofEpochMilli(f.time + 29_000).toString());
        o.putObject("network").put("type", f.destinationAddress.indexOf(':') >= 0 ? "ipv6" : "ipv4").put("transport", "tcp")
                .put("direction", f.outbound ? "outbound" : "inbound");
        o.putObject("source").put("ip", f.sourceAddress).put("port", 40_000 + i).put("bytes", f.bytesFromClient).put("packets", 10);
        o.putObject("destination").put("ip", f.destinationAddress).put("port", f.destinationPort).put("bytes", f.bytesToClient)
                .put("packets", 10);
        return render(o, dotted);
    }

    private static ObjectNode event(long time, String dataset) {
        ObjectNode o = JSON.createObjectNode();
        o.put("@timestamp", Instant.ofEpochMilli(time).toString());
        ObjectNode e = o.putObject("event").put("kind", "event").put("dataset", dataset);
        e.putArray("category").add("network");
        o.putObject("agent").put("type", "packetbeat");
        o.putObject("ecs").put("version", "8.11.0");
        return o;
    }

    private static String render(ObjectNode o, boolean dotted) {
        if (!dotted) return o.toString();
        ObjectNode flat = JSON.createObjectNode();
        flatten("", o, flat);
        return flat.toString();
    }

    /** Objects become dotted keys; arrays (of values, or of objects, which are flattened in turn) stay arrays. */
    private static void flatten(String prefix, ObjectNode o, ObjectNode into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key + ".", (ObjectNode) v, into);
            } else if (v.isArray()) {
                ArrayNode a = into.putArray(key);
                for (JsonNode item : v) {
                    if (item.isObject()) {
                        ObjectNode f = a.addObject();
                        flatten("", (ObjectNode) item, f);
                    } else {
                        a.add(item);
                    }
                }
            } else {
                into.set(key, v);
            }
        }
    }
}
