package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.model.NetworkFlow;
import static dev.dnshunter.inputs.sentinel.Row.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FirewallEventParserTest extends LineParserContract<NetworkFlow> {
    private static final String[] REQUIRED = {"SourceIP", "DestinationIP", "DestinationPort", "SentBytes",
            "ReceivedBytes"};

    private final FirewallEventParser parser = new FirewallEventParser();

    @Override
    NetworkFlow parse(String line) throws BadRecordException {
        return parser.parse(line);
    }

    @Override
    Object parserInstance() {
        return parser;
    }

    @Override
    NetworkFlow parseWith(Object p, String line) throws BadRecordException {
        return ((FirewallEventParser) p).parse(line);
    }

    @Override
    Row validRow() {
        return Row.of(
                "TenantId", str("b1e0c3a2-0000-4000-8000-000000000001"),
                "TimeGenerated", str(TIME),
                "DeviceVendor", str("Palo Alto Networks"),
                "DeviceProduct", str("PAN-OS"),
                "DeviceVersion", str("10.2"),
                "Activity", str("TRAFFIC"),
                "DeviceAction", str("allow"),
                "SourceIP", str("10.1.2.3"),
                "SourcePort", "51514",
                "DestinationIP", str("203.0.113.9"),
                "DestinationPort", "443",
                "Protocol", str("tcp"),
                "SentBytes", "1234",
                "ReceivedBytes", "5678",
                "AdditionalExtensions", str("PanOSPacketsReceived=12;PanOSPacketsSent=9"),
                "Type", str("CommonSecurityLog"));
    }

    @Override
    NetworkFlow expected() {
        return new NetworkFlow(TIME_MILLIS, "10.1.2.3", "203.0.113.9", 443, 1234, 5678, NetworkFlow.PALO_ALTO, true);
    }

    @Test
    void numbersAsStrings() throws Exception {
        assertEquals(expected(), parse(validRow().with("SourcePort", str("51514")).with("DestinationPort", str("443"))
                .with("SentBytes", str("1234")).with("ReceivedBytes", str("5678"))));
        assertEquals(expected(), parse(validRow().with("DestinationPort", str("0443"))));
    }

    @Test
    void boundaryValues() throws Exception {
        assertEquals(new NetworkFlow(TIME_MILLIS, "10.1.2.3", "203.0.113.9", 0, 0, Long.MAX_VALUE, NetworkFlow.PALO_ALTO, true),
                parse(validRow().with("DestinationPort", "0").with("SentBytes", "0")
                        .with("ReceivedBytes", str("9223372036854775807"))));
        assertEquals(65535, parse(validRow().with("DestinationPort", "65535").with("SourcePort", "65535"))
                .destinationPort);
        assertEquals(expected(), parse(validRow().with("SourcePort", "0")));
    }

    @Test
    void sourcePortIsOptionalButChecked() throws Exception {
        assertEquals(expected(), parse(validRow().without("SourcePort")));
        assertEquals(expected(), parse(validRow().with("SourcePort", "null")));
        assertEquals("unparsable SourcePort \"abc\"", reason(validRow().with("SourcePort", str("abc"))));
        assertEquals("SourcePort out of range 70000", reason(validRow().with("SourcePort", "70000")));
        assertEquals("unparsable SourcePort 1.5", reason(validRow().with("SourcePort", "1.5")));
    }

    @Test
    void nullValuesAreAbsent() throws Exception {
        for (String field : REQUIRED) {
            assertEquals("missing " + field, reason(validRow().with(field, "null")));
        }
        assertEquals(expected(), parse(validRow().with("DeviceProduct", "null").with("Protocol", "null")));
    }

    @Test
    void usedRowNeedsEveryFlowField() {
        for (String field : REQUIRED) {
            assertEquals("missing " + field, reason(validRow().without(field)));
        }
    }

    @Test
    void unusedRowNeedsOnlyTime() throws Exception {
        Row other = Row.of("TimeGenerated", str(TIME), "DeviceVendor", str("Fortinet"), "Activity", str("TRAFFIC"));
        assertNull(parse(other));
        assertNull(parse(other.with("SentBytes", str("lots")).with("DestinationPort", "70000")));
        assertNull(parse(Row.of("TimeGenerated", str(TIME))));
        assertEquals("missing TimeGenerated", reason(other.without("TimeGenerated")));
        assertEquals("unparsable TimeGenerated \"2026-11-20T10:15:30.1234567z\"",
                reason(other.with("TimeGenerated", str("2026-11-20T10:15:30.1234567z"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Fortinet\"", "\"palo alto networks\"", "\"Palo Alto Networks \"", "\"PaloAlto\"",
            "null", "[\"Palo Alto Networks\"]", "{}", "1"})
    void otherVendorsAreSkipped(String vendor) throws Exception {
        assertNull(parse(validRow().with("DeviceVendor", vendor)));
        assertNull(parse(validRow().with("DeviceVendor", vendor).without("SentBytes")));
    }

    @Test
    void absentVendorIsSkipped() throws Exception {
        assertNull(parse(validRow().without("DeviceVendor")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"THREAT\"", "\"traffic\"", "\"SYSTEM\"", "\"\"", "null"})
    void otherActivitiesAreSkipped(String activity) throws Exception {
        assertNull(parse(validRow().with("Activity", activity)));
        assertNull(parse(validRow().with("Activity", activity).with("DestinationPort", str("abc"))));
    }

    @Test
    void absentActivityIsSkipped() throws Exception {
        assertNull(parse(validRow().without("Activity")));
    }

    @Test
    void unparsableNumbersAreBad() {
        assertEquals("unparsable DestinationPort \"abc\"", reason(validRow().with("DestinationPort", str("abc"))));
        assertEquals("unparsable DestinationPort \"\"", reason(validRow().with("DestinationPort", str(""))));
        assertEquals("unparsable DestinationPort \"443 \"", reason(validRow().with("DestinationPort", str("443 "))));
        assertEquals("unparsable DestinationPort \"0x1BB\"", reason(validRow().with("DestinationPort", str("0x1BB"))));
        assertEquals("unparsable DestinationPort true", reason(validRow().with("DestinationPort", "true")));
        assertEquals("unparsable DestinationPort {...}", reason(validRow().with("DestinationPort", "{}")));
        assertEquals("unparsable SentBytes \"12kB\"", reason(validRow().with("SentBytes", str("12kB"))));
        assertEquals("unparsable ReceivedBytes [...]", reason(validRow().with("ReceivedBytes", "[5678]")));
    }

    @Test
    void floatsInIntegerFieldsAreBad() {
        assertEquals("unparsable DestinationPort 443.0", reason(validRow().with("DestinationPort", "443.0")));
        assertEquals("unparsable DestinationPort \"443.5\"", reason(validRow().with("DestinationPort", str("443.5"))));
        assertEquals("unparsable SentBytes 1.5", reason(validRow().with("SentBytes", "1.5")));
        assertEquals("unparsable SentBytes 1e3", reason(validRow().with("SentBytes", "1e3")));
        assertEquals("unparsable ReceivedBytes \"1E3\"", reason(validRow().with("ReceivedBytes", str("1E3"))));
    }

    @Test
    void portsOutsideRangeAreBad() {
        assertEquals("DestinationPort out of range 70000", reason(validRow().with("DestinationPort", "70000")));
        assertEquals("DestinationPort out of range \"65536\"", reason(validRow().with("DestinationPort", str("65536"))));
        assertEquals("DestinationPort out of range -1", reason(validRow().with("DestinationPort", "-1")));
        assertEquals("DestinationPort out of range \"-443\"", reason(validRow().with("DestinationPort", str("-443"))));
        assertEquals("DestinationPort out of range 99999999999999999999",
                reason(validRow().with("DestinationPort", "99999999999999999999")));
    }

    @Test
    void negativeOrOverflowingBytesAreBad() {
        assertEquals("SentBytes out of range -5", reason(validRow().with("SentBytes", "-5")));
        assertEquals("SentBytes out of range \"-5\"", reason(validRow().with("SentBytes", str("-5"))));
        assertEquals("ReceivedBytes out of range -0", reason(validRow().with("ReceivedBytes", "-0")));
        assertEquals("ReceivedBytes out of range 9223372036854775808",
                reason(validRow().with("ReceivedBytes", "9223372036854775808")));
        assertEquals("unparsable ReceivedBytes \"99999999999999999999x\"",
                reason(validRow().with("ReceivedBytes", str("99999999999999999999x"))));
    }

    @Test
    void addressesAreKeptRaw() throws Exception {
        NetworkFlow f = parse(validRow().with("SourceIP", str("::ffff:10.1.2.3")).with("DestinationIP", str("")));
        assertEquals(new NetworkFlow(TIME_MILLIS, "::ffff:10.1.2.3", "", 443, 1234, 5678, NetworkFlow.PALO_ALTO, true), f);
    }

    @Test
    void hugeAddressIsKept() throws Exception {
        String ip = "1".repeat(1 << 20);
        assertEquals(ip, parse(validRow().with("DestinationIP", str(ip))).destinationAddress);
    }

    @Test
    void extraUnknownFieldsIgnored() throws Exception {
        assertEquals(expected(), parse(validRow().with("DeviceCustomString1", str("rule-7"))
                .with("FlexNumber1", "3.5").with("ExtID", "{\"k\":[{}]}").with("sentbytes", str("not this column"))));
    }
}
