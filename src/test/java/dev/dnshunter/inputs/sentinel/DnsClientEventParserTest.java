package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.txtburst.TxtQueries;
import static dev.dnshunter.inputs.sentinel.Row.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapter together with the TXT rule's selection: what the rule receives from a DNS client event row. */
class DnsClientEventParserTest extends LineParserContract<TxtQuery> {
    private static final String LOG = "Microsoft-Windows-DNS-Client/Operational";
    private static final String DESCRIPTION = "DNS query is called for the name chunk7.payload.evil.example, type 16, "
            + "query options 140738562228224, Server List , isNetwork query 0, network index 0, interface index 0, "
            + "is asynchronous query 0";

    private final DnsClientEventParser parser = new DnsClientEventParser();

    @Override
    TxtQuery parse(String line) throws BadRecordException {
        return TxtQueries.fromDnsQuery(parser.parse(line));
    }

    @Override
    Object parserInstance() {
        return parser;
    }

    @Override
    TxtQuery parseWith(Object p, String line) throws BadRecordException {
        return TxtQueries.fromDnsQuery(((DnsClientEventParser) p).parse(line));
    }

    @Override
    Row validRow() {
        return Row.of(
                "TenantId", str("b1e0c3a2-0000-4000-8000-000000000001"),
                "TimeGenerated", str(TIME),
                "EventLog", str(LOG),
                "EventID", "3006",
                "EventLevelName", str("Information"),
                "Computer", str("ws01.corp.example"),
                "RenderedDescription", str(DESCRIPTION),
                "Type", str("Event"));
    }

    @Override
    TxtQuery expected() {
        return new TxtQuery(TIME_MILLIS, "ws01.corp.example", TxtQuery.DNS_CLIENT_EVENTS, "chunk7.payload.evil.example");
    }

    private Row withDescription(String description) {
        return validRow().with("RenderedDescription", str(description));
    }

    @Test
    void rowBecomesAQueryOfTheHostWithoutAddress() throws Exception {
        assertEquals(new DnsQuery(TIME_MILLIS, null, "ws01.corp.example", "chunk7.payload.evil.example", 16, DnsQuery.ABSENT,
                null, null, "dns-client-events", "DnsClientEvents", null), parser.parse(validRow().line()));
    }

    @Test
    void skipsSayWhy() throws Exception {
        assertNull(parser.parse(withDescription("for the name a.example, type 1, x").line()));
        assertEquals("another query type", parser.skippedReason());
        assertNull(parser.parse(validRow().with("EventID", "3008").line()));
        assertEquals("another event log or id", parser.skippedReason());
    }

    @Test
    void defaultIdsAreJustTheQueryEvent() {
        assertEquals(Set.of(3006), DnsClientEventParser.DEFAULT_EVENT_IDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"type 1,", "type 160,", "type 161,", "type 6,", "type 28,", "type 255,", "type 1"})
    void otherQueryTypesAreSkipped(String type) throws Exception {
        assertNull(parse(withDescription("DNS query is called for the name a.example, " + type + " query options 0")));
    }

    @ParameterizedTest
    @ValueSource(strings = {", type 16, query options 0", ", type 16", ",type 16,", " , TYPE  16 ,", ", Type 016, x"})
    void typeSixteenIsTxt(String rest) throws Exception {
        assertEquals("a.example", parse(withDescription("DNS query is called for the name a.example" + rest)).name);
    }

    @Test
    void wordsMayVaryInCaseAndSpacing() throws Exception {
        TxtQuery q = parse(withDescription("DNS Query is called FOR  the\\tName   Chunk7.Payload.EVIL.example. ,  Type  16,"));
        assertEquals(expected(), q);
    }

    @Test
    void nameIsNormalised() throws Exception {
        assertEquals("x.example", parse(withDescription("for the name X.Example., type 16, query options 0")).name);
    }

    @Test
    void computerIsLowercased() throws Exception {
        assertEquals("ws01.corp.example", parse(validRow().with("Computer", str("WS01.Corp.EXAMPLE"))).host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Microsoft-Windows-DNS-Client/operational\"", "\"Application\"", "\"System\"", "\"\"",
            "null", "3006", "[]"})
    void otherLogsAreSkipped(String eventLog) throws Exception {
        assertNull(parse(validRow().with("EventLog", eventLog)));
        assertNull(parse(validRow().without("EventLog")));
    }

    @Test
    void rowsOfOtherLogsNeedOnlyTime() throws Exception {
        Row other = Row.of("TimeGenerated", str(TIME), "EventLog", str("System"), "EventID", str("abc"));
        assertNull(parse(other));
        assertNull(parse(other.without("EventID")));
        assertEquals("missing TimeGenerated", reason(other.without("TimeGenerated")));
    }

    @Test
    void completionEventIsSkippedByDefaultButUsableWhenConfigured() throws Exception {
        Row completed = validRow().with("EventID", "3008").with("RenderedDescription",
                str("DNS query is completed for the name chunk7.payload.evil.example, type 16, query options 0, "
                        + "Server List , isNetwork query 0, network index 0, interface index 0, is asynchronous "
                        + "query 0, Status 0, Results 127.0.0.1;"));
        assertNull(parse(completed));
        assertEquals(expected(), TxtQueries.fromDnsQuery(new DnsClientEventParser(Set.of(3006, 3008)).parse(completed.line())));
        assertEquals(expected(), TxtQueries.fromDnsQuery(new DnsClientEventParser(new int[] {3008, 3006}).parse(completed.line())));
        assertNull(new DnsClientEventParser(Set.of(3008)).parse(validRow().line()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"3006\"", "\"03006\"", "3006"})
    void eventIdMayBeNumberOrDecimalString(String id) throws Exception {
        assertEquals(expected(), parse(validRow().with("EventID", id)));
    }

    @Test
    void usedLogNeedsAnIntegerEventId() {
        assertEquals("missing EventID", reason(validRow().without("EventID")));
        assertEquals("missing EventID", reason(validRow().with("EventID", "null")));
        assertEquals("unparsable EventID \"abc\"", reason(validRow().with("EventID", str("abc"))));
        assertEquals("unparsable EventID 3006.0", reason(validRow().with("EventID", "3006.0")));
        assertEquals("unparsable EventID [...]", reason(validRow().with("EventID", "[3006]")));
        assertEquals("EventID out of range 99999999999999999999",
                reason(validRow().with("EventID", "99999999999999999999")));
    }

    @Test
    void eventIdsOutsideIntRangeAreSimplyNotUsed() throws Exception {
        assertNull(parse(validRow().with("EventID", "4294970302")));
        assertNull(parse(validRow().with("EventID", "-1")));
    }

    @Test
    void usedRowNeedsComputerAndDescription() {
        assertEquals("missing Computer", reason(validRow().without("Computer")));
        assertEquals("missing Computer", reason(validRow().with("Computer", "null")));
        assertEquals("unparsable Computer {...}", reason(validRow().with("Computer", "{}")));
        assertEquals("missing RenderedDescription", reason(validRow().without("RenderedDescription")));
    }

    @Test
    void unusedRowNeedsNeitherComputerNorDescription() throws Exception {
        assertNull(parse(validRow().with("EventID", "3008").without("Computer").without("RenderedDescription")));
        assertNull(parse(validRow().with("EventLog", str("System")).without("Computer")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbled", "DNS query is called for the name , type 16", "for the name a.example type 16",
            "for the name a.example, type x", "for the name a.example, type 16x, y", "for the name a.example, type",
            "for the name a.example, class 1, type 16", "for the name a.example", "type 16, for the name a.example",
            "for the name a.example, type 1.6"})
    void unrecognisableDescriptionIsBad(String description) {
        assertEquals("unparsable RenderedDescription \"" + description + "\"", reason(withDescription(description)));
    }

    @Test
    void longUnrecognisableDescriptionIsCut() {
        String reason = reason(withDescription("x".repeat(10_000)));
        assertEquals("unparsable RenderedDescription \"" + "x".repeat(64) + "...\"", reason);
    }

    @Test
    void onlyTheFirstMentionOfANameCounts() throws Exception {
        assertEquals("a.example",
                parse(withDescription("for the name a.example, type 16, then for the name b.example, type 1")).name);
        assertNull(parse(withDescription("for the name a.example, type 1, then for the name b.example, type 16")));
    }

    @Test
    void manyNameMentionsWithoutCommaAreBadQuickly() {
        String description = "for the name ".repeat(100_000);
        assertEquals("unparsable RenderedDescription \"" + description.substring(0, 64) + "...\"",
                reason(withDescription(description)));
    }

    @Test
    void configuredIdsSurviveSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new DnsClientEventParser(Set.of(3008)));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            DnsClientEventParser copy = (DnsClientEventParser) in.readObject();
            assertNull(copy.parse(validRow().line()));
            assertEquals(expected(), TxtQueries.fromDnsQuery(copy.parse(validRow().with("EventID", "3008").line())));
        }
    }
}
