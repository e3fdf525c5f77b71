package dev.dnshunter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void everyRuleRunsByDefaultInItsOrder() {
        assertEquals(List.of("RareDnsLookupWithDataTransfer", "DnsTxtTunneling", "DnsTunnelingSubdomains", "DnsExfiltrationVolume", "DnsNxdomainBurst", "DnsTxtPayload"),
                Rules.enabled(null).stream().map(DetectionRule::name).toList());
    }

    @Test
    void aListChoosesRulesWhateverItsOrder() {
        assertEquals(List.of("RareDnsLookupWithDataTransfer", "DnsTxtTunneling"),
                Rules.enabled(List.of("DnsTxtTunneling", "RareDnsLookupWithDataTransfer")).stream().map(DetectionRule::name).toList());
        assertEquals(List.of("DnsTxtTunneling"), Rules.enabled(List.of("DnsTxtTunneling")).stream().map(DetectionRule::name).toList());
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rules.enabled(List.of("DnsTxt")));
        assertTrue(e.getMessage().contains("unknown rule 'DnsTxt'") && e.getMessage().contains("DnsTxtTunneling"), e.getMessage());
    }
}
