package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.JsonRow;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.QueryTypes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one row of the Log Analytics Event table into the {@link DnsQuery} a Windows DNS client event describes: no
 * client address, the Computer as the client host, the name and type from the message, no response or answers.
 *
 * <p>Hosts without a DNS server log of their own only leave the DNS-Client operational events, and those carry the
 * queried name and type solely in the rendered message text, so the text is parsed. Rows from other logs, other event
 * ids are skipped; so are other query types, as only the TXT rule reads this log. Every row must still have a valid
 * TimeGenerated.
 */
public final class DnsClientEventParser implements SentinelTableParser<DnsQuery> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "dns-client-events";
    public static final String SOURCE = "DnsClientEvents";
    public static final String ANOTHER_EVENT = "another event log or id";
    public static final String ANOTHER_QUERY_TYPE = "another query type";

    public static final String DNS_CLIENT_LOG = "Microsoft-Windows-DNS-Client/Operational";

    /** 3006 is logged once per query as it is issued; completions (3008) would count each query twice. */
    public static final Set<Integer> DEFAULT_EVENT_IDS = Set.of(3006);

    private static final int TIME_GENERATED = 0;
    private static final int EVENT_LOG = 1;
    private static final int EVENT_ID = 2;
    private static final int COMPUTER = 3;
    private static final int RENDERED_DESCRIPTION = 4;

    /** Only the first mention is trusted: the fields that follow it are what the event template puts there. */
    private static final Pattern NAME_START = Pattern.compile("for\\s+the\\s+name\\s+", Pattern.CASE_INSENSITIVE);
    /** The whole run of digits, so that "type 160" is not read as type 16. */
    private static final Pattern TYPE = Pattern.compile(",\\s*type\\s+(\\d++)(?![\\w.])", Pattern.CASE_INSENSITIVE);

    private transient String skipped;

    private final JsonRow row = new JsonRow("TimeGenerated", "EventLog", "EventID", "Computer", "RenderedDescription");
    /** Sorted, because an int[] serializes with the parser while a caller's Set might not. */
    private final int[] eventIds;

    public DnsClientEventParser() {
        this(DEFAULT_EVENT_IDS);
    }

    public DnsClientEventParser(Set<Integer> eventIds) {
        Objects.requireNonNull(eventIds, "eventIds");
        int[] ids = new int[eventIds.size()];
        int i = 0;
        for (Integer id : eventIds) ids[i++] = Objects.requireNonNull(id, "event id");
        Arrays.sort(ids);
        this.eventIds = ids;
    }

    /** The same, for configuration that holds the ids as an array; duplicates are harmless. */
    public DnsClientEventParser(int[] eventIds) {
        int[] ids = Objects.requireNonNull(eventIds, "eventIds").clone();
        Arrays.sort(ids);
        this.eventIds = ids;
    }

    /**
     * @return the TXT query, or null for a blank line or a row that is not a used DNS client event for a TXT query
     * @throws BadRecordException with a short reason naming the offending field
     */
    public DnsQuery parse(String line) throws BadRecordException {
        if (!row.read(line)) return null;
        return fromRow();
    }

    @Override
    public DnsQuery fromRow() throws BadRecordException {
        long time = row.requiredTime(TIME_GENERATED);
        if (!DNS_CLIENT_LOG.equals(row.text(EVENT_LOG)) || !isUsedEventId()) {
            skipped = ANOTHER_EVENT;
            return null;
        }
        String computer = row.requiredString(COMPUTER);
        String description = row.requiredString(RENDERED_DESCRIPTION);

        Matcher nameStart = NAME_START.matcher(description);
        if (!nameStart.find()) throw unparsable(description);
        int comma = description.indexOf(',', nameStart.end());
        if (comma < 0) throw unparsable(description);
        String name = description.substring(nameStart.end(), comma).trim();
        Matcher type = TYPE.matcher(description).region(comma, description.length());
        if (name.isEmpty() || !type.lookingAt()) throw unparsable(description);

        int queryType = QueryTypes.ofDigits(type.group(1));
        if (queryType != DnsQuery.TYPE_TXT) {
            skipped = ANOTHER_QUERY_TYPE;
            return null;
        }
        return new DnsQuery(time, null, computer, name, queryType, DnsQuery.ABSENT, null, null, INPUT, SOURCE, null);
    }

    private boolean isUsedEventId() throws BadRecordException {
        if (!row.isPresent(EVENT_ID)) throw new BadRecordException("missing EventID");
        row.checkInteger(EVENT_ID);
        // checkInteger has accepted the text as a decimal integer within long range.
        long id = Long.parseLong(row.text(EVENT_ID));
        return id >= Integer.MIN_VALUE && id <= Integer.MAX_VALUE && Arrays.binarySearch(eventIds, (int) id) >= 0;
    }

    private static BadRecordException unparsable(String description) {
        return new BadRecordException("unparsable RenderedDescription " + JsonRow.quote(description));
    }

    @Override
    public JsonRow row() {
        return row;
    }

    @Override
    public DnsClientEventParser copy() {
        return new DnsClientEventParser(eventIds);
    }

    @Override
    public String skippedReason() {
        return skipped;
    }

    @Override
    public long skippedRowTime() {
        return row.timeRead();
    }

    /** An Event table export: JSON rows with TimeGenerated, EventLog and the event id or its text. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        return FirstLines.anyJsonWith(firstLines, List.of("TimeGenerated", "EventLog"), List.of("EventID", "RenderedDescription"));
    }
}
