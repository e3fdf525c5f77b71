package dev.dnshunter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDiffTest {
    /** A rare alert as the job writes it, envelope first; the peer writes no alertId, time or MITRE. */
    static String ours(String domain, long sent, int lookups) {
        return "{\"rule\":\"RareDnsLookupWithDataTransfer\",\"severity\":\"Low\",\"alertId\":\"x\",\"time\":\"2026-11-10T14:00:00.000Z\","
                + "\"mitreTechniques\":[\"T1071\"],\"windowStart\":\"2026-11-10T13:00:00.000Z\",\"windowEnd\":\"2026-11-10T14:00:00.000Z\","
                + "\"clientIp\":\"10.0.0.1\",\"domain\":\"" + domain + "\",\"destinationIp\":\"8.8.8.8\",\"destinationPort\":443,"
                + "\"dataType\":\"VMConnection\",\"sentBytes\":" + sent + ",\"receivedBytes\":10,\"connectionCount\":1,\"lookupCount\":"
                + lookups + ",\"firstLookupTime\":\"2026-11-10T13:46:45.617Z\",\"lastLookupTime\":\"2026-11-10T13:46:45.617Z\","
                + "\"dailyAvgLookupCountOverLookback\":10}";
    }

    static String peer(String domain, long sent, int lookups) {
        return ours(domain, sent, lookups).replace("\"alertId\":\"x\",\"time\":\"2026-11-10T14:00:00.000Z\",\"mitreTechniques\":[\"T1071\"],", "");
    }

    @Test
    void theSameAlertsInAnotherOrderAndWithoutTheEnvelopeAreIdentical() {
        AlertDiff.Result r = AlertDiff.compare(List.of(ours("a.com", 5, 1), ours("b.com", 7, 2), ""),
                List.of(peer("b.com", 7, 2), peer("a.com", 5, 1)));
        assertTrue(r.identical(), r.summary());
        assertEquals(2, r.ours());
        assertEquals("2 alerts each, identical", r.summary());
    }

    @Test
    void alertsOnOneSideOnlyAndDifferentFieldsAreCountedWithExamples() {
        AlertDiff.Result r = AlertDiff.compare(List.of(ours("a.com", 5, 1), ours("b.com", 7, 2), ours("c.com", 1, 1)),
                List.of(peer("a.com", 6, 3), peer("b.com", 7, 2), peer("d.com", 1, 1)));
        assertFalse(r.identical());
        assertEquals(1, r.onlyOurs());
        assertEquals(1, r.onlyPeer());
        assertEquals(1, r.mismatchedAlerts());
        assertEquals(2, r.mismatchedFields());
        String key = "2026-11-10T13:00:00.000Z|10.0.0.1|a.com|8.8.8.8|443|VMConnection";
        assertEquals(List.of(new AlertDiff.Mismatch(key, "sentBytes", "5", "6"), new AlertDiff.Mismatch(key, "lookupCount", "1", "3")),
                r.mismatchExamples());
        assertEquals(List.of(key.replace("a.com", "c.com")), r.onlyOursExamples());
        assertEquals(List.of(key.replace("a.com", "d.com")), r.onlyPeerExamples());
    }

    @Test
    void aFieldMissingOnOneSideOrOfAnotherJsonTypeIsAMismatch() {
        AlertDiff.Result r = AlertDiff.compare(List.of(ours("a.com", 5, 1)),
                List.of(peer("a.com", 5, 1).replace("\"dailyAvgLookupCountOverLookback\":10", "\"dailyAvgLookupCountOverLookback\":10.0")
                        .replace(",\"severity\":\"Low\"", "")));
        assertEquals(2, r.mismatchedFields());
        assertEquals("(absent)", r.mismatchExamples().get(0).peer());
        assertEquals("10.0", r.mismatchExamples().get(1).peer());
    }

    @Test
    void aKeyTwiceOnOneSideIsNotIdenticalAndOtherRulesAreIgnored() {
        String txt = "{\"rule\":\"DnsTxtTunneling\",\"host\":\"h\"}";
        AlertDiff.Result r = AlertDiff.compare(List.of(ours("a.com", 5, 1), ours("a.com", 5, 1), txt), List.of(peer("a.com", 5, 1)));
        assertEquals(1, r.duplicateKeys());
        assertFalse(r.identical());
        assertTrue(r.summary().contains("1 keys more than once"), r.summary());
    }
}
