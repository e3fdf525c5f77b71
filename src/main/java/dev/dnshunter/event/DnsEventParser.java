package dev.dnshunter.event;

import java.io.Serializable;

/**
 * Parses one DnsEvents JSON line. Only LookupQuery rows describe a client resolving a name, so every other SubType is
 * skipped; a skipped row is still checked for a valid TimeGenerated, which every row must have.
 */
public final class DnsEventParser implements LineParser<DnsEvent> {
    private static final long serialVersionUID = 1L;

    static final String LOOKUP_QUERY = "LookupQuery";

    private static final int TIME_GENERATED = 0;
    private static final int SUB_TYPE = 1;
    private static final int CLIENT_IP = 2;
    private static final int NAME = 3;
    private static final int IP_ADDRESSES = 4;
    private static final int QUERY_TYPE = 5;
    private static final int COMPUTER = 6;
    private static final int EVENT_ID = 7;

    private final JsonRow row = new JsonRow(
            "TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses", "QueryType", "Computer", "EventId");

    public DnsEventParser() {}

    /**
     * @return the event, or null for a blank line or a row that is not a LookupQuery
     * @throws BadRecordException with a short reason naming the offending field
     */
    public DnsEvent parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        long time = row.requiredTime(TIME_GENERATED);
        String subType = row.requiredString(SUB_TYPE);
        if (!LOOKUP_QUERY.equals(subType)) return null;
        String clientIp = row.requiredString(CLIENT_IP);
        String name = row.requiredString(NAME);
        String ipAddresses = row.optionalString(IP_ADDRESSES);
        String queryType = row.optionalString(QUERY_TYPE);
        String computer = row.optionalString(COMPUTER);
        row.checkInteger(EVENT_ID);
        return new DnsEvent(time, subType, clientIp, name, ipAddresses, queryType, computer);
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }
}
