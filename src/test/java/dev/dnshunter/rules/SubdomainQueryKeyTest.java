package dev.dnshunter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The key a backfill sorts the name rules' queries by, against the key streaming keeps. */
class SubdomainQueryKeyTest {
    private static SubdomainQuery query(String identity, boolean byAddress, String domain) {
        return new SubdomainQuery(0, identity, byAddress, null, domain, "", 1);
    }

    @Test
    void bothKeysNameTheSameIdentityAndDomain() {
        List<SubdomainQuery> queries = List.of(
                query("10.20.30.40", true, "example.com"), query("0.0.0.0", true, "a"), query("255.255.255.255", true, "x.co.uk"),
                query("127.0.0.1", true, "A7:odd.example"), query("192.168.1.9", true, ""),
                query("2001:db8::1", true, "example.com"), query("not-an-address", true, "example.com"),
                query("laptop-7.corp", false, "example.com"), query("10.0.0.1", false, "example.com"));
        for (SubdomainQuery q : queries) {
            SubdomainQuery.Key viaKey = SubdomainQuery.Key.parse(q.key());
            assertEquals(new SubdomainQuery.Key(q.byAddress, q.identity, q.domain), viaKey, q.toString());
            assertEquals(viaKey, SubdomainQuery.Key.parse(q.sortKey()), q.toString());
        }
    }

    @Test
    void onlyAnIpv4IdentityGetsTheShortForm() {
        assertEquals(query("2001:db8::1", true, "example.com").key(), query("2001:db8::1", true, "example.com").sortKey());
        assertEquals(query("laptop", false, "example.com").key(), query("laptop", false, "example.com").sortKey());
        // A host named like an address is a host: no short form, so it never meets the address's key.
        SubdomainQuery host = query("10.0.0.1", false, "example.com");
        SubdomainQuery address = query("10.0.0.1", true, "example.com");
        assertEquals(host.key(), host.sortKey());
        assertTrue(!host.sortKey().equals(address.sortKey()));
    }

    @Test
    void distinctIdentitiesAndDomainsKeepDistinctKeys() {
        Set<String> keys = new HashSet<>();
        int n = 0;
        for (int client = 0; client < 3_000; client++) {
            String ip = "10." + (client >> 8) + "." + (client & 0xff) + "." + (client % 7);
            for (String domain : List.of("example.com", "example.co", "xample.com", "")) {
                keys.add(query(ip, true, domain).sortKey());
                keys.add(query(ip, false, domain).sortKey());
                n += 2;
            }
        }
        assertEquals(n, keys.size());
    }

    @Test
    void theShortFormIsShorterInTheSortersBytes() throws Exception {
        SubdomainQuery q = query("10.20.30.40", true, "example.com");
        assertEquals(serialized(q.key()) - 9, serialized(q.sortKey()), "kind, length, colon and 11 characters become 6");
    }

    private static int serialized(String key) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        StringSerializer.INSTANCE.serialize(key, out);
        return out.length();
    }
}
