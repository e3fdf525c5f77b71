package dev.dnshunter.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TxtQueriesTest {
    private static DnsEvent event(String subType, String clientIp, String name, String ipAddresses, String queryType) {
        return new DnsEvent(1_000L, subType, clientIp, name, ipAddresses, queryType, "dns01.corp.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TXT", "txt", "Txt", " TXT ", "16", " 16\t"})
    void txtLookupIsATxtQuery(String queryType) {
        assertEquals(new TxtQuery(1_000L, "10.0.0.5", TxtQuery.DNS_EVENTS, "chunk1.evil.example"),
                TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", "Chunk1.EVIL.example.", null, queryType)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1", "A", "AAAA", "160", "61", "1 6", "", "TXT2", "T XT", "16.0"})
    void otherTypesAreNot(String queryType) {
        assertNull(TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", "a.example", null, queryType)));
    }

    @Test
    void answersDoNotMatter() {
        TxtQuery expected = new TxtQuery(1_000L, "10.0.0.5", TxtQuery.DNS_EVENTS, "a.example");
        assertEquals(expected, TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", "a.example", null, "TXT")));
        assertEquals(expected, TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", "a.example", "", "TXT")));
        assertEquals(expected,
                TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", "a.example", "93.184.216.34", "TXT")));
    }

    @Test
    void clientAddressIsCanonicalAndOtherTextKept() {
        assertEquals("2001:db8::1",
                TxtQueries.fromDnsEvent(event("LookupQuery", " 2001:DB8:0:0::1 ", "a.example", null, "16")).host);
        assertEquals("not-an-ip",
                TxtQueries.fromDnsEvent(event("LookupQuery", "not-an-ip", "a.example", null, "16")).host);
    }

    @Test
    void otherRowsAndJunkGiveNull() {
        assertNull(TxtQueries.fromDnsEvent(null));
        assertNull(TxtQueries.fromDnsEvent(new DnsEvent()));
        assertNull(TxtQueries.fromDnsEvent(event("LookupResponse", "10.0.0.5", "a.example", null, "TXT")));
        assertNull(TxtQueries.fromDnsEvent(event(null, "10.0.0.5", "a.example", null, "TXT")));
        assertNull(TxtQueries.fromDnsEvent(event("LookupQuery", "10.0.0.5", null, null, "TXT")));
        assertNull(TxtQueries.fromDnsEvent(event("LookupQuery", null, "a.example", null, "TXT")));
    }
}
