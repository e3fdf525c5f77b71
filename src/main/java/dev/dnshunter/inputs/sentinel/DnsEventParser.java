package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.QueryTypes;
import dev.dnshunter.model.ResponseCodes;
import java.util.List;

/**
 * Parses one DnsEvents JSON line into a {@link DnsQuery}. Only LookupQuery rows describe a client resolving a name, so
 * every other SubType is skipped; a skipped row is still checked for a valid TimeGenerated, which every row must have.
 * IPAddresses becomes the query's answer addresses as written; Computer (the DNS server) is not the client, and is
 * not kept. ResultCode is the DNS response code (ASIM's DnsEvents parser maps it to {@code DnsResponseCode} as is); one
 * that is not a number from 0 to 65535 (or a response code name) leaves the code absent rather than making the row a
 * dead letter, since the rare-lookup rule, which the Sentinel query defines, never reads it.
 */
public final class DnsEventParser implements SentinelTableParser<DnsQuery> {
    private static final long serialVersionUID = 1L;

    public static final String LOOKUP_QUERY = "LookupQuery";
    public static final String INPUT = "dns-events";
    public static final String SOURCE = "DnsEvents";
    public static final String ANOTHER_SUBTYPE = "another SubType";

    private static final int TIME_GENERATED = 0;
    private static final int SUB_TYPE = 1;
    private static final int CLIENT_IP = 2;
    private static final int NAME = 3;
    private static final int IP_ADDRESSES = 4;
    private static final int QUERY_TYPE = 5;
    private static final int COMPUTER = 6;
    private static final int EVENT_ID = 7;
    private static final int RESULT_CODE = 8;

    private final JsonRow row = new JsonRow(
            "TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses", "QueryType", "Computer", "EventId", "ResultCode");

    public DnsEventParser() {}

    /**
     * @return the event, or null for a blank line or a row that is not a LookupQuery
     * @throws BadRecordException with a short reason naming the offending field
     */
    public DnsQuery parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public DnsQuery fromRow() throws BadRecordException {
        long time = row.requiredTime(TIME_GENERATED);
        String subType = row.requiredString(SUB_TYPE);
        if (!LOOKUP_QUERY.equals(subType)) return null;
        String clientIp = row.requiredString(CLIENT_IP);
        String name = row.requiredString(NAME);
        String ipAddresses = row.optionalString(IP_ADDRESSES);
        String queryType = row.optionalString(QUERY_TYPE);
        row.optionalString(COMPUTER);
        row.checkInteger(EVENT_ID);
        return new DnsQuery(time, clientIp, null, name, QueryTypes.of(queryType), ResponseCodes.of(row.text(RESULT_CODE)),
                ipAddresses, null, INPUT, SOURCE, null);
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public DnsEventParser copy() {
        return new DnsEventParser();
    }

    @Override
    public String skippedReason() {
        return ANOTHER_SUBTYPE;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** A DnsEvents export: JSON rows with TimeGenerated, SubType and a query column. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "SubType"), List.of("Name", "ClientIP", "IPAddresses"));
    }
}
