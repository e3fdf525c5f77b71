package dev.dnshunter.inputs.suricata;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonPathRow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.Reasons;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.model.QueryTypes;
import dev.dnshunter.model.ResponseCodes;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Suricata {@code eve.json} records into {@link DnsQuery}s ({@code event_type} {@code dns}) and {@link NetworkFlow}s
 * ({@code flow}); every other event type is skipped ({@value #ANOTHER_EVENT_TYPE}).
 *
 * <p>DNS, in each of Suricata's logging versions: v1 (one {@code answer} record per answer, {@code rrname}/{@code
 * rdata} at the top of {@code dns}), v2 ({@code query} records, and one {@code answer} record per response with
 * detailed {@code answers[]} and/or {@code grouped} answers) and v3 (Suricata 8: {@code request}/{@code response} with
 * {@code queries[]}). Suricata logs a request and its response as two records, so a transaction counts once per rule:
 * the request is the query (name, type; the rules that count questions count it), the response carries the query
 * type, the response code and the answers and is marked {@link DnsQuery#repeatsRequest} (the rules that read answers
 * read it: rare lookup, NXDOMAIN burst, TXT payload). In v1 a response record's {@code rrtype} is the type of its one
 * answer ({@code rrname} its owner name), and a failure record has none. The client of a response is the side that is not on port 53, else {@code dest_ip} in v3
 * (which logs responses from the responder) and {@code src_ip} before it (which logged them in flow direction).
 *
 * <p>Flow: bytes from the client are {@code flow.bytes_toserver}, to it {@code flow.bytes_toclient} ({@code src_ip} is
 * the flow's initiator); time is {@code flow.start}; outbound when the client is not public and the server is, by the
 * mode's address rules. A flow without ports (ICMP) is skipped ({@value #NO_PORT}).
 */
public final class SuricataEveParser implements LineParser<Object> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "suricata-eve";
    public static final String SOURCE = "Suricata eve.json";
    public static final String ANOTHER_EVENT_TYPE = "another event_type";
    public static final String NO_QUERY = "no query";
    public static final String NO_PORT = "no port";

    private static final int TIMESTAMP = 0;
    private static final int EVENT_TYPE = 1;
    private static final int SRC_IP = 2;
    private static final int SRC_PORT = 3;
    private static final int DEST_IP = 4;
    private static final int DEST_PORT = 5;
    private static final int VERSION = 6;
    private static final int TYPE = 7;
    private static final int RRNAME = 8;
    private static final int RRTYPE = 9;
    private static final int RCODE = 10;
    private static final int RDATA = 11;
    private static final int ANSWERS = 12;
    private static final int GROUPED = 13;
    private static final int QUERY_NAMES = 14;
    private static final int QUERY_TYPES = 15;
    private static final int TOSERVER = 16;
    private static final int TOCLIENT = 17;
    private static final int START = 18;

    private final JsonPathRow row = new JsonPathRow("timestamp", "event_type", "src_ip", "src_port", "dest_ip", "dest_port",
            "dns.version", "dns.type", "dns.rrname", "dns.rrtype", "dns.rcode", "dns.rdata", "dns.answers.rdata[]",
            "dns.grouped.*", "dns.queries.rrname[]", "dns.queries.rrtype[]", "flow.bytes_toserver", "flow.bytes_toclient",
            "flow.start");
    private final DetectionMode mode;
    private long skippedTime = Long.MIN_VALUE;
    private String skippedReason = ANOTHER_EVENT_TYPE;

    public SuricataEveParser(DetectionMode mode) {
        this.mode = mode;
    }

    @Override
    public Object parse(String line) throws BadRecordException {
        skippedTime = Long.MIN_VALUE;
        if (!row.read(line)) return null;
        String eventType = row.requiredString(EVENT_TYPE);
        long time = time(row, TIMESTAMP);
        switch (eventType) {
            case "dns" -> {
                return dns(time);
            }
            case "flow" -> {
                return flow(time);
            }
            default -> {
                return skip(time, ANOTHER_EVENT_TYPE);
            }
        }
    }

    private DnsQuery dns(long time) throws BadRecordException {
        String type = row.requiredString(TYPE);
        boolean v3 = "3".equals(row.string(VERSION));
        boolean request = switch (type) {
            case "query", "request" -> true;
            case "answer", "response" -> false;
            default -> throw new BadRecordException("unparsable dns.type " + Reasons.quote(type));
        };
        String name = row.string(RRNAME);
        String rrtype = row.string(RRTYPE);
        if (name == null && !row.list(QUERY_NAMES).isEmpty()) {
            name = row.list(QUERY_NAMES).get(0);
            rrtype = row.list(QUERY_TYPES).isEmpty() ? null : row.list(QUERY_TYPES).get(0);
        }
        if (name == null || name.isEmpty()) return skip(time, NO_QUERY);
        if (request) {
            return new DnsQuery(time, address(SRC_IP), null, name, QueryTypes.of(rrtype), DnsQuery.ABSENT, null, null, INPUT,
                    SOURCE, null);
        }
        List<String> answers = row.list(ANSWERS);
        if (answers.isEmpty()) answers = row.list(GROUPED);
        if (answers.isEmpty() && row.string(RDATA) != null) answers = List.of(row.string(RDATA));
        StringBuilder addresses = null;
        List<String> others = null;
        for (String a : answers) {
            if (IpAddress.parse(a) != null) {
                if (addresses == null) addresses = new StringBuilder(a);
                else addresses.append(',').append(a);
            } else if (!a.isEmpty()) {
                if (others == null) others = new ArrayList<>(2);
                others.add(a);
            }
        }
        String client = address(clientSide(v3));
        DnsQuery response = new DnsQuery(time, client, null, name, QueryTypes.of(rrtype), ResponseCodes.of(row.string(RCODE)),
                addresses == null ? null : addresses.toString(), others == null ? null : others.toArray(new String[0]), INPUT,
                SOURCE, null);
        response.repeatsRequest = true;
        return response;
    }

    /** Which side of a response record is the client: the one not on the DNS port, else by the logging version. */
    private int clientSide(boolean v3) throws BadRecordException {
        long src = row.optionalCount(SRC_PORT);
        long dest = row.optionalCount(DEST_PORT);
        if (src == 53 && dest != 53) return DEST_IP;
        if (dest == 53 && src != 53) return SRC_IP;
        return v3 ? DEST_IP : SRC_IP;
    }

    private NetworkFlow flow(long time) throws BadRecordException {
        String source = address(SRC_IP);
        String destination = address(DEST_IP);
        if (!row.isPresent(DEST_PORT)) return skip(time, NO_PORT);
        int port = row.requiredPort(DEST_PORT);
        long sent = row.optionalCount(TOSERVER);
        long received = row.optionalCount(TOCLIENT);
        if (sent < 0) throw new BadRecordException("missing flow.bytes_toserver");
        if (received < 0) throw new BadRecordException("missing flow.bytes_toclient");
        long start = row.isPresent(START) ? time(row, START) : time;
        boolean outbound = !AddressRules.isPublic(IpAddress.parse(source), mode) && AddressRules.isPublic(IpAddress.parse(destination), mode);
        return new NetworkFlow(start, source, destination, port, sent, received, NetworkFlow.SURICATA, outbound);
    }

    private String address(int f) throws BadRecordException {
        String text = row.requiredString(f);
        if (IpAddress.parse(text) == null) throw row.unparsable(f);
        return text;
    }

    private <T> T skip(long time, String reason) {
        skippedTime = time;
        skippedReason = reason;
        return null;
    }

    /**
     * Suricata's time: ISO 8601 with microseconds and an offset without a colon ({@code 2020-05-19T18:00:39.016985+0200});
     * an offset with a colon or {@code Z} is accepted too. Truncated to the millisecond.
     */
    static long time(JsonPathRow row, int f) throws BadRecordException {
        String text = row.requiredString(f);
        int n = text.length();
        String iso = text;
        if (n > 5 && (text.charAt(n - 5) == '+' || text.charAt(n - 5) == '-') && text.indexOf(':', n - 5) < 0) {
            iso = text.substring(0, n - 2) + ':' + text.substring(n - 2);
        }
        try {
            return TimeGenerated.parseMillis(iso);
        } catch (BadRecordException e) {
            throw row.unparsable(f);
        }
    }

    /** An eve.json file: JSON records with {@code timestamp} and {@code event_type}, the fields every EVE record has. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("timestamp", "event_type"), List.of());
    }

    @Override
    public long skippedRowTime() {
        return skippedTime;
    }

    @Override
    public String skippedReason() {
        return skippedReason;
    }
}
