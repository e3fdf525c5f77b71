package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rare.DnsLookup;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class LookupQualifierTest {
    private LookupQualifier qualifier;
    private final List<DnsLookup> out = new ArrayList<>();

    @BeforeEach
    void open() {
        qualifier = new LookupQualifier(DetectionConfig.defaults());
        qualifier.open(null);
    }

    private static DnsQuery query(String client, String host, String name, String addresses) {
        return new DnsQuery(1_000L, client, host, name, DnsQuery.ABSENT, 0, addresses, null, "sysmon-events", "Sysmon", null);
    }

    private List<DnsLookup> qualify(DnsQuery q) {
        out.clear();
        qualifier.flatMap(q, new ListCollector<>(out));
        return out;
    }

    @Test
    void aLookupWithClientKeepsClientAndPublicAnswers() {
        List<DnsLookup> l = qualify(query(" 10.0.0.5 ", null, "www.rare-exfil.example", "93.184.216.50,10.0.0.4"));
        assertEquals(1, l.size());
        assertEquals("rare-exfil.example", l.get(0).domain);
        assertEquals("10.0.0.5", l.get(0).clientIp);
        assertArrayEquals(new String[] {"93.184.216.50"}, l.get(0).publicAddresses);
    }

    /** Sysmon 22: no client address. The lookup counts for the baseline, with nothing a verdict or a flow could pair. */
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void aLookupWithoutClientCountsForTheBaselineOnly(String client) {
        List<DnsLookup> l = qualify(query(client, "ws01.corp.example", "www.rare-exfil.example", "93.184.216.50"));
        assertEquals(1, l.size());
        DnsLookup lookup = l.get(0);
        assertEquals("rare-exfil.example", lookup.domain);
        assertEquals(1, lookup.lookups);
        assertEquals(PartitionKey.ofDomain("rare-exfil.example"), lookup.domainKey());
        assertEquals(LookupQualifier.NO_CLIENT, lookup.clientIp);
        // No public address: DomainBaselineFunction decides nothing for it, so no RareLookup (no correlator key) exists.
        assertEquals(0, lookup.publicAddresses.length);
    }

    @Test
    void neverThrows() {
        assertTrue(qualify(null).isEmpty());
        assertTrue(qualify(new DnsQuery()).isEmpty());
        assertTrue(qualify(query(null, null, null, "93.184.216.50")).isEmpty());
        assertTrue(qualify(query(null, null, " ", "93.184.216.50")).isEmpty());
        assertTrue(qualify(query(null, null, "a.example", null)).isEmpty());
        assertEquals(1, qualify(query(null, null, "a.example", "not-an-address")).size());
    }
}
