package dev.dnshunter.inputs.ecs;

import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonPathRow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.model.QueryTypes;
import dev.dnshunter.model.ResponseCodes;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Elastic Common Schema documents (NDJSON, nested objects or dotted keys, as Packetbeat, Elastic Agent, Filebeat's
 * Zeek and Suricata modules and Winlogbeat's Sysmon pipeline write them) into {@link DnsQuery}s and
 * {@link NetworkFlow}s.
 *
 * <p>A document with {@code dns.question.name} is a DNS query: client {@code client.ip}, else {@code source.ip};
 * host {@code host.name}; type {@code dns.question.type}; response code {@code dns.response_code}; answers
 * {@code dns.answers[].data} (addresses apart from the rest), else the addresses of {@code dns.resolved_ip}; process
 * {@code process.executable}. Otherwise a document with {@code destination.ip} is a flow: source {@code source.ip},
 * destination {@code destination.ip}:{@code destination.port}, bytes from the client {@code source.bytes}, to it
 * {@code destination.bytes} (a document without both is skipped: {@value #NO_BYTES}), time {@code event.start} else
 * {@code @timestamp}; outbound when {@code network.direction} is {@code outbound} or {@code egress}, not when it is
 * {@code inbound}, {@code ingress}, {@code internal} or {@code external}, and otherwise when the source is not public
 * and the destination is, by the mode's address rules. Documents of another {@code event.kind} than {@code event}
 * (alerts, metrics, state) are skipped, and so is anything else ({@value #NOT_DNS_OR_FLOW}).
 */
public final class EcsParser implements LineParser<Object> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "ecs";
    public static final String SOURCE = "ECS";
    public static final String NO_BYTES = "no bytes";
    public static final String NOT_DNS_OR_FLOW = "neither a DNS query nor a flow";
    public static final String ANOTHER_KIND = "another event.kind";

    private static final int TIMESTAMP = 0;
    private static final int START = 1;
    private static final int NAME = 2;
    private static final int QTYPE = 3;
    private static final int RCODE = 4;
    private static final int ANSWERS = 5;
    private static final int RESOLVED = 6;
    private static final int CLIENT_IP = 7;
    private static final int SOURCE_IP = 8;
    private static final int HOST = 9;
    private static final int PROCESS = 10;
    private static final int DEST_IP = 11;
    private static final int DEST_PORT = 12;
    private static final int SOURCE_BYTES = 13;
    private static final int DEST_BYTES = 14;
    private static final int DIRECTION = 15;
    private static final int KIND = 16;

    private final JsonPathRow row = new JsonPathRow("@timestamp", "event.start", "dns.question.name", "dns.question.type",
            "dns.response_code", "dns.answers.data[]", "dns.resolved_ip[]", "client.ip", "source.ip", "host.name",
            "process.executable", "destination.ip", "destination.port", "source.bytes", "destination.bytes",
            "network.direction", "event.kind");
    private final DetectionMode mode;
    private long skippedTime = Long.MIN_VALUE;
    private String skippedReason = NOT_DNS_OR_FLOW;

    public EcsParser(DetectionMode mode) {
        this.mode = mode;
    }

    @Override
    public Object parse(String line) throws BadRecordException {
        skippedTime = Long.MIN_VALUE;
        if (!row.read(line)) return null;
        long time = time(TIMESTAMP);
        String kind = row.string(KIND);
        if (kind != null && !kind.equals("event")) return skip(time, ANOTHER_KIND);
        if (row.isPresent(NAME)) return dns(time);
        if (row.isPresent(DEST_IP)) return flow(time);
        return skip(time, NOT_DNS_OR_FLOW);
    }

    private DnsQuery dns(long time) throws BadRecordException {
        String name = row.requiredString(NAME);
        if (name.isEmpty()) throw new BadRecordException("empty dns.question.name");
        String client = row.isPresent(CLIENT_IP) ? address(CLIENT_IP) : row.isPresent(SOURCE_IP) ? address(SOURCE_IP) : null;
        StringBuilder addresses = null;
        List<String> others = null;
        List<String> answers = row.list(ANSWERS);
        for (String a : answers.isEmpty() ? row.list(RESOLVED) : answers) {
            if (IpAddress.parse(a) != null) {
                if (addresses == null) addresses = new StringBuilder(a);
                else addresses.append(',').append(a);
            } else if (!answers.isEmpty()) {
                if (others == null) others = new ArrayList<>(2);
                others.add(a);
            } else {
                throw new BadRecordException("unparsable dns.resolved_ip " + dev.dnshunter.event.Reasons.quote(a));
            }
        }
        return new DnsQuery(time, client, row.string(HOST), name, QueryTypes.of(row.string(QTYPE)),
                ResponseCodes.of(row.string(RCODE)), addresses == null ? null : addresses.toString(),
                others == null ? null : others.toArray(new String[0]), INPUT, SOURCE, row.string(PROCESS));
    }

    private NetworkFlow flow(long time) throws BadRecordException {
        String source = address(SOURCE_IP);
        String destination = address(DEST_IP);
        int port = row.requiredPort(DEST_PORT);
        long sent = row.optionalCount(SOURCE_BYTES);
        long received = row.optionalCount(DEST_BYTES);
        if (sent < 0 || received < 0) return skip(time, NO_BYTES);
        long start = row.isPresent(START) ? time(START) : time;
        return new NetworkFlow(start, source, destination, port, sent, received, NetworkFlow.ECS, outbound(source, destination));
    }

    private boolean outbound(String source, String destination) {
        String d = row.string(DIRECTION);
        if (d != null) {
            if (d.equalsIgnoreCase("outbound") || d.equalsIgnoreCase("egress")) return true;
            if (d.equalsIgnoreCase("inbound") || d.equalsIgnoreCase("ingress") || d.equalsIgnoreCase("internal")
                    || d.equalsIgnoreCase("external")) {
                return false;
            }
        }
        return !AddressRules.isPublic(IpAddress.parse(source), mode) && AddressRules.isPublic(IpAddress.parse(destination), mode);
    }

    private String address(int f) throws BadRecordException {
        String text = row.requiredString(f);
        if (IpAddress.parse(text) == null) throw row.unparsable(f);
        return text;
    }

    private long time(int f) throws BadRecordException {
        String text = row.requiredString(f);
        try {
            return TimeGenerated.parseMillis(text);
        } catch (BadRecordException e) {
            throw row.unparsable(f);
        }
    }

    private <T> T skip(long time, String reason) {
        skippedTime = time;
        skippedReason = reason;
        return null;
    }

    /** The top-level fields of ECS that the documents this parser reads carry, nested ({@code dns}) or dotted. */
    private static final Set<String> ECS_ROOTS = Set.of("ecs", "event", "dns", "source", "destination", "client", "network");

    /**
     * An ECS NDJSON file: a JSON line with {@code @timestamp} and an ECS field set at the top level, nested
     * ({@code "ecs":{"version":…}}, {@code "event":{…}}, {@code "dns":{…}}, {@code "source":{…}}) or dotted
     * ({@code "ecs.version"}, {@code "event.kind"}, {@code "dns.question.name"}, {@code "source.ip"}). Tried after
     * the Zeek and Suricata inputs, whose JSON has {@code ts} or {@code timestamp} with {@code event_type}.
     */
    @Override
    public boolean recognizes(List<String> firstLines) {
        for (String line : firstLines) {
            Set<String> keys = FirstLines.jsonKeys(line);
            if (!keys.contains("@timestamp")) continue;
            for (String key : keys) {
                int dot = key.indexOf('.');
                if (ECS_ROOTS.contains(dot < 0 ? key : key.substring(0, dot))) return true;
            }
        }
        return false;
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
