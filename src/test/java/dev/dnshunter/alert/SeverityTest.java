package dev.dnshunter.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeverityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void labelsAndTheOcsfAndEcsScales() {
        assertEquals("Low", Severity.LOW.label());
        assertEquals("Medium", Severity.MEDIUM.label());
        assertEquals("High", Severity.HIGH.label());
        assertEquals(2, Severity.LOW.ocsfSeverityId());
        assertEquals(3, Severity.MEDIUM.ocsfSeverityId());
        assertEquals(4, Severity.HIGH.ocsfSeverityId());
        assertEquals(21, Severity.LOW.ecsSeverity());
        assertEquals(47, Severity.MEDIUM.ecsSeverity());
        assertEquals(73, Severity.HIGH.ecsSeverity());
    }

    @Test
    void orderParseAndSummary() {
        assertTrue(Severity.HIGH.atLeast(Severity.MEDIUM));
        assertTrue(Severity.MEDIUM.atLeast(Severity.MEDIUM));
        assertFalse(Severity.LOW.atLeast(Severity.MEDIUM));
        assertEquals(Severity.MEDIUM, Severity.parse(" Medium "));
        assertEquals("must be low, medium or high, got 'urgent'",
                assertThrows(IllegalArgumentException.class, () -> Severity.parse("urgent")).getMessage());
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        counts.put(Severity.HIGH, 3L);
        counts.put(Severity.LOW, 1863L);
        assertEquals("3 High, 0 Medium, 1,863 Low", Severity.summary(counts));
    }

    /** The alert record (what --min-severity and every writer read) and the native JSON say the same severity. */
    @Test
    void theRecordAndTheJsonCarryTheSameSeverity() throws Exception {
        RareDnsAlert rare = new RareDnsAlert();
        rare.clientIp = "10.0.0.5";
        rare.domain = "evil.example";
        rare.destinationIp = "203.0.114.7";
        rare.dataType = "VMConnection";
        rare.lookbackBuckets = 7;
        for (Severity s : Severity.values()) {
            rare.severity = s;
            AlertRecord r = AlertRecord.of(rare);
            assertEquals(s, r.severity);
            assertEquals(s.label(), JSON.readTree(r.json).get("severity").asText());
        }
        DnsTxtAlert txt = new DnsTxtAlert();
        txt.host = "ws01";
        txt.source = "DnsClientEvents";
        txt.queryNames = new String[] {"1.x.example"};
        txt.registeredDomains = new String[] {"x.example"};
        AlertRecord r = AlertRecord.of(txt);
        assertEquals(Severity.HIGH, r.severity, "the TXT rule keeps its severity");
        assertEquals("High", JSON.readTree(r.json).get("severity").asText());
    }
}
