package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * Parses one VMConnection JSON line into a {@link NetworkFlow}. Only outbound connections can carry data out of the VM, so
 * other directions (and rows without one) are skipped, after checking TimeGenerated, which every row must have.
 */
public final class VmConnectionParser implements SentinelTableParser<NetworkFlow> {
    private static final long serialVersionUID = 1L;

    static final String OUTBOUND = "outbound";
    public static final String ANOTHER_DIRECTION = "another direction";

    private static final int TIME_GENERATED = 0;
    private static final int DIRECTION = 1;
    private static final int SOURCE_IP = 2;
    private static final int DESTINATION_IP = 3;
    private static final int DESTINATION_PORT = 4;
    private static final int BYTES_SENT = 5;
    private static final int BYTES_RECEIVED = 6;

    private final JsonRow row = new JsonRow("TimeGenerated", "Direction", "SourceIp", "DestinationIp",
            "DestinationPort", "BytesSent", "BytesReceived");

    public VmConnectionParser() {}

    /**
     * @return the flow, or null for a blank line or a row that is not outbound
     * @throws BadRecordException with a short reason naming the offending field
     */
    public NetworkFlow parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public NetworkFlow fromRow() throws BadRecordException {
        long time = row.requiredTime(TIME_GENERATED);
        // Case carries no meaning in this column, so a differently cased export must not drop every flow.
        if (!OUTBOUND.equalsIgnoreCase(row.text(DIRECTION))) return null;
        String sourceIp = row.requiredString(SOURCE_IP);
        String destinationIp = row.requiredString(DESTINATION_IP);
        int destinationPort = row.requiredPort(DESTINATION_PORT);
        long sent = row.requiredCount(BYTES_SENT);
        long received = row.requiredCount(BYTES_RECEIVED);
        return new NetworkFlow(time, sourceIp, destinationIp, destinationPort, sent, received, NetworkFlow.VM_CONNECTION, true);
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public VmConnectionParser copy() {
        return new VmConnectionParser();
    }

    @Override
    public String skippedReason() {
        return ANOTHER_DIRECTION;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** A VMConnection export: JSON rows with TimeGenerated, Direction and a connection column. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "Direction"), List.of("DestinationIp", "BytesSent"));
    }
}
