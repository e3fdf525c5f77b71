package dev.dnshunter.event;

import java.io.Serializable;

/**
 * Parses one CommonSecurityLog JSON line into a {@link Flow}. Only Palo Alto TRAFFIC rows carry per-session byte
 * counts the rule can use; other vendors and activities are skipped, after checking TimeGenerated, which every row must
 * have.
 */
public final class FirewallEventParser implements LineParser<Flow> {
    private static final long serialVersionUID = 1L;

    static final String TRAFFIC = "TRAFFIC";

    private static final int TIME_GENERATED = 0;
    private static final int DEVICE_VENDOR = 1;
    private static final int ACTIVITY = 2;
    private static final int SOURCE_IP = 3;
    private static final int SOURCE_PORT = 4;
    private static final int DESTINATION_IP = 5;
    private static final int DESTINATION_PORT = 6;
    private static final int SENT_BYTES = 7;
    private static final int RECEIVED_BYTES = 8;

    private final JsonRow row = new JsonRow("TimeGenerated", "DeviceVendor", "Activity", "SourceIP", "SourcePort",
            "DestinationIP", "DestinationPort", "SentBytes", "ReceivedBytes");

    public FirewallEventParser() {}

    /**
     * @return the flow, or null for a blank line or a row that is not Palo Alto TRAFFIC
     * @throws BadRecordException with a short reason naming the offending field
     */
    public Flow parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        long time = row.requiredTime(TIME_GENERATED);
        if (!Flow.PALO_ALTO.equals(row.text(DEVICE_VENDOR)) || !TRAFFIC.equals(row.text(ACTIVITY))) return null;
        String sourceIp = row.requiredString(SOURCE_IP);
        row.checkPort(SOURCE_PORT);
        String destinationIp = row.requiredString(DESTINATION_IP);
        int destinationPort = row.requiredPort(DESTINATION_PORT);
        long sent = row.requiredCount(SENT_BYTES);
        long received = row.requiredCount(RECEIVED_BYTES);
        return new Flow(time, sourceIp, destinationIp, destinationPort, sent, received, Flow.PALO_ALTO);
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }
}
