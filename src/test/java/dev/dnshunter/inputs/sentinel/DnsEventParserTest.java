package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.model.DnsQuery;
import static dev.dnshunter.inputs.sentinel.Row.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsEventParserTest extends LineParserContract<DnsQuery> {
    private final DnsEventParser parser = new DnsEventParser();

    @Override
    DnsQuery parse(String line) throws BadRecordException {
        return parser.parse(line);
    }

    @Override
    Object parserInstance() {
        return parser;
    }

    @Override
    DnsQuery parseWith(Object p, String line) throws BadRecordException {
        return ((DnsEventParser) p).parse(line);
    }

    @Override
    Row validRow() {
        return Row.of(
                "TenantId", str("b1e0c3a2-0000-4000-8000-000000000001"),
                "TimeGenerated", str(TIME),
                "Computer", str("dc01.corp.example"),
                "EventId", "256",
                "SubType", str("LookupQuery"),
                "ClientIP", str("10.0.0.5"),
                "Name", str("Example.COM"),
                "IPAddresses", str("93.184.216.34,93.184.216.35"),
                "QueryType", str("1"),
                "Result", str("NOERROR"),
                "Type", str("DnsEvents"));
    }

    @Override
    DnsQuery expected() {
        return query(TIME_MILLIS, "10.0.0.5", "Example.COM", "93.184.216.34,93.184.216.35", 1);
    }

    /** A DnsEvents row becomes a query without client host (Computer is the DNS server), response or other answers. */
    private static DnsQuery query(long time, String client, String name, String addresses, int queryType) {
        return new DnsQuery(time, client, null, name, queryType, DnsQuery.ABSENT, addresses, null, "dns-events",
                "DnsEvents", null);
    }

    private DnsQuery expectedWith(String ipAddresses, int queryType) {
        DnsQuery e = expected();
        e.addresses = ipAddresses;
        e.queryType = queryType;
        return e;
    }

    @Test
    void minimalUsedRow() throws Exception {
        String line = "{\"TimeGenerated\":\"1970-01-01T00:00:01Z\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"::1\","
                + "\"Name\":\"a\"}";
        assertEquals(query(1000, "::1", "a", null, DnsQuery.ABSENT), parse(line));
    }

    @Test
    void numbersAndBooleansInStringFieldsKeepTheirText() throws Exception {
        DnsQuery e = parse(validRow().with("QueryType", "16").with("Computer", "true").with("IPAddresses", "1.50")
                .with("Name", "-0").with("ClientIP", "1e3"));
        assertEquals(query(TIME_MILLIS, "1e3", "-0", "1.50", 16), e);
    }

    @Test
    void stringsAreKeptRaw() throws Exception {
        DnsQuery e = parse(validRow().with("Name", str(" Mail.Example.com. ")).with("ClientIP", str(""))
                .with("IPAddresses", str(" 1.2.3.4 , ::1 ")).with("QueryType", str("")));
        assertEquals(" Mail.Example.com. ", e.name);
        assertEquals("", e.clientAddress);
        assertEquals(" 1.2.3.4 , ::1 ", e.addresses);
        assertEquals(DnsQuery.ABSENT, e.queryType);
    }

    @Test
    void escapedStringsAreDecoded() throws Exception {
        assertEquals("a\"b\\c\u00e9", parse(validRow().with("Name", "\"a\\\"b\\\\c\\u00e9\"")).name);
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() throws Exception {
        assertEquals(expectedWith(null, DnsQuery.ABSENT),
                parse(validRow().without("IPAddresses").without("QueryType").without("Computer").without("EventId")));
        assertEquals(expectedWith(null, DnsQuery.ABSENT), parse(validRow().with("IPAddresses", "null")
                .with("QueryType", "null").with("Computer", "null").with("EventId", "null")));
        assertEquals(expectedWith("", 1), parse(validRow().with("IPAddresses", str(""))));
    }

    /** ResultCode (int in the table schema; text in a CSV export) is the response code; a bad one is no code. */
    @Test
    void resultCodeIsTheResponseCode() throws Exception {
        assertEquals(3, parse(validRow().with("ResultCode", "3")).responseCode);
        assertEquals(3, parse(validRow().with("ResultCode", str("3"))).responseCode);
        assertEquals(0, parse(validRow().with("ResultCode", "0")).responseCode);
        assertEquals(DnsQuery.ABSENT, parse(validRow()).responseCode);
        assertEquals(DnsQuery.ABSENT, parse(validRow().with("ResultCode", "null")).responseCode);
        for (String bad : new String[] {"-1", "3.0", "70000", "[3]", str("x")}) {
            DnsQuery q = parse(validRow().with("ResultCode", bad));
            assertEquals(DnsQuery.ABSENT, q.responseCode, bad);
            assertEquals("93.184.216.34,93.184.216.35", q.addresses, bad + ": the row is still a lookup");
        }
    }

    @Test
    void usedRowNeedsNameAndClientIp() {
        assertEquals("missing Name", reason(validRow().without("Name")));
        assertEquals("missing Name", reason(validRow().with("Name", "null")));
        assertEquals("missing ClientIP", reason(validRow().without("ClientIP")));
        assertEquals("missing ClientIP", reason(validRow().with("ClientIP", "null").without("Name")));
    }

    @Test
    void subTypeIsRequired() {
        assertEquals("missing SubType", reason(validRow().without("SubType")));
        assertEquals("missing SubType", reason(validRow().with("SubType", "null")));
        assertEquals("unparsable SubType {...}", reason(validRow().with("SubType", "{\"a\":1}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"LookupResponse\"", "\"lookupquery\"", "\"LookupQuery \"", "\"\"", "\"Inventory\"", "1"})
    void otherSubTypesAreSkipped(String subType) throws Exception {
        assertNull(parse(validRow().with("SubType", subType)));
    }

    @Test
    void skippedRowNeedsOnlyTimeAndSubType() throws Exception {
        Row skipped = Row.of("TimeGenerated", str(TIME), "SubType", str("Configuration"));
        assertNull(parse(skipped));
        assertNull(parse(skipped.with("EventId", str("abc")).with("Name", "[]").with("ClientIP", "{}")));
        assertEquals("missing TimeGenerated", reason(skipped.without("TimeGenerated")));
        assertEquals("unparsable TimeGenerated \"2026-13-01T00:00:00Z\"",
                reason(skipped.with("TimeGenerated", str("2026-13-01T00:00:00Z"))));
    }

    @Test
    void eventIdMayBeAnyIntegerAsNumberOrString() throws Exception {
        for (String id : new String[] {"0", "-1", "\"256\"", "\"-1\"", "\"007\"", "9223372036854775807",
                "-9223372036854775808", "\"-9223372036854775808\""}) {
            assertEquals(expected(), parse(validRow().with("EventId", id)), id);
        }
    }

    @Test
    void eventIdMustBeAnInteger() {
        assertEquals("unparsable EventId 1.5", reason(validRow().with("EventId", "1.5")));
        assertEquals("unparsable EventId 1e3", reason(validRow().with("EventId", "1e3")));
        assertEquals("unparsable EventId 256.0", reason(validRow().with("EventId", "256.0")));
        assertEquals("unparsable EventId \"1.5\"", reason(validRow().with("EventId", str("1.5"))));
        assertEquals("unparsable EventId \"abc\"", reason(validRow().with("EventId", str("abc"))));
        assertEquals("unparsable EventId \"\"", reason(validRow().with("EventId", str(""))));
        assertEquals("unparsable EventId \"-\"", reason(validRow().with("EventId", str("-"))));
        assertEquals("unparsable EventId \"+1\"", reason(validRow().with("EventId", str("+1"))));
        assertEquals("unparsable EventId \" 1\"", reason(validRow().with("EventId", str(" 1"))));
        assertEquals("unparsable EventId true", reason(validRow().with("EventId", "true")));
        assertEquals("unparsable EventId [...]", reason(validRow().with("EventId", "[256]")));
        assertEquals("EventId out of range 9223372036854775808",
                reason(validRow().with("EventId", "9223372036854775808")));
        assertEquals("EventId out of range \"-9223372036854775809\"",
                reason(validRow().with("EventId", str("-9223372036854775809"))));
    }

    @Test
    void containersInStringFieldsAreBad() {
        assertEquals("unparsable Name {...}", reason(validRow().with("Name", "{\"a\":\"b\"}")));
        assertEquals("unparsable ClientIP [...]", reason(validRow().with("ClientIP", "[\"10.0.0.5\"]")));
        assertEquals("unparsable IPAddresses [...]", reason(validRow().with("IPAddresses", "[]")));
        assertEquals("unparsable Computer [...]", reason(validRow().with("Computer", nested(10_000))));
    }

    @Test
    void hugeNameIsKept() throws Exception {
        String name = "a".repeat(1 << 20);
        assertEquals(name, parse(validRow().with("Name", str(name))).name);
    }

    @Test
    void extraUnknownFieldsIgnored() throws Exception {
        assertEquals(expected(), parse(validRow().with("SourceSystem", str("OpsManager"))
                .with("MG", str("00000000-0000-0000-0000-000000000002")).with("ManagementGroupName", "null")
                .with("TaskCategory", "{\"x\":[1,2,3]}").with("name", str("lower-case key is another column"))));
    }
}
