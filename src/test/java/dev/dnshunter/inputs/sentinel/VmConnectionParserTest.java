package dev.dnshunter.inputs.sentinel;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.model.NetworkFlow;
import static dev.dnshunter.inputs.sentinel.Row.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VmConnectionParserTest extends LineParserContract<NetworkFlow> {
    private static final String[] REQUIRED = {"SourceIp", "DestinationIp", "DestinationPort", "BytesSent",
            "BytesReceived"};

    private final VmConnectionParser parser = new VmConnectionParser();

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
        return ((VmConnectionParser) p).parse(line);
    }

    @Override
    Row validRow() {
        return Row.of(
                "TenantId", str("b1e0c3a2-0000-4000-8000-000000000001"),
                "TimeGenerated", str("2026-11-20T02:15:30.1234567-08:00"),
                "Computer", str("vm-web-01"),
                "Direction", str("outbound"),
                "ProcessName", str("curl"),
                "SourceIp", str("10.0.0.4"),
                "DestinationIp", str("198.51.100.7"),
                "DestinationPort", "53",
                "Protocol", str("udp"),
                "BytesSent", "100",
                "BytesReceived", "200",
                "LinksEstablished", "1",
                "RemoteCountry", "null",
                "Type", str("VMConnection"));
    }

    @Override
    NetworkFlow expected() {
        // Sent is BytesSent and received is BytesReceived; distinct values catch a swap.
        return new NetworkFlow(TIME_MILLIS, "10.0.0.4", "198.51.100.7", 53, 100, 200, NetworkFlow.VM_CONNECTION, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Outbound", "OUTBOUND", "outBound"})
    void directionIgnoresCase(String direction) throws Exception {
        assertEquals(expected(), parse(validRow().with("Direction", str(direction))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"inbound\"", "\"Inbound\"", "\"outbound \"", "\"out\"", "\"\"", "null", "[\"outbound\"]",
            "1"})
    void otherDirectionsAreSkipped(String direction) throws Exception {
        assertNull(parse(validRow().with("Direction", direction)));
        assertNull(parse(validRow().with("Direction", direction).with("BytesSent", "-1")));
    }

    @Test
    void absentDirectionIsSkipped() throws Exception {
        assertNull(parse(validRow().without("Direction")));
        assertNull(parse(Row.of("TimeGenerated", str(TIME))));
    }

    @Test
    void skippedRowStillNeedsTime() {
        Row inbound = validRow().with("Direction", str("inbound"));
        assertEquals("missing TimeGenerated", reason(inbound.without("TimeGenerated")));
        assertEquals("unparsable TimeGenerated \"2026-11-20T10:15:30+0530\"",
                reason(inbound.with("TimeGenerated", str("2026-11-20T10:15:30+0530"))));
        assertEquals("unparsable TimeGenerated 0", reason(inbound.with("TimeGenerated", "0")));
    }

    @Test
    void numbersAsStrings() throws Exception {
        assertEquals(expected(), parse(validRow().with("DestinationPort", str("53")).with("BytesSent", str("100"))
                .with("BytesReceived", str("200"))));
    }

    @Test
    void nullValuesAreAbsent() throws Exception {
        for (String field : REQUIRED) {
            assertEquals("missing " + field, reason(validRow().with(field, "null")));
        }
        assertEquals(expected(), parse(validRow().with("Computer", "null").with("ProcessName", "null")));
    }

    @Test
    void usedRowNeedsEveryFlowField() {
        for (String field : REQUIRED) {
            assertEquals("missing " + field, reason(validRow().without(field)));
        }
    }

    @Test
    void floatsInIntegerFieldsAreBad() {
        assertEquals("unparsable DestinationPort 53.0", reason(validRow().with("DestinationPort", "53.0")));
        assertEquals("unparsable BytesSent 1e2", reason(validRow().with("BytesSent", "1e2")));
        assertEquals("unparsable BytesReceived \"200.5\"", reason(validRow().with("BytesReceived", str("200.5"))));
    }

    @Test
    void unparsableNumbersAreBad() {
        assertEquals("unparsable DestinationPort \"dns\"", reason(validRow().with("DestinationPort", str("dns"))));
        assertEquals("unparsable BytesSent \"\"", reason(validRow().with("BytesSent", str(""))));
        assertEquals("unparsable BytesReceived false", reason(validRow().with("BytesReceived", "false")));
    }

    @Test
    void rangesAreChecked() throws Exception {
        assertEquals("DestinationPort out of range 70000", reason(validRow().with("DestinationPort", "70000")));
        assertEquals("BytesSent out of range -100", reason(validRow().with("BytesSent", "-100")));
        assertEquals("BytesReceived out of range \"-1\"", reason(validRow().with("BytesReceived", str("-1"))));
        assertEquals(new NetworkFlow(TIME_MILLIS, "10.0.0.4", "198.51.100.7", 65535, 0, Long.MAX_VALUE, NetworkFlow.VM_CONNECTION, true),
                parse(validRow().with("DestinationPort", "65535").with("BytesSent", "0")
                        .with("BytesReceived", "9223372036854775807")));
    }

    @Test
    void hugeSourceIsKept() throws Exception {
        String ip = "f".repeat(1 << 20);
        assertEquals(ip, parse(validRow().with("SourceIp", str(ip))).sourceAddress);
    }

    @Test
    void firewallColumnNamesAreNotVmColumns() throws Exception {
        // VMConnection spells these SourceIp/DestinationIp; the CommonSecurityLog spellings are unknown columns here.
        Row row = validRow().without("SourceIp").with("SourceIP", str("10.9.9.9"));
        assertEquals("missing SourceIp", reason(row));
    }

    @Test
    void extraUnknownFieldsIgnored() throws Exception {
        assertEquals(expected(), parse(validRow().with("AgentId", str("x")).with("Responses", "[[1],[2]]")
                .with("Machine", "{\"m\":{\"n\":null}}").with("ResponseTimeMax", "1.25")));
    }
}
