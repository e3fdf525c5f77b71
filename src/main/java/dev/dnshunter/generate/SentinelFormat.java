package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The generator's rows as Log Analytics JSON exports of Sentinel's tables: DnsEvents, CommonSecurityLog (Palo Alto
 * Networks, and the other vendors' and non-traffic rows the rule must skip), VMConnection and the Event table, with
 * TimeGenerated in the export's seven-digit form. Bad rows as the exports break.
 */
class SentinelFormat extends FormatWriter {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENT_TENANT = "5f0c3e1a-7d2b-4c1e-9a6f-2b8d4e6a1c30";

    @Override
    boolean render(Object row, int index, List<String> into) {
        into.add(write(node(row)));
        return true;
    }

    @Override
    void dns(DnsQuery q, int index, List<String> into) {
        throw new UnsupportedOperationException("Sentinel renders the generator's rows");
    }

    @Override
    String flow(NetworkFlow f, int index) {
        throw new UnsupportedOperationException("Sentinel renders the generator's rows");
    }

    @Override
    String bad(BadRow b, int index) {
        if (b.kind() == BadRow.Kind.FOREIGN) return foreign(BadRow.timeOf(b.row()));
        ObjectNode row = node(b.row());
        switch (b.kind()) {
            case CUT -> {
                String json = write(row);
                return json.substring(0, json.length() / 2);
            }
            case NO_TIME -> row.remove("TimeGenerated");
            case NULL_TIME -> row.putNull("TimeGenerated");
            case IMPOSSIBLE_DATE -> row.put("TimeGenerated", "2026-11-31T10:00:00.0000000Z");
            default -> row.put("TimeGenerated", "11/03/2026 10:00:00 AM");
        }
        return write(row);
    }

    @Override
    String withBrokenTime(String line, BadRow.Kind kind) {
        throw new UnsupportedOperationException();
    }

    /** The row as its table's JSON object, key order as the exports have it. */
    static ObjectNode node(Object row) {
        if (row instanceof GenDns d) return dnsEvents(d);
        if (row instanceof GenFlow f) return f.isFirewall() ? commonSecurityLog(f) : vmConnection(f);
        return event((DnsClientTraffic.Event) row);
    }

    private static ObjectNode dnsEvents(GenDns d) {
        DnsQuery q = d.query;
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", timeGenerated(q.time, d.ticks));
        row.put("Computer", d.server);
        row.put("EventId", d.eventId);
        row.put("SubType", d.subType);
        row.put("ClientIP", q.clientAddress);
        row.put("Name", q.name);
        if (d.numericType) row.put("QueryType", q.queryType);
        else if (q.queryType != DnsQuery.ABSENT) row.put("QueryType", SuricataWriter.type(q.queryType));
        row.put("Type", "DnsEvents");
        if (d.nullAddresses) row.putNull("IPAddresses");
        else if (q.addresses != null) row.put("IPAddresses", q.addresses);
        if (q.responseCode != DnsQuery.ABSENT) row.put("ResultCode", q.responseCode);
        return row;
    }

    private static ObjectNode commonSecurityLog(GenFlow g) {
        NetworkFlow f = g.flow;
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", timeGenerated(f.time, g.ticks));
        row.put("DeviceVendor", g.vendor);
        row.put("DeviceProduct", g.product);
        row.put("DeviceVersion", "10.2.9");
        row.put("Activity", g.activity);
        row.put("DeviceAction", g.action);
        row.put("Computer", g.device);
        row.put("Protocol", "TCP");
        row.put("SourceIP", f.sourceAddress);
        row.put("SourcePort", g.sourcePort);
        row.put("DestinationIP", f.destinationAddress);
        row.put("DestinationPort", f.destinationPort);
        row.put("SentBytes", f.bytesFromClient);
        row.put("ReceivedBytes", f.bytesToClient);
        row.put("Type", "CommonSecurityLog");
        return row;
    }

    private static ObjectNode vmConnection(GenFlow g) {
        NetworkFlow f = g.flow;
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", timeGenerated(f.time, g.ticks));
        row.put("Computer", g.device);
        row.put("Direction", g.direction);
        row.put("ProcessName", g.processName);
        row.put("SourceIp", f.sourceAddress);
        row.put("DestinationIp", f.destinationAddress);
        row.put("DestinationPort", f.destinationPort);
        row.put("Protocol", "tcp");
        row.put("BytesSent", f.bytesFromClient);
        row.put("BytesReceived", f.bytesToClient);
        row.put("LinksEstablished", 1);
        row.put("Type", "VMConnection");
        return row;
    }

    private static ObjectNode event(DnsClientTraffic.Event e) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TenantId", EVENT_TENANT);
        row.put("SourceSystem", "OpsManager");
        row.put("TimeGenerated", timeGenerated(e.time, e.ticks));
        row.put("Source", e.source);
        row.put("EventLog", e.eventLog);
        row.put("Computer", e.computer);
        row.put("EventLevel", 4);
        row.put("EventLevelName", "Information");
        row.put("EventID", e.eventId);
        row.put("RenderedDescription", e.description);
        row.put("UserName", e.eventLog.equals("System") ? "N/A" : "NT AUTHORITY\\NETWORK SERVICE");
        row.put("Type", "Event");
        return row;
    }

    static String write(ObjectNode row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Log Analytics' export form: seven fractional digits (100 ns ticks) and a Z. */
    static String timeGenerated(long millis, int ticks) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), 0, ZoneOffset.UTC);
        long fraction = Math.floorMod(millis, 1000L) * 10_000 + ticks;
        StringBuilder b = new StringBuilder(28);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2).append('.');
        return pad(b, fraction, 7).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) b.append('0');
        return b.append(digits);
    }
}
