package dev.dnshunter.inputs.asim;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.inputs.sentinel.SentinelTableParser;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.IpAddress;
import java.util.List;

/**
 * One {@code ASimNetworkSessionLogs} row (the ASIM network session schema) into a {@link NetworkFlow}, data type
 * {@code ASIM}. {@code IDS} and {@code L2NetworkSession} events are skipped (an IDS event repeats a session; a layer-2
 * one has no addresses to correlate); so are {@code EventSubType} {@code Start} rows, whose session's {@code End} row
 * repeats them with the final byte counts, and sessions whose {@code NetworkDirection} says they do not leave the
 * organization ({@code Inbound}, {@code Local}, {@code External}, {@code Listen}). Without a direction (or {@code NA})
 * a session is outbound when its source is not public and its destination is, by the mode's address rules.
 */
public final class AsimNetworkSessionParser implements SentinelTableParser<NetworkFlow> {
    private static final long serialVersionUID = 1L;

    public static final String ANOTHER_EVENT_TYPE = "another EventType";
    public static final String SESSION_START = "session start (its end row repeats it)";
    public static final String ANOTHER_DIRECTION = "another direction";
    public static final String NO_BYTES = "no bytes";

    private static final int TIME_GENERATED = 0, EVENT_START_TIME = 1, EVENT_TYPE = 2, EVENT_SUB_TYPE = 3, NETWORK_DIRECTION = 4,
            SRC_IP_ADDR = 5, DST_IP_ADDR = 6, DST_PORT_NUMBER = 7, SRC_BYTES = 8, DST_BYTES = 9;

    private final DetectionMode mode;
    private final JsonRow row = new JsonRow("TimeGenerated", "EventStartTime", "EventType", "EventSubType", "NetworkDirection",
            "SrcIpAddr", "DstIpAddr", "DstPortNumber", "SrcBytes", "DstBytes");
    private String skipped = ANOTHER_EVENT_TYPE;

    public AsimNetworkSessionParser(DetectionMode mode) {
        this.mode = mode;
    }

    @Override
    public NetworkFlow parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public NetworkFlow fromRow() throws BadRecordException {
        long time = AsimColumns.time(row, TIME_GENERATED, EVENT_START_TIME);
        if (AsimColumns.is(row, EVENT_TYPE, "IDS") || AsimColumns.is(row, EVENT_TYPE, "L2NetworkSession")) return skip(ANOTHER_EVENT_TYPE);
        if (AsimColumns.is(row, EVENT_SUB_TYPE, "Start")) return skip(SESSION_START);
        String direction = AsimColumns.blank(row, NETWORK_DIRECTION) ? null : row.optionalString(NETWORK_DIRECTION).trim();
        if (direction != null && !direction.equalsIgnoreCase("Outbound") && !direction.equalsIgnoreCase("NA")) {
            return skip(ANOTHER_DIRECTION);
        }
        String source = AsimColumns.requiredAddress(row, SRC_IP_ADDR);
        String destination = AsimColumns.requiredAddress(row, DST_IP_ADDR);
        if (AsimColumns.blank(row, DST_PORT_NUMBER)) throw new BadRecordException("missing DstPortNumber");
        int port = row.requiredPort(DST_PORT_NUMBER);
        if (AsimColumns.blank(row, SRC_BYTES) || AsimColumns.blank(row, DST_BYTES)) {
            // Validate what there is, so a negative count is a dead letter rather than a skip.
            if (!AsimColumns.blank(row, SRC_BYTES)) row.requiredCount(SRC_BYTES);
            if (!AsimColumns.blank(row, DST_BYTES)) row.requiredCount(DST_BYTES);
            return skip(NO_BYTES);
        }
        long sent = row.requiredCount(SRC_BYTES);
        long received = row.requiredCount(DST_BYTES);
        boolean outbound = direction != null && direction.equalsIgnoreCase("Outbound")
                || (!AddressRules.isPublic(IpAddress.parse(source), mode) && AddressRules.isPublic(IpAddress.parse(destination), mode));
        return new NetworkFlow(time, source, destination, port, sent, received, NetworkFlow.ASIM, outbound);
    }

    private NetworkFlow skip(String reason) {
        skipped = reason;
        return null;
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public AsimNetworkSessionParser copy() {
        return new AsimNetworkSessionParser(mode);
    }

    @Override
    public String skippedReason() {
        return skipped;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** An ASimNetworkSessionLogs export: JSON rows with TimeGenerated, DstIpAddr and a session column. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "DstIpAddr"),
                List.of("SrcBytes", "DstBytes", "NetworkDirection", "DstPortNumber"))
                && !FirstLines.anyJsonWith(firstLines, List.of("DnsQuery"), List.of());
    }
}
