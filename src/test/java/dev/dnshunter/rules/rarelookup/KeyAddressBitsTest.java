package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.net.IpAddress;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rules.SubdomainQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The records' cached IPv4 bits (rare lookups, the name rules' queries) of the addresses their keys are made of always follow the address fields (which
 * are public and may be set at any time), and the keys made from them are the keys made from the texts.
 */
class KeyAddressBitsTest {
    static final List<String> TEXTS = Arrays.asList("203.0.113.7", "10.0.0.5", "0.0.0.0", "255.255.255.255", null, "",
            "01.2.3.4", "1.2.3.4 ", "2001:db8::1", "::ffff:1.2.3.4", "host-a", "203.0.113.8");

    @Test
    void theBitsFollowTheFieldWhateverItIsSetTo() {
        RareLookup l = new RareLookup();
        SubdomainQuery q = new SubdomainQuery();
        q.byAddress = true;
        for (int round = 0; round < 2; round++) {
            for (String t : TEXTS) {
                long expected = IpAddress.ipv4Bits(t);
                l.clientIp = t;
                l.address = t;
                q.identity = t;
                for (int asked = 0; asked < 2; asked++) {
                    assertEquals(expected, l.clientIpv4(), "lookup client " + t);
                    assertEquals(expected, l.addressIpv4(), "lookup address " + t);
                    assertEquals(expected, q.identityIpv4(), "identity " + t);
                }
            }
        }
        // A host name identity is never an address, whatever its text.
        q.byAddress = false;
        q.identity = "203.0.113.7";
        assertEquals(-1, q.identityIpv4());
    }

    @Test
    void bitsSetWithTheirTextAreTheTextsBits() {
        RareLookup l = new RareLookup();
        l.addressFromIpv4(0xcb00_7107L);
        assertEquals("203.0.113.7", l.address);
        assertEquals(0xcb00_7107L, l.addressIpv4());
        l.address = "10.0.0.5";
        assertEquals(IpAddress.ipv4Bits("10.0.0.5"), l.addressIpv4(), "the field set again: its own bits");
        SubdomainQuery q = new SubdomainQuery();
        q.byAddress = true;
        q.identityFromIpv4(1);
        assertEquals("0.0.0.1", q.identity);
        assertEquals(1, q.identityIpv4());
    }

    @Test
    void keysFromKnownBitsAreTheKeysFromTheTexts() throws Exception {
        Random random = new Random(5);
        List<String> texts = new ArrayList<>(TEXTS);
        for (int i = 0; i < 2_000; i++) {
            texts.add(random.nextInt(260) + "." + random.nextInt(260) + "." + random.nextInt(260) + "." + random.nextInt(260));
        }
        for (int i = 0; i < 20_000; i++) {
            String client = texts.get(random.nextInt(texts.size()));
            String address = texts.get(random.nextInt(texts.size()));
            if (client == null || address == null) continue;
            RareLookup l = new RareLookup(1, "evil.example", client, address);
            assertEquals(PartitionKey.ofPair(client, address), TransferCorrelator.LOOKUP_KEY.getKey(l), client + " " + address);
            RareLookup lookupBack = CompactSerializersTest.roundTrip(RareLookupSerializer.INSTANCE, l);
            assertEquals(PartitionKey.ofPair(client, address), TransferCorrelator.LOOKUP_KEY.getKey(lookupBack), "read back");

            boolean byAddress = random.nextBoolean();
            SubdomainQuery q = new SubdomainQuery(1, client, byAddress, null, "evil.example", "x1", 16);
            String expected = new SubdomainQuery(1, new String(client.toCharArray()), byAddress, null, "evil.example", "x1", 16)
                    .sortKey();
            assertEquals(expected, q.sortKey(), client);
            assertEquals(expected, CompactSerializersTest.roundTrip(dev.dnshunter.rules.SubdomainQuerySerializer.INSTANCE, q)
                    .sortKey(), "read back " + client);
            assertEquals(new SubdomainQuery.Key(byAddress, client, "evil.example"), SubdomainQuery.Key.parse(q.sortKey()));
        }
    }
}
