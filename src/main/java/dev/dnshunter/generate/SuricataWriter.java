package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.model.ResponseCodes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders normalized events as Suricata {@code eve.json} records, with the fields of Suricata's schema
 * ({@code etc/schema.json}) and DNS output ({@code rust/src/dns/log.rs}): each DNS query as a request record, and an
 * answered one (a response code) also as a response record, as Suricata logs a transaction; each flow as a
 * {@code flow} record. Values Suricata would know but the model has not (flow ids, the client's port, TTLs, the
 * resolver {@value #RESOLVER}) get fixed stand-ins.
 */
public final class SuricataWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String RESOLVER = "10.0.0.53";
    private static final String RESOLVER6 = "2001:db8::53";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx").withZone(ZoneOffset.UTC);

    /** The DNS logging styles: version 2 (Suricata 5 to 7) and 3 (Suricata 8), answers detailed or grouped. */
    public enum Style { V2_DETAILED, V2_GROUPED, V3_DETAILED, V3_GROUPED }

    private SuricataWriter() {}

    /** {@code timestamp} as Suricata writes it: microseconds and an offset without a colon. */
    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    public static List<String> dns(List<DnsQuery> queries, Style style) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) dns(queries.get(i), i, style, lines);
        return lines;
    }

    /** The request record of the {@code i}-th query, and its response record when it was answered. */
    public static void dns(DnsQuery q, int i, Style style, List<String> lines) {
        boolean v3 = style == Style.V3_DETAILED || style == Style.V3_GROUPED;
        boolean grouped = style == Style.V2_GROUPED || style == Style.V3_GROUPED;
        String resolver = q.clientAddress.indexOf(':') >= 0 ? RESOLVER6 : RESOLVER;
        int port = 50_000 + i;
        ObjectNode request = header(q.time, i, "dns", q.clientAddress, port, resolver, 53, "UDP");
        ObjectNode d = request.putObject("dns");
        d.put("version", v3 ? 3 : 2);
        d.put("type", v3 ? "request" : "query");
        if (v3) {
            d.put("tx_id", 0).put("id", 1000 + i).put("flags", "100").put("rd", true).put("opcode", 0).put("rcode", "NOERROR");
            rrtype(d.putArray("queries").addObject().put("rrname", q.name), q.queryType);
        } else {
            rrtype(d.put("id", 1000 + i).put("rrname", q.name), q.queryType).put("tx_id", 0).put("opcode", 0);
        }
        lines.add(request.toString());
        if (q.responseCode == DnsQuery.ABSENT) return;
        // Version 3 logs a response from the responder's side; version 2 (Suricata 6 and 7) in flow direction.
        ObjectNode response = v3 ? header(q.time, i, "dns", resolver, 53, q.clientAddress, port, "UDP")
                : header(q.time, i, "dns", q.clientAddress, port, resolver, 53, "UDP");
        ObjectNode r = response.putObject("dns");
        r.put("version", v3 ? 3 : 2);
        r.put("type", v3 ? "response" : "answer");
        if (v3) r.put("tx_id", 1);
        r.put("id", 1000 + i).put("flags", "8180").put("qr", true).put("rd", true).put("ra", true).put("opcode", 0);
        if (v3) {
            r.put("rcode", ResponseCodes.name(q.responseCode));
            rrtype(r.putArray("queries").addObject().put("rrname", q.name), q.queryType);
        } else {
            rrtype(r.put("rrname", q.name), q.queryType).put("rcode", ResponseCodes.name(q.responseCode));
        }
        List<String[]> answers = new ArrayList<>();
        if (q.otherAnswers != null) for (String o : q.otherAnswers) answers.add(new String[] {q.queryType == 16 ? "TXT" : "CNAME", o});
        if (q.addresses != null) {
            for (String a : q.addresses.split(",")) answers.add(new String[] {a.indexOf(':') >= 0 ? "AAAA" : "A", a.trim()});
        }
        if (!answers.isEmpty()) {
            if (grouped) {
                ObjectNode g = r.putObject("grouped");
                for (String[] a : answers) (g.has(a[0]) ? (ArrayNode) g.get(a[0]) : g.putArray(a[0])).add(a[1]);
            } else {
                ArrayNode list = r.putArray("answers");
                for (String[] a : answers) list.addObject().put("rrname", q.name).put("rrtype", a[0]).put("ttl", 300).put("rdata", a[1]);
            }
        }
        lines.add(response.toString());
    }

    public static List<String> flows(List<NetworkFlow> flows) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) lines.add(flow(flows.get(i), i));
        return lines;
    }

    /** The flow record of the {@code i}-th flow. */
    public static String flow(NetworkFlow f, int i) {
        // A flow record is written when the flow ends: its timestamp is later than flow.start, the flow's time.
        ObjectNode o = header(f.time + 30_000, 100 + i, "flow", f.sourceAddress, 40_000 + i, f.destinationAddress,
                f.destinationPort, "TCP");
        o.put("app_proto", "tls");
        o.putObject("flow").put("pkts_toserver", 10).put("pkts_toclient", 10).put("bytes_toserver", f.bytesFromClient)
                .put("bytes_toclient", f.bytesToClient).put("start", time(f.time)).put("end", time(f.time + 29_000))
                .put("age", 29).put("state", "closed").put("reason", "timeout").put("alerted", false);
        return o.toString();
    }

    private static ObjectNode header(long time, int i, String eventType, String src, int srcPort, String dest, int destPort,
            String proto) {
        ObjectNode o = JSON.createObjectNode();
        o.put("timestamp", time(time)).put("flow_id", 1_676_750_115_612_680L + i).put("in_iface", "eth0")
                .put("event_type", eventType).put("src_ip", src).put("src_port", srcPort).put("dest_ip", dest)
                .put("dest_port", destPort).put("proto", proto);
        return o;
    }

    /** {@code rrtype} of a query; left out for a type the model has not (a source without types: no such eve.json). */
    private static ObjectNode rrtype(ObjectNode o, int type) {
        return type == DnsQuery.ABSENT ? o : o.put("rrtype", type(type));
    }

    /** The query type as Suricata names it (upper-case mnemonic, else the number). */
    static String type(int type) {
        return switch (type) {
            case 1 -> "A";
            case 5 -> "CNAME";
            case 10 -> "NULL";
            case 12 -> "PTR";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            default -> Integer.toString(type);
        };
    }
}
