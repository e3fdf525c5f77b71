package dev.dnshunter.pipeline;

/** Input lines as a Sentinel export writes them, for tests. */
public final class Rows {
    private Rows() {}

    public static String dns(String time, String client, String name, String addresses) {
        return "{\"TimeGenerated\":\"" + time + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"" + client
                + "\",\"Name\":\"" + name + "\",\"IPAddresses\":" + (addresses == null ? "null" : "\"" + addresses + "\"")
                + ",\"QueryType\":\"A\",\"Computer\":\"dns01\",\"EventId\":256}";
    }

    public static String firewall(String time, String source, String destination, int port, long sent, long received) {
        return "{\"TimeGenerated\":\"" + time + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"DeviceProduct\":\"PAN-OS\","
                + "\"Activity\":\"TRAFFIC\",\"SourceIP\":\"" + source + "\",\"SourcePort\":51515,\"DestinationIP\":\""
                + destination + "\",\"DestinationPort\":" + port + ",\"SentBytes\":" + sent + ",\"ReceivedBytes\":" + received + "}";
    }

    public static String vm(String time, String source, String destination, int port, long sent, long received) {
        return "{\"TimeGenerated\":\"" + time + "\",\"Computer\":\"vm1\",\"Direction\":\"outbound\",\"SourceIp\":\"" + source
                + "\",\"DestinationIp\":\"" + destination + "\",\"DestinationPort\":\"" + port + "\",\"BytesSent\":" + sent
                + ",\"BytesReceived\":\"" + received + "\"}";
    }
}
