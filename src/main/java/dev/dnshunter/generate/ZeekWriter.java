package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders normalized events as Zeek logs: {@code dns.log} and {@code conn.log}, in the ASCII writer's TSV (with its
 * {@code #} header lines and {@code #close}) or as JSON lines, with the columns of Zeek's {@code DNS::Info} and
 * {@code Conn::Info} records. Values Zeek would know but the model has not (uids, ports of the client, TTLs) get
 * fixed stand-ins; the fields the adapters read come from the event.
 */
public final class ZeekWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = "2026-11-20-00-00-00";

    static final String[] DNS_FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "trans_id",
            "rtt", "query", "qclass", "qclass_name", "qtype", "qtype_name", "rcode", "rcode_name", "AA", "TC", "RD", "RA", "Z",
            "answers", "TTLs", "rejected"};
    static final String[] DNS_TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "count", "interval",
            "string", "count", "string", "count", "string", "count", "string", "bool", "bool", "bool", "bool", "count",
            "vector[string]", "vector[interval]", "bool"};
    static final String[] CONN_FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
            "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes", "history",
            "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"};
    static final String[] CONN_TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "string", "interval",
            "count", "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count", "set[string]"};

    private ZeekWriter() {}

    /** A whole dns.log in TSV, header and {@code #close} included. */
    public static List<String> dnsTsv(List<DnsQuery> queries) {
        List<String> lines = header("dns", DNS_FIELDS, DNS_TYPES);
        for (int i = 0; i < queries.size(); i++) lines.add(String.join("\t", dnsValues(queries.get(i), i, true)));
        lines.add("#close\t" + OPEN);
        return lines;
    }

    /** dns.log as JSON lines; {@code underscores} spells the endpoints {@code id_orig_h}, as some pipelines do. */
    public static List<String> dnsJson(List<DnsQuery> queries, boolean underscores) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) lines.add(json(DNS_FIELDS, DNS_TYPES, dnsValues(queries.get(i), i, false), underscores));
        return lines;
    }

    public static List<String> connTsv(List<NetworkFlow> flows) {
        List<String> lines = header("conn", CONN_FIELDS, CONN_TYPES);
        for (int i = 0; i < flows.size(); i++) lines.add(String.join("\t", connValues(flows.get(i), i)));
        lines.add("#close\t" + OPEN);
        return lines;
    }

    public static List<String> connJson(List<NetworkFlow> flows, boolean underscores) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) lines.add(json(CONN_FIELDS, CONN_TYPES, connValues(flows.get(i), i), underscores));
        return lines;
    }

    /** One dns.log row of the {@code i}-th query: TSV (escaped) or a JSON object. */
    public static String dnsRow(DnsQuery q, int i, boolean tsv) {
        return tsv ? String.join("\t", dnsValues(q, i, true)) : json(DNS_FIELDS, DNS_TYPES, dnsValues(q, i, false), false);
    }

    /** One conn.log row of the {@code i}-th flow: TSV or a JSON object. */
    public static String connRow(NetworkFlow f, int i, boolean tsv) {
        return tsv ? String.join("\t", connValues(f, i)) : json(CONN_FIELDS, CONN_TYPES, connValues(f, i), false);
    }

    /** The {@code #} lines that open a TSV log of {@code path} ({@code dns} or {@code conn}). */
    public static List<String> header(String path) {
        return path.equals("dns") ? header(path, DNS_FIELDS, DNS_TYPES) : header(path, CONN_FIELDS, CONN_TYPES);
    }

    /** The line that closes a TSV log. */
    public static String close() {
        return "#close\t" + OPEN;
    }

    private static List<String> header(String path, String[] fields, String[] types) {
        List<String> lines = new ArrayList<>();
        lines.add("#separator \\x09");
        lines.add("#set_separator\t,");
        lines.add("#empty_field\t(empty)");
        lines.add("#unset_field\t-");
        lines.add("#path\t" + path);
        lines.add("#open\t" + OPEN);
        lines.add("#fields\t" + String.join("\t", fields));
        lines.add("#types\t" + String.join("\t", types));
        return lines;
    }

    /** Epoch seconds with six decimals, as Zeek writes {@code time}. */
    static String ts(long millis) {
        return String.format("%d.%03d%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000), 123);
    }

    private static String[] dnsValues(DnsQuery q, int i, boolean tsv) {
        List<String> answers = new ArrayList<>();
        if (q.addresses != null) for (String a : q.addresses.split(",")) answers.add(a.trim());
        if (q.otherAnswers != null) for (String o : q.otherAnswers) answers.add(q.queryType == DnsQuery.TYPE_TXT ? txt(o) : o);
        boolean answered = q.responseCode != DnsQuery.ABSENT;
        String list = answers.isEmpty() ? "-" : String.join(",", tsv ? escapeAll(answers) : answers);
        String ttls = answers.isEmpty() ? "-" : String.join(",", answers.stream().map(a -> "300.000000").toList());
        return new String[] {ts(q.time), "CDns" + i, q.clientAddress, "5" + (1000 + i), "10.0.0.53", "53", "udp",
                Integer.toString(1000 + i), answered ? "0.001000" : "-", tsv ? escape(q.name) : q.name, "1", "C_INTERNET",
                q.queryType == DnsQuery.ABSENT ? "-" : Integer.toString(q.queryType), "-",
                answered ? Integer.toString(q.responseCode) : "-", "-", "F", "F", "T", answered ? "T" : "F", "0", list, ttls, "F"};
    }

    private static String[] connValues(NetworkFlow f, int i) {
        return new String[] {ts(f.time), "CConn" + i, f.sourceAddress, "4" + (1000 + i), f.destinationAddress,
                Integer.toString(f.destinationPort), "tcp", "ssl", "12.500000", Long.toString(f.bytesFromClient),
                Long.toString(f.bytesToClient), "SF", f.outbound ? "T" : "F", "F", "0", "ShADadFf", "10", "1000", "10", "1000",
                "(empty)"};
    }

    /**
     * A TXT answer's text as Zeek writes it: {@code TXT <len> <string>} per character-string (at most 255 characters
     * each, as the wire format splits them), separated by a blank. A text already in that form is kept.
     */
    static String txt(String text) {
        if (text.startsWith("TXT ")) return text;
        StringBuilder b = new StringBuilder(text.length() + 16);
        int from = 0;
        do {
            int to = Math.min(text.length(), from + 255);
            if (from > 0) b.append(' ');
            b.append("TXT ").append(to - from).append(' ').append(text, from, to);
            from = to;
        } while (from < text.length());
        return b.toString();
    }

    private static List<String> escapeAll(List<String> values) {
        return values.stream().map(ZeekWriter::escape).toList();
    }

    /** The ASCII writer's escapes: separators and unprintable bytes as {@code \xHH}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\t' || c == ',' || c == '\\' || c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    private static String json(String[] fields, String[] types, String[] values, boolean underscores) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i++) {
            String v = values[i];
            if (v.equals("-")) continue; // unset fields are left out of Zeek's JSON
            String key = underscores ? fields[i].replace('.', '_') : fields[i];
            switch (types[i]) {
                case "time", "interval" -> o.put(key, new java.math.BigDecimal(v));
                case "port", "count" -> o.put(key, Long.parseLong(v));
                case "bool" -> o.put(key, v.equals("T"));
                case "vector[string]", "vector[interval]", "set[string]" -> {
                    ArrayNode a = o.putArray(key);
                    if (!v.equals("(empty)")) {
                        for (String item : v.split(",")) {
                            if (types[i].equals("vector[interval]")) a.add(new java.math.BigDecimal(item));
                            else a.add(item);
                        }
                    }
                }
                default -> o.put(key, v);
            }
        }
        return o.toString();
    }
}
