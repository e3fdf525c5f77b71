package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * Parses one CommonSecurityLog row into a {@link NetworkFlow}. Only Palo Alto traffic rows carry per-session byte
 * counts the rule can use; other vendors and activities are skipped, after checking TimeGenerated, which every row
 * must have. CommonSecurityLog's direction is not read (the Sentinel query does not): every session counts as
 * outbound, and the rule still requires a public destination.
 *
 * <p>In {@code --kql-compatible} mode the query's own filter applies, exactly: {@code DeviceVendor == "Palo Alto
 * Networks"} and {@code Activity == "TRAFFIC"}. The default mode also reads the two layouts Palo Alto rows arrive in:
 * <ul>
 *   <li>PAN-OS CEF: {@code Activity} {@code TRAFFIC}, {@code DeviceEventClassID} the subtype; a {@code start} row is
 *       skipped ({@value #SESSION_START}): its session's {@code end} row repeats it with the final byte counts.
 *   <li>Cortex Data Lake ({@code DeviceProduct} {@code LF}): {@code DeviceEventClassID} {@code TRAFFIC},
 *       {@code Activity} the subtype; only {@code end} rows are used. IPv6 sessions leave {@code SourceIP} and
 *       {@code DestinationIP} empty and carry the addresses in the {@code DeviceCustomIPv6Address1..4} column whose
 *       label column says {@value #SOURCE_IPV6_LABEL} or {@value #DESTINATION_IPV6_LABEL}. Every value may arrive as
 *       a string, and an empty string means no value.
 * </ul>
 */
public final class FirewallEventParser implements SentinelTableParser<NetworkFlow> {
    private static final long serialVersionUID = 2L;

    static final String TRAFFIC = "TRAFFIC";
    public static final String ANOTHER_VENDOR_OR_ACTIVITY = "another vendor or activity";
    public static final String SESSION_START = "session start (its end row repeats it)";
    public static final String SOURCE_IPV6_LABEL = "Source IPv6 Address";
    public static final String DESTINATION_IPV6_LABEL = "Destination IPv6 Address";

    private static final int TIME_GENERATED = 0;
    private static final int DEVICE_VENDOR = 1;
    private static final int ACTIVITY = 2;
    private static final int SOURCE_IP = 3;
    private static final int SOURCE_PORT = 4;
    private static final int DESTINATION_IP = 5;
    private static final int DESTINATION_PORT = 6;
    private static final int SENT_BYTES = 7;
    private static final int RECEIVED_BYTES = 8;
    private static final int EVENT_CLASS_ID = 9;
    /** DeviceCustomIPv6Address1..4 at IPV6 + 2k, their labels at IPV6 + 2k + 1. */
    private static final int IPV6 = 10;

    private final JsonRow row = new JsonRow("TimeGenerated", "DeviceVendor", "Activity", "SourceIP", "SourcePort",
            "DestinationIP", "DestinationPort", "SentBytes", "ReceivedBytes", "DeviceEventClassID",
            "DeviceCustomIPv6Address1", "DeviceCustomIPv6Address1Label", "DeviceCustomIPv6Address2",
            "DeviceCustomIPv6Address2Label", "DeviceCustomIPv6Address3", "DeviceCustomIPv6Address3Label",
            "DeviceCustomIPv6Address4", "DeviceCustomIPv6Address4Label");
    private final DetectionMode mode;
    private transient String skipped;

    /** The default mode's parser. */
    public FirewallEventParser() {
        this(DetectionMode.DEFAULT);
    }

    public FirewallEventParser(DetectionMode mode) {
        this.mode = mode;
    }

    /**
     * @return the flow, or null for a blank line or a row that is not a used Palo Alto traffic row
     * @throws BadRecordException with a short reason naming the offending field
     */
    public NetworkFlow parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public NetworkFlow fromRow() throws BadRecordException {
        long time = row.requiredTime(TIME_GENERATED);
        skipped = ANOTHER_VENDOR_OR_ACTIVITY;
        if (!NetworkFlow.PALO_ALTO.equals(row.text(DEVICE_VENDOR))) return null;
        String activity = row.text(ACTIVITY);
        if (mode == DetectionMode.KQL_COMPATIBLE) {
            if (!TRAFFIC.equals(activity)) return null;
            String sourceIp = row.requiredString(SOURCE_IP);
            row.checkPort(SOURCE_PORT);
            String destinationIp = row.requiredString(DESTINATION_IP);
            int destinationPort = row.requiredPort(DESTINATION_PORT);
            long sent = row.requiredCount(SENT_BYTES);
            long received = row.requiredCount(RECEIVED_BYTES);
            return new NetworkFlow(time, sourceIp, destinationIp, destinationPort, sent, received, NetworkFlow.PALO_ALTO, true);
        }
        String classId = row.text(EVENT_CLASS_ID);
        boolean cdl = false;
        if (TRAFFIC.equals(activity)) {
            if ("start".equals(classId)) {
                skipped = SESSION_START;
                return null;
            }
        } else if (TRAFFIC.equals(classId)) {
            if ("start".equals(activity)) {
                skipped = SESSION_START;
                return null;
            }
            if (!"end".equals(activity)) return null;
            cdl = true;
        } else {
            return null;
        }
        // A CEF row is read as the Sentinel query reads it; a CDL row's empty strings are no values.
        String sourceIp = address(SOURCE_IP, SOURCE_IPV6_LABEL, cdl);
        if (!cdl || !empty(SOURCE_PORT)) row.checkPort(SOURCE_PORT);
        String destinationIp = address(DESTINATION_IP, DESTINATION_IPV6_LABEL, cdl);
        int destinationPort = row.requiredPort(cdl ? present(DESTINATION_PORT) : DESTINATION_PORT);
        long sent = row.requiredCount(cdl ? present(SENT_BYTES) : SENT_BYTES);
        long received = row.requiredCount(cdl ? present(RECEIVED_BYTES) : RECEIVED_BYTES);
        return new NetworkFlow(time, sourceIp, destinationIp, destinationPort, sent, received, NetworkFlow.PALO_ALTO, true);
    }

    /** The IPv4 column, or when it is absent or empty the IPv6 column labelled {@code ipv6Label}, if any. */
    private String address(int column, String ipv6Label, boolean cdl) throws BadRecordException {
        if (empty(column)) {
            for (int k = 0; k < 4; k++) {
                int value = IPV6 + 2 * k;
                if (ipv6Label.equals(row.text(value + 1)) && !empty(value)) return row.requiredString(value);
            }
        }
        return row.requiredString(cdl ? present(column) : column);
    }

    /** Absent, or an empty string (a CDL row writes "" for every column without a value). */
    private boolean empty(int f) {
        if (!row.isPresent(f)) return true;
        String text = row.text(f);
        return text != null && text.isEmpty();
    }

    /** {@code f}, after turning an empty string into "missing": the required accessors then name the column. */
    private int present(int f) throws BadRecordException {
        if (row.isPresent(f) && empty(f)) throw new BadRecordException("missing " + row.name(f));
        return f;
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public FirewallEventParser copy() {
        return new FirewallEventParser(mode);
    }

    @Override
    public String skippedReason() {
        return skipped;
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
