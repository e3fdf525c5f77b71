package dev.dnshunter.rules.txtburst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.QueryTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TxtQueriesTest {
    /** A query as the DnsEvents adapter makes it, the type read from its text. */
    private static DnsQuery query(String clientIp, String name, String addresses, String queryType) {
        return new DnsQuery(1_000L, clientIp, null, name, QueryTypes.of(queryType), DnsQuery.ABSENT, addresses, null,
                "dns-events", "DnsEvents", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TXT", "txt", "Txt", " TXT ", "16", " 16\t"})
    void txtLookupIsATxtQuery(String queryType) {
        assertEquals(new TxtQuery(1_000L, "10.0.0.5", TxtQuery.DNS_EVENTS, "chunk1.evil.example"),
                TxtQueries.fromDnsQuery(query("10.0.0.5", "Chunk1.EVIL.example.", null, queryType)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1", "A", "AAAA", "160", "61", "1 6", "", "TXT2", "T XT", "16.0", "016", "+16"})
    void otherTypesAreNot(String queryType) {
        assertNull(TxtQueries.fromDnsQuery(query("10.0.0.5", "a.example", null, queryType)));
    }

    /** A Suricata response repeats its request, which was the TXT query: it is not one again. */
    @Test
    void aRecordThatRepeatsItsRequestIsNotAQueryAgain() {
        DnsQuery response = query("10.0.0.5", "a.example", null, "TXT");
        response.repeatsRequest = true;
        assertNull(TxtQueries.fromDnsQuery(response));
        assertNull(dev.dnshunter.rules.SubdomainQuery.ofQuestion(response, null));
    }

    @Test
    void answersDoNotMatter() {
        TxtQuery expected = new TxtQuery(1_000L, "10.0.0.5", TxtQuery.DNS_EVENTS, "a.example");
        assertEquals(expected, TxtQueries.fromDnsQuery(query("10.0.0.5", "a.example", null, "TXT")));
        assertEquals(expected, TxtQueries.fromDnsQuery(query("10.0.0.5", "a.example", "", "TXT")));
        assertEquals(expected, TxtQueries.fromDnsQuery(query("10.0.0.5", "a.example", "93.184.216.34", "TXT")));
    }

    @Test
    void clientAddressIsCanonicalAndOtherTextKept() {
        assertEquals("2001:db8::1", TxtQueries.fromDnsQuery(query(" 2001:DB8:0:0::1 ", "a.example", null, "16")).host);
        assertEquals("not-an-ip", TxtQueries.fromDnsQuery(query("not-an-ip", "a.example", null, "16")).host);
    }

    @Test
    void withoutAddressTheHostNameIsTheHost() {
        DnsQuery q = new DnsQuery(1_000L, null, "WS01.Corp", "a.example", 16, DnsQuery.ABSENT, null, null,
                "dns-client-events", "DnsClientEvents", null);
        assertEquals(new TxtQuery(1_000L, "ws01.corp", TxtQuery.DNS_CLIENT_EVENTS, "a.example"), TxtQueries.fromDnsQuery(q));
    }

    @Test
    void aQueryWithoutClientAddressBelongsToItsHost() {
        // Shaped as the Sysmon 22 adapter makes queries: no client address, the host from Computer.
        DnsQuery q = new DnsQuery(1_000L, null, "WS01.corp.example", "Chunk.Evil.example", 16, 0, null, null,
                "sysmon-events", "Sysmon", "C:\\Tools\\a.exe");
        assertEquals(new TxtQuery(1_000L, "ws01.corp.example", "Sysmon", "chunk.evil.example"), TxtQueries.fromDnsQuery(q));
        q.clientAddress = " ";
        assertEquals(new TxtQuery(1_000L, "ws01.corp.example", "Sysmon", "chunk.evil.example"), TxtQueries.fromDnsQuery(q));
        q.clientHost = null;
        assertNull(TxtQueries.fromDnsQuery(q));
    }

    @Test
    void junkGivesNull() {
        assertNull(TxtQueries.fromDnsQuery(null));
        assertNull(TxtQueries.fromDnsQuery(new DnsQuery()));
        assertNull(TxtQueries.fromDnsQuery(query("10.0.0.5", null, null, "TXT")));
        assertNull(TxtQueries.fromDnsQuery(query(null, "a.example", null, "TXT")));
    }
}
