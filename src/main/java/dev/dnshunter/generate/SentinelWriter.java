package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.time.Instant;

/**
 * Renders normalized events as Log Analytics JSON rows of the Sentinel tables the adapters read: DnsEvents
 * (LookupQuery), CommonSecurityLog as PAN-OS CEF writes it and as the Cortex Data Lake connector writes it, and
 * VMConnection. Columns the adapters do not read get fixed stand-ins.
 */
public final class SentinelWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SentinelWriter() {}

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** A DnsEvents LookupQuery row. */
    public static String dnsEvents(DnsQuery q) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", time(q.time));
        row.put("Computer", "dns01.corp.example");
        row.put("EventId", 256);
        row.put("SubType", "LookupQuery");
        row.put("ClientIP", q.clientAddress);
        row.put("Name", q.name);
        if (q.addresses != null) row.put("IPAddresses", q.addresses);
        if (q.queryType != DnsQuery.ABSENT) row.put("QueryType", String.valueOf(q.queryType));
        if (q.responseCode != DnsQuery.ABSENT) row.put("ResultCode", q.responseCode);
        row.put("Type", "DnsEvents");
        return row.toString();
    }

    /** A CommonSecurityLog row of a PAN-OS CEF traffic log, subtype {@code end} (or {@code start}). */
    public static String panOsCef(NetworkFlow f, String subtype) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", time(f.time));
        row.put("DeviceVendor", NetworkFlow.PALO_ALTO);
        row.put("DeviceProduct", "PAN-OS");
        row.put("DeviceVersion", "10.2.9");
        row.put("DeviceEventClassID", subtype);
        row.put("Activity", "TRAFFIC");
        row.put("DeviceAction", "allow");
        row.put("SourceIP", f.sourceAddress);
        row.put("SourcePort", 50_000);
        row.put("DestinationIP", f.destinationAddress);
        row.put("DestinationPort", f.destinationPort);
        row.put("Protocol", "TCP");
        row.put("SentBytes", f.bytesFromClient);
        row.put("ReceivedBytes", f.bytesToClient);
        row.put("Type", "CommonSecurityLog");
        return row.toString();
    }

    /**
     * A CommonSecurityLog row as the Cortex Data Lake connector writes a traffic log of subtype {@code activity}:
     * every value a string, "" for no value, and an IPv6 session's addresses in the labelled
     * DeviceCustomIPv6Address2/3 columns with SourceIP and DestinationIP empty.
     */
    public static String cortexDataLake(NetworkFlow f, String activity) {
        boolean v6 = f.sourceAddress.indexOf(':') >= 0 || f.destinationAddress.indexOf(':') >= 0;
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", time(f.time));
        row.put("DeviceVendor", NetworkFlow.PALO_ALTO);
        row.put("DeviceProduct", "LF");
        row.put("DeviceVersion", "2.0");
        row.put("DeviceEventClassID", "TRAFFIC");
        row.put("Activity", activity);
        row.put("LogSeverity", "3");
        row.put("DeviceAction", "allow");
        row.put("SourceIP", v6 ? "" : f.sourceAddress);
        row.put("SourcePort", "50000");
        row.put("DestinationIP", v6 ? "" : f.destinationAddress);
        row.put("DestinationPort", String.valueOf(f.destinationPort));
        row.put("Protocol", "tcp");
        row.put("SentBytes", String.valueOf(f.bytesFromClient));
        row.put("ReceivedBytes", String.valueOf(f.bytesToClient));
        row.put("DeviceCustomIPv6Address1", "");
        row.put("DeviceCustomIPv6Address1Label", "");
        row.put("DeviceCustomIPv6Address2", v6 ? f.sourceAddress : "");
        row.put("DeviceCustomIPv6Address2Label", v6 ? "Source IPv6 Address" : "");
        row.put("DeviceCustomIPv6Address3", v6 ? f.destinationAddress : "");
        row.put("DeviceCustomIPv6Address3Label", v6 ? "Destination IPv6 Address" : "");
        row.put("Type", "CommonSecurityLog");
        return row.toString();
    }

    /** A VMConnection row of an outbound connection. */
    public static String vmConnection(NetworkFlow f) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", time(f.time));
        row.put("Computer", "vm01.corp.example");
        row.put("Direction", "outbound");
        row.put("SourceIp", f.sourceAddress);
        row.put("DestinationIp", f.destinationAddress);
        row.put("DestinationPort", f.destinationPort);
        row.put("Protocol", "tcp");
        row.put("BytesSent", f.bytesFromClient);
        row.put("BytesReceived", f.bytesToClient);
        row.put("Type", "VMConnection");
        return row.toString();
    }
}
