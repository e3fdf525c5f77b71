package dev.dnshunter.pipeline;

import dev.dnshunter.operators.SideOutputs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.io.DeadLetterJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class OutputLimitTest {
    static DnsTxtAlert txt(String... names) {
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = "10.0.0.5";
        a.source = "DnsEvents";
        a.firstQueryTime = 1_000;
        a.lastQueryTime = 2_000;
        a.queryCount = names.length;
        a.queryNames = names;
        a.registeredDomains = names;
        return a;
    }

    @Test
    void longNamesAreCutWithAMarkerAndTheirLengthsKept() {
        String longName = "x".repeat(200_000) + ".evil.example";
        String json = AlertJson.toJson(txt("a.evil.example", longName));
        String cut = "x".repeat(AlertJson.MAX_NAME_CHARS) + AlertJson.TRUNCATED_MARKER;
        assertTrue(json.contains("\"queryNames\":[\"a.evil.example\",\"" + cut + "\"]"), json);
        assertTrue(json.endsWith(",\"truncated\":true,\"queryNameLengths\":[14," + longName.length()
                + "],\"registeredDomainLengths\":[14," + longName.length() + "],\"queryNamesOmitted\":0,\"registeredDomainsOmitted\":0}"), json);
        assertTrue(json.length() < 3 * AlertJson.MAX_NAME_CHARS + 1000, "size " + json.length());
    }

    @Test
    void anAlertWithShortNamesIsUnchanged() {
        String json = AlertJson.toJson(txt("a.evil.example", "b.evil.example"));
        assertTrue(json.endsWith("\"registeredDomains\":[\"a.evil.example\",\"b.evil.example\"],\"queryNamesOmitted\":0,"
                + "\"registeredDomainsOmitted\":0}"), json);
    }

    /** A burst of more than 10 names (--txt-count above 10) lists the first 10 of each kind and counts the rest. */
    @Test
    void aTxtBurstListsAtMostTenNamesAndCountsTheRest() {
        String[] names = new String[12];
        for (int i = 0; i < names.length; i++) names[i] = i + ".evil.example";
        String json = AlertJson.toJson(txt(names));
        assertTrue(json.contains("\"queryNames\":[\"0.evil.example\",\"1.evil.example\",\"2.evil.example\",\"3.evil.example\","
                + "\"4.evil.example\",\"5.evil.example\",\"6.evil.example\",\"7.evil.example\",\"8.evil.example\",\"9.evil.example\"],"), json);
        assertTrue(json.endsWith(",\"queryNamesOmitted\":2,\"registeredDomainsOmitted\":2}"), json);
        assertEquals(12, AlertRecord.of(txt(names)).names.length, "exclusions still see every name");
    }

    @Test
    void anAlertStillOverTheLimitBecomesADeadLetter() throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new OutputLimit.Alerts(20_000)));
        h.open();
        AlertRecord small = new AlertRecord("R", "id1", 1, "{\"a\":1}");
        AlertRecord big = new AlertRecord("R", "id2", 1, "{\"a\":\"" + "é".repeat(12_000) + "\"}"); // 24,008 bytes
        h.processElement(new StreamRecord<>(small, 1));
        h.processElement(new StreamRecord<>(big, 1));
        assertEquals(List.of(small), h.extractOutputValues());
        DeadLetter d = h.getSideOutput(SideOutputs.DEAD_LETTERS).poll().getValue();
        assertEquals("alert too large: 24008 bytes, limit 20000 bytes (--max-record-bytes); alertId id2", d.reason);
        assertEquals("R", d.source);
        assertEquals(big.json, d.record);
        h.close();
    }

    @Test
    void aDeadLetterOverTheLimitKeepsAPrefixItsLengthAndDigest() {
        byte[] raw = new byte[2 * 1024 * 1024];
        Arrays.fill(raw, (byte) 'a');
        DeadLetter d = new DeadLetter("dns-events", "too large", null);
        d.raw = raw;
        d.topic = "t";
        d.offset = 9;
        DeadLetter b = OutputLimit.bound(d, 900 * 1024);
        assertEquals(OutputLimit.PREFIX_BYTES, b.raw.length);
        assertEquals(raw.length, b.originalLength);
        assertEquals(OutputLimit.sha256(raw), b.originalSha256);
        assertEquals(64, b.originalSha256.length());
        assertEquals(9, b.offset);
        assertNull(b.record);

        DeadLetter line = new DeadLetter("dns-events", "bad", "€".repeat(400_000)); // 1.2 MB in UTF-8
        DeadLetter cut = OutputLimit.bound(line, 900 * 1024);
        assertEquals(OutputLimit.PREFIX_BYTES / 3, cut.record.length());
        assertEquals(1_200_000, cut.originalLength);
        assertArrayEquals(cut.record.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(line.record.getBytes(StandardCharsets.UTF_8), cut.record.length() * 3));
        assertTrue(DeadLetterJson.toJson(cut).endsWith(",\"truncated\":true,\"recordLength\":1200000,\"recordSha256\":\""
                + OutputLimit.sha256(line.record.getBytes(StandardCharsets.UTF_8)) + "\"}"));

        DeadLetter fits = new DeadLetter("dns-events", "bad", "short");
        assertSame(fits, OutputLimit.bound(fits, 900 * 1024));
        assertEquals("{\"source\":\"dns-events\",\"reason\":\"bad\",\"record\":\"short\"}", DeadLetterJson.toJson(fits));
    }
}
