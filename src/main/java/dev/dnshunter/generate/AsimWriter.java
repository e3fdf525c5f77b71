package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.model.ResponseCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders normalized events as rows of the ASIM tables, with the columns of their Log Analytics schemas: a DNS query
 * as one {@code ASimDnsActivityLogs} {@code response} row (most sources log only responses), a flow as one
 * {@code ASimNetworkSessionLogs} {@code End} row written when the session ended. A query the model has no response
 * code for is a response row without {@code DnsResponseCode}, its {@code EventResultDetails} {@code NA}.
 */
public final class AsimWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AsimWriter() {}

    public static List<String> dns(List<DnsQuery> queries) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) lines.add(dns(queries.get(i), i));
        return lines;
    }

    /** The ASimDnsActivityLogs row of the {@code i}-th query. */
    public static String dns(DnsQuery q, int i) {
        String time = Instant.ofEpochMilli(q.time).toString();
        ObjectNode o = JSON.createObjectNode();
        o.put("TimeGenerated", time).put("EventStartTime", time).put("EventEndTime", time).put("EventCount", 1)
                .put("EventType", "Query").put("EventSubType", "response").put("EventSchema", "Dns")
                .put("EventSchemaVersion", "0.1.7").put("EventProduct", "DNS Server").put("EventVendor", "Microsoft")
                .put("Dvc", "dns01").put("DvcHostname", "dns01");
        boolean answered = q.responseCode != DnsQuery.ABSENT;
        o.put("EventResult", !answered ? "NA" : q.responseCode == 0 ? "Success" : "Failure")
                .put("EventResultDetails", answered ? ResponseCodes.name(q.responseCode) : "NA");
        if (q.clientAddress != null) o.put("SrcIpAddr", q.clientAddress).put("SrcPortNumber", 50_000 + i);
        if (q.clientHost != null) o.put("SrcHostname", q.clientHost);
        o.put("DnsQuery", q.name);
        if (q.queryType != DnsQuery.ABSENT) o.put("DnsQueryType", q.queryType).put("DnsQueryTypeName", SuricataWriter.type(q.queryType));
        o.put("DnsQueryClass", 1).put("DnsQueryClassName", "IN");
        if (answered) o.put("DnsResponseCode", q.responseCode);
        StringBuilder response = new StringBuilder();
        if (q.otherAnswers != null) for (String a : q.otherAnswers) response.append(response.length() == 0 ? "" : ",").append(a);
        if (q.addresses != null) for (String a : q.addresses.split(",")) response.append(response.length() == 0 ? "" : ",").append(a.trim());
        if (response.length() > 0) o.put("DnsResponseName", response.toString());
        o.put("TransactionIdHex", Integer.toHexString(0x1000 + i)).put("NetworkProtocol", "UDP");
        if (q.processImage != null) o.put("SrcProcessName", q.processImage);
        o.put("Type", "ASimDnsActivityLogs");
        return o.toString();
    }

    public static List<String> flows(List<NetworkFlow> flows) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) lines.add(flow(flows.get(i), i));
        return lines;
    }

    /** The ASimNetworkSessionLogs End row of the {@code i}-th flow. */
    public static String flow(NetworkFlow f, int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("TimeGenerated", Instant.ofEpochMilli(f.time + 30_000).toString())
                .put("EventStartTime", Instant.ofEpochMilli(f.time).toString())
                .put("EventEndTime", Instant.ofEpochMilli(f.time + 29_000).toString()).put("EventCount", 1)
                .put("EventType", "NetworkSession").put("EventSubType", "End").put("EventResult", "Success")
                .put("EventSchema", "NetworkSession").put("EventSchemaVersion", "0.2.6").put("EventProduct", "Azure Firewall")
                .put("EventVendor", "Microsoft").put("Dvc", "fw01").put("DvcAction", "Allow")
                .put("NetworkProtocol", "TCP").put("NetworkDirection", f.outbound ? "Outbound" : "Inbound")
                .put("SrcIpAddr", f.sourceAddress).put("SrcPortNumber", 40_000 + i)
                .put("DstIpAddr", f.destinationAddress).put("DstPortNumber", f.destinationPort)
                .put("SrcBytes", f.bytesFromClient).put("DstBytes", f.bytesToClient)
                .put("NetworkBytes", f.bytesFromClient + f.bytesToClient)
                .put("Type", "ASimNetworkSessionLogs");
        return o.toString();
    }
}
