package dev.dnshunter.inputs.zeek;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FileScopedParser;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.IpAddress;
import java.util.List;

/**
 * Zeek {@code conn.log} rows (TSV or JSON) into {@link NetworkFlow}s: bytes from the client are {@code orig_bytes},
 * to it {@code resp_bytes}; a row without both (Zeek sets them only for a connection with a duration) is skipped with
 * reason {@value #NO_BYTES}. Outbound when {@code local_orig} is T; when the sensor has no local networks
 * ({@code local_orig} unset), when the originator is not public and the responder is, by the mode's address rules.
 */
public final class ZeekConnParser implements FileScopedParser<NetworkFlow> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "zeek-conn";
    public static final String NO_BYTES = "no bytes";

    private static final int TS = 0;
    private static final int ORIG_H = 1;
    private static final int RESP_H = 2;
    private static final int RESP_P = 3;
    private static final int ORIG_BYTES = 4;
    private static final int RESP_BYTES = 5;
    private static final int LOCAL_ORIG = 6;

    private final ZeekRow row;
    private final DetectionMode mode;
    private long skippedTime = Long.MIN_VALUE;

    public ZeekConnParser(DetectionMode mode) {
        this(new ZeekRow("conn", true, "ts", "id.orig_h", "id.resp_h", "id.resp_p", "orig_bytes", "resp_bytes",
                "local_orig"), mode);
    }

    private ZeekConnParser(ZeekRow row, DetectionMode mode) {
        this.row = row;
        this.mode = mode;
    }

    @Override
    public NetworkFlow parse(String line) throws BadRecordException {
        skippedTime = Long.MIN_VALUE;
        if (!row.read(line)) return null;
        long time = ZeekValues.millis(row, TS);
        String source = ZeekValues.address(row, ORIG_H);
        String destination = ZeekValues.address(row, RESP_H);
        int port = ZeekValues.port(row, RESP_P);
        Boolean localOrig = ZeekValues.bool(row, LOCAL_ORIG);
        long sent = ZeekValues.optionalCount(row, ORIG_BYTES);
        long received = ZeekValues.optionalCount(row, RESP_BYTES);
        if (sent < 0 || received < 0) {
            skippedTime = time;
            return null;
        }
        boolean outbound = localOrig != null ? localOrig
                : !AddressRules.isPublic(IpAddress.parse(source), mode) && AddressRules.isPublic(IpAddress.parse(destination), mode);
        return new NetworkFlow(time, source, destination, port, sent, received, NetworkFlow.ZEEK, outbound);
    }

    @Override
    public long skippedRowTime() {
        return skippedTime;
    }

    @Override
    public String skippedReason() {
        // A line without a time that was not blank is a header line.
        return skippedTime == Long.MIN_VALUE ? HEADER_LINE : NO_BYTES;
    }

    @Override
    public ZeekConnParser forNewFile() {
        return new ZeekConnParser(row.fresh(true), mode);
    }

    @Override
    public LineParser<NetworkFlow> forRecords() {
        return new ZeekConnParser(row.fresh(false), mode);
    }

    /** A TSV log whose header says {@code #path conn}, or JSON rows with ts and a connection field. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        String path = FirstLines.zeekPath(firstLines);
        if (path != null) return path.equals("conn");
        return FirstLines.anyJsonWith(firstLines, List.of("ts"), List.of("conn_state", "orig_bytes", "resp_bytes", "orig_pkts"));
    }
}
