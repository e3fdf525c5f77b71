package dev.dnshunter.inputs.asim;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.inputs.sentinel.SentinelTableParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.QueryTypes;
import dev.dnshunter.model.ResponseCodes;
import dev.dnshunter.net.IpAddress;
import java.util.List;

/**
 * One {@code ASimDnsActivityLogs} row (the ASIM DNS activity schema, as the Log Analytics table holds it) into a
 * {@link DnsQuery}. Rows of another {@code EventType} than {@code Query} (the DNS op code) are skipped; so are
 * {@code EventSubType} {@code request} rows, whose exchange the {@code response} row repeats with its answers (most
 * sources log only responses). {@code DnsResponseName} is the response "as it appears in the record", in a form each
 * source chooses: the answer addresses are the tokens of it that are IP addresses.
 */
public final class AsimDnsParser implements SentinelTableParser<DnsQuery> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "asim-dns";
    public static final String SOURCE = "ASimDnsActivityLogs";
    public static final String ANOTHER_EVENT_TYPE = "another EventType";
    public static final String REQUEST = "request (its response row repeats it)";

    private static final int TIME_GENERATED = 0, EVENT_START_TIME = 1, EVENT_TYPE = 2, EVENT_SUB_TYPE = 3, SRC_IP_ADDR = 4,
            SRC_HOSTNAME = 5, DNS_QUERY = 6, DNS_QUERY_TYPE = 7, DNS_QUERY_TYPE_NAME = 8, DNS_RESPONSE_CODE = 9,
            EVENT_RESULT_DETAILS = 10, DNS_RESPONSE_NAME = 11, SRC_PROCESS_NAME = 12;

    private final JsonRow row = new JsonRow("TimeGenerated", "EventStartTime", "EventType", "EventSubType", "SrcIpAddr",
            "SrcHostname", "DnsQuery", "DnsQueryType", "DnsQueryTypeName", "DnsResponseCode", "EventResultDetails",
            "DnsResponseName", "SrcProcessName");
    private String skipped = ANOTHER_EVENT_TYPE;

    @Override
    public DnsQuery parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public DnsQuery fromRow() throws BadRecordException {
        long time = AsimColumns.time(row, TIME_GENERATED, EVENT_START_TIME);
        if (AsimColumns.isOther(row, EVENT_TYPE, "Query")) {
            skipped = ANOTHER_EVENT_TYPE;
            return null;
        }
        if (AsimColumns.is(row, EVENT_SUB_TYPE, "request")) {
            skipped = REQUEST;
            return null;
        }
        if (AsimColumns.blank(row, DNS_QUERY)) throw new BadRecordException("missing DnsQuery");
        String name = row.optionalString(DNS_QUERY);
        String client = AsimColumns.optionalAddress(row, SRC_IP_ADDR);
        String host = AsimColumns.blank(row, SRC_HOSTNAME) ? null : row.optionalString(SRC_HOSTNAME);
        int type = AsimColumns.optionalSmall(row, DNS_QUERY_TYPE);
        if (type < 0 && !AsimColumns.blank(row, DNS_QUERY_TYPE_NAME)) type = QueryTypes.of(row.optionalString(DNS_QUERY_TYPE_NAME));
        int rcode = AsimColumns.optionalSmall(row, DNS_RESPONSE_CODE);
        if (rcode < 0 && !AsimColumns.blank(row, EVENT_RESULT_DETAILS)) rcode = ResponseCodes.of(row.optionalString(EVENT_RESULT_DETAILS).trim());
        String process = AsimColumns.blank(row, SRC_PROCESS_NAME) ? null : row.optionalString(SRC_PROCESS_NAME);
        String response = AsimColumns.blank(row, DNS_RESPONSE_NAME) ? null : row.optionalString(DNS_RESPONSE_NAME);
        return new DnsQuery(time, client, host, name, type < 0 ? DnsQuery.ABSENT : type, rcode < 0 ? DnsQuery.ABSENT : rcode,
                addresses(response), null, INPUT, SOURCE, process);
    }

    /**
     * The IP addresses among the tokens of a response text (separated by white space, {@code , ; |}, quotes, brackets
     * and braces, or {@code =}), IPv4-mapped IPv6 written as IPv4, comma-separated; null when there are none.
     */
    static String addresses(String response) {
        if (response == null) return null;
        StringBuilder out = null;
        int n = response.length();
        int i = 0;
        while (i < n) {
            while (i < n && separator(response.charAt(i))) i++;
            int start = i;
            while (i < n && !separator(response.charAt(i))) i++;
            if (i == start) continue;
            String token = response.substring(start, i);
            if (token.regionMatches(true, 0, "::ffff:", 0, 7) && token.indexOf('.') > 0) token = token.substring(7);
            if (IpAddress.parse(token) == null) continue;
            if (out == null) out = new StringBuilder(token); else out.append(',').append(token);
        }
        return out == null ? null : out.toString();
    }

    private static boolean separator(char c) {
        return c <= ' ' || c == ',' || c == ';' || c == '|' || c == '"' || c == '\'' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == '=';
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public AsimDnsParser copy() {
        return new AsimDnsParser();
    }

    @Override
    public String skippedReason() {
        return skipped;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** An ASimDnsActivityLogs export: JSON rows with TimeGenerated and DnsQuery and an ASIM DNS column. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "DnsQuery"),
                List.of("SrcIpAddr", "DnsQueryType", "DnsQueryTypeName", "DnsResponseName", "EventSchema", "EventSubType"));
    }
}
