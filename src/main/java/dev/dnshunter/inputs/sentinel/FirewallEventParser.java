package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * Parses one CommonSecurityLog JSON line into a {@link NetworkFlow}. Only Palo Alto TRAFFIC rows carry per-session byte
 * counts the rule can use; other vendors and activities are skipped, after checking TimeGenerated, which every row must
 * have. CommonSecurityLog's direction is not read (the Sentinel query does not): every session counts as outbound,
 * and the rule still requires a public destination.
 */
public final class FirewallEventParser implements LineParser<NetworkFlow> {
    private static final long serialVersionUID = 1L;

    static final String TRAFFIC = "TRAFFIC";
    public static final String ANOTHER_VENDOR_OR_ACTIVITY = "another vendor or activity";

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
    public NetworkFlow parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        long time = row.requiredTime(TIME_GENERATED);
        if (!NetworkFlow.PALO_ALTO.equals(row.text(DEVICE_VENDOR)) || !TRAFFIC.equals(row.text(ACTIVITY))) return null;
        String sourceIp = row.requiredString(SOURCE_IP);
        row.checkPort(SOURCE_PORT);
        String destinationIp = row.requiredString(DESTINATION_IP);
        int destinationPort = row.requiredPort(DESTINATION_PORT);
        long sent = row.requiredCount(SENT_BYTES);
        long received = row.requiredCount(RECEIVED_BYTES);
        return new NetworkFlow(time, sourceIp, destinationIp, destinationPort, sent, received, NetworkFlow.PALO_ALTO, true);
    }

    @Override
    public String skippedReason() {
        return ANOTHER_VENDOR_OR_ACTIVITY;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** A CommonSecurityLog export: JSON rows with TimeGenerated and DeviceVendor. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "DeviceVendor"), List.of());
    }
}
