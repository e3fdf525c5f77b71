package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordParserTest {
    static final String TIME = "2026-11-20T10:15:30.123Z";
    static final long MILLIS = Instant.parse(TIME).toEpochMilli();

    static ParsedRecord parse(Input input, String line) {
        return new RecordParser(input, DetectionConfig.defaults()).parse(line);
    }

    /** Rows of each table that the detections do not use: they still move event time (the watermark) forward. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DNS_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"SubType\":\"LookupResponse\",\"Name\":\"x.example\"}",
            "FIREWALL_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"DeviceVendor\":\"Fortinet\",\"Activity\":\"TRAFFIC\"}",
            "VM_CONNECTIONS|{\"TimeGenerated\":\"" + TIME + "\",\"Direction\":\"inbound\"}",
            "DNS_CLIENT_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"EventLog\":\"System\",\"EventID\":7036}",
            "DNS_CLIENT_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"EventLog\":\"Microsoft-Windows-DNS-Client/Operational\",\"EventID\":3006,"
                    + "\"Computer\":\"WKS\",\"RenderedDescription\":\"DNS query is called for the name a.example, type 1, query options 1\"}",
    })
    void anUnusedRowCarriesOnlyItsTime(Input input, String line) {
        ParsedRecord r = parse(input, line);
        assertNotNull(r, line);
        assertTrue(r.carriesOnlyTime(), line);
        assertEquals(MILLIS, r.time);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DNS_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"x.example\",\"IPAddresses\":\"203.0.113.7\"}",
            "FIREWALL_EVENTS|{\"TimeGenerated\":\"" + TIME + "\",\"DeviceVendor\":\"Palo Alto Networks\",\"Activity\":\"TRAFFIC\",\"SourceIP\":\"10.0.0.1\","
                    + "\"DestinationIP\":\"203.0.113.7\",\"DestinationPort\":443,\"SentBytes\":10,\"ReceivedBytes\":20}",
    })
    void aUsedRowCarriesItsEventAndTime(Input input, String line) {
        ParsedRecord r = parse(input, line);
        assertFalse(r.carriesOnlyTime(), line);
        assertNull(r.deadLetter, line);
        assertEquals(MILLIS, r.time);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DNS_EVENTS|{\"TimeGenerated\":\"yesterday\",\"SubType\":\"LookupResponse\"}",
            "VM_CONNECTIONS|{\"Direction\":\"inbound\"}",
            "DNS_CLIENT_EVENTS|not json",
    })
    void aBadRowIsADeadLetterThatNeverMovesTheWatermark(Input input, String line) {
        ParsedRecord r = parse(input, line);
        assertNotNull(r.deadLetter, line);
        assertEquals(Long.MIN_VALUE, r.time);
    }

    @ParameterizedTest
    @CsvSource({"DNS_EVENTS", "FIREWALL_EVENTS", "VM_CONNECTIONS", "DNS_CLIENT_EVENTS"})
    void aBlankLineIsNothingAndDoesNotRepeatThePreviousRowsTime(Input input) {
        RecordParser parser = new RecordParser(input, DetectionConfig.defaults());
        parser.parse("{\"TimeGenerated\":\"" + TIME + "\"}");
        assertNull(parser.parse("   "));
    }

    /** The event-time guard: ahead of the (fixed) processing clock by more than --max-future is a dead letter. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a lookup, a row the detections do not use (it would move the watermark just the same), a flow
            "DNS_EVENTS|{\"TimeGenerated\":\"%s\",\"SubType\":\"LookupQuery\",\"ClientIP\":\"10.0.0.1\",\"Name\":\"x.example\",\"IPAddresses\":\"203.0.113.7\"}",
            "DNS_EVENTS|{\"TimeGenerated\":\"%s\",\"SubType\":\"LookupResponse\"}",
            "VM_CONNECTIONS|{\"TimeGenerated\":\"%s\",\"Direction\":\"inbound\"}",
    })
    void aRecordTooFarAheadOfTheClockIsAFutureDeadLetterWithoutATime(Input input, String format) {
        RecordParser parser = new RecordParser(input, DetectionConfig.defaults().withMaxFutureMillis(600_000), () -> MILLIS);
        String within = format.formatted(Instant.ofEpochMilli(MILLIS + 600_000));
        assertEquals(MILLIS + 600_000, parser.parse(within).time, "exactly the bound is accepted");
        String ahead = format.formatted(Instant.ofEpochMilli(MILLIS + 600_001));
        ParsedRecord r = parser.parse(ahead);
        assertEquals("future", r.deadLetter.reason);
        assertEquals(ahead, r.deadLetter.record);
        assertEquals(Long.MIN_VALUE, r.time, "moves no watermark");
        ParsedRecord kafka = parser.parse(format.formatted("2099-01-01T00:00:00Z").getBytes(java.nio.charset.StandardCharsets.UTF_8), "t", 2, 7L);
        assertEquals("future", kafka.deadLetter.reason);
        assertEquals(2, kafka.deadLetter.partition);
        assertEquals(7L, kafka.deadLetter.offset);
        assertNotNull(kafka.deadLetter.raw);
        // Off (the backfill default): any time is accepted.
        assertNull(new RecordParser(input, DetectionConfig.defaults(), () -> MILLIS).parse(ahead).deadLetter);
    }

    @ParameterizedTest
    @CsvSource({"DNS_EVENTS", "EXCLUSION_UPDATES"})
    void aRecordOverTheSizeLimitIsADeadLetterWithItsBytes(Input input) {
        RecordParser parser = new RecordParser(input, DetectionConfig.defaults().withMaxRecordBytes(20_000));
        String line = "{\"TimeGenerated\":\"" + TIME + "\",\"SubType\":\"LookupQuery\",\"Name\":\"" + "a".repeat(20_000) + "\"}";
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ParsedRecord r = parser.parse(bytes, "t", 0, 1L);
        assertEquals("too large: " + bytes.length + " bytes, limit 20000 bytes (--max-record-bytes)", r.deadLetter.reason);
        assertEquals(bytes, r.deadLetter.raw);
        assertEquals(Long.MIN_VALUE, r.time);
        assertTrue(parser.parse(line).deadLetter.reason.startsWith("too large: " + line.length() + " characters"));
    }
}
