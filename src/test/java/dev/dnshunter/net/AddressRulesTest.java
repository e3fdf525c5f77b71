package dev.dnshunter.net;

import static dev.dnshunter.config.DetectionMode.DEFAULT;
import static dev.dnshunter.config.DetectionMode.KQL_COMPATIBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dnshunter.config.DetectionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRulesTest {

    // Each special-purpose block at its first and last address and one address either side.
    @ParameterizedTest(name = "{0}: default={1} kql={2}")
    @CsvSource({
        // 0.0.0.0/8
        "0.0.0.0, false, true",
        "0.255.255.255, false, true",
        "1.0.0.0, true, true",
        // 10.0.0.0/8
        "9.255.255.255, true, true",
        "10.0.0.0, false, false",
        "10.255.255.255, false, false",
        "11.0.0.0, true, true",
        // 100.64.0.0/10
        "100.63.255.255, true, true",
        "100.64.0.0, false, true",
        "100.127.255.255, false, true",
        "100.128.0.0, true, true",
        // 127.0.0.0/8
        "126.255.255.255, true, true",
        "127.0.0.0, false, true",
        "127.255.255.255, false, true",
        "128.0.0.0, true, true",
        // 169.254.0.0/16
        "169.253.255.255, true, true",
        "169.254.0.0, false, true",
        "169.254.255.255, false, true",
        "169.255.0.0, true, true",
        // 172.16.0.0/12
        "172.15.255.255, true, true",
        "172.16.0.0, false, false",
        "172.31.255.255, false, false",
        "172.32.0.0, true, true",
        // 192.0.0.0/24
        "191.255.255.255, true, true",
        "192.0.0.0, false, true",
        "192.0.0.255, false, true",
        "192.0.1.0, true, true",
        // 192.0.2.0/24
        "192.0.1.255, true, true",
        "192.0.2.0, false, true",
        "192.0.2.255, false, true",
        "192.0.3.0, true, true",
        // 192.88.99.0/24
        "192.88.98.255, true, true",
        "192.88.99.0, false, true",
        "192.88.99.255, false, true",
        "192.88.100.0, true, true",
        // 192.168.0.0/16
        "192.167.255.255, true, true",
        "192.168.0.0, false, false",
        "192.168.255.255, false, false",
        "192.169.0.0, true, true",
        // 198.18.0.0/15
        "198.17.255.255, true, true",
        "198.18.0.0, false, true",
        "198.19.255.255, false, true",
        "198.20.0.0, true, true",
        // 198.51.100.0/24
        "198.51.99.255, true, true",
        "198.51.100.0, false, true",
        "198.51.100.255, false, true",
        "198.51.101.0, true, true",
        // 203.0.113.0/24
        "203.0.112.255, true, true",
        "203.0.113.0, false, true",
        "203.0.113.255, false, true",
        "203.0.114.0, true, true",
        // 224.0.0.0/4 and 240.0.0.0/4 are adjacent and run to the end of the space
        "223.255.255.255, true, true",
        "224.0.0.0, false, true",
        "239.255.255.255, false, true",
        "240.0.0.0, false, true",
        "255.255.255.255, false, true",
        // ordinary public addresses
        "8.8.8.8, true, true",
        "1.1.1.1, true, true",
        // 2000::/3
        "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false, false",
        "2000::, true, false",
        "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true, false",
        "4000::, false, false",
        // 2001::/23
        "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true, false",
        "2001::, false, false",
        "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, false, false",
        "2001:200::, true, false",
        // 2001:db8::/32
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, true, false",
        "2001:db8::, false, false",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, false, false",
        "2001:db9::, true, false",
        // 2002::/16
        "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true, false",
        "2002::, false, false",
        "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false, false",
        "2003::, true, false",
        // 3fff::/20
        "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true, false",
        "3fff::, false, false",
        "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, false, false",
        "3fff:1000::, true, false",
        // other IPv6 that is never a destination; a mapped public IPv4 address is still IPv6
        "::, false, false",
        "::1, false, false",
        "fe80::1, false, false",
        "fc00::1, false, false",
        "ff02::1, false, false",
        "::ffff:8.8.8.8, false, false",
        "::8.8.8.8, false, false",
        "64:ff9b::8.8.8.8, false, false",
        "2606:4700::1111, true, false",
        "2a00:1450:4001:80b::200e, true, false",
    })
    void classifiesEveryRangeAtItsEdges(String text, boolean defaultPublic, boolean kqlPublic) {
        IpAddress a = IpAddress.parse(text);
        assertNotNull(a, text);
        assertEquals(defaultPublic, AddressRules.isPublic(a, DEFAULT), "DEFAULT " + text);
        assertEquals(kqlPublic, AddressRules.isPublic(a, KQL_COMPATIBLE), "KQL_COMPATIBLE " + text);
        assertEquals(defaultPublic ? a.canonical() : null, AddressRules.publicCanonicalOrNull(text, DEFAULT));
        assertEquals(kqlPublic ? a.canonical() : null, AddressRules.publicCanonicalOrNull(text, KQL_COMPATIBLE));
    }

    @ParameterizedTest
    @EnumSource(DetectionMode.class)
    void nullAddressIsNotPublic(DetectionMode mode) {
        assertFalse(AddressRules.isPublic(null, mode));
    }

    @Test
    void publicAddressesSplitsTrimsDeduplicatesAndKeepsOrder() {
        String field = "8.8.8.8, 10.0.0.1,1.1.1.1 , 8.8.8.8,2606:4700:0:0:0:0:0:1, 2606:4700::1,"
                + " garbage,,::ffff:8.8.8.8, 100.64.0.1 ,2606:4700::1111";
        assertArrayEquals(
                new String[] {"8.8.8.8", "1.1.1.1", "2606:4700::1", "2606:4700::1111"},
                AddressRules.publicAddresses(field, DEFAULT));
        assertArrayEquals(
                new String[] {"8.8.8.8", "1.1.1.1", "100.64.0.1"},
                AddressRules.publicAddresses(field, KQL_COMPATIBLE));
    }

    @Test
    void publicAddressesDeduplicatesSpellingsOfOneAddress() {
        assertArrayEquals(
                new String[] {"2606:4700::1"},
                AddressRules.publicAddresses("2606:4700:0:0:0:0:0:1,2606:4700::1,2606:4700::0001,2606:4700:0::1", DEFAULT));
        assertArrayEquals(
                new String[] {"2001:4860::8888", "8.8.8.8"},
                AddressRules.publicAddresses("2001:4860:0:0:0:0:0:8888,8.8.8.8,2001:4860::8888", DEFAULT));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", ",", " , ", ",,,", "10.0.0.1", "garbage", "192.168.0.1, ::1, 172.16.0.1", "8.8.8.8;1.1.1.1"})
    void publicAddressesIsEmptyNotNullWhenNothingPublic(String field) {
        for (DetectionMode mode : DetectionMode.values()) {
            String[] result = AddressRules.publicAddresses(field, mode);
            assertNotNull(result);
            assertEquals(0, result.length, () -> mode + " '" + field + "'");
        }
    }

    @Test
    void publicAddressesToleratesHugeFields() {
        String field = "8.8.8.8,".repeat(200_000) + "x".repeat(1_000_000);
        assertArrayEquals(new String[] {"8.8.8.8"}, AddressRules.publicAddresses(field, DEFAULT));
    }

    @ParameterizedTest
    @CsvSource(
            value = {
                "2606:4700:0:0:0:0:0:1|2606:4700::1",
                " 2606:4700:0:0:0:0:0:1 |2606:4700::1",
                "2606:4700::1|2606:4700::1",
                "10.0.0.1|10.0.0.1",
                "::FFFF:10.0.0.1|::ffff:10.0.0.1",
                "host-17|host-17",
                " not an address |' not an address '",
                "010.0.0.1|010.0.0.1",
                "fe80::1%eth0|fe80::1%eth0",
                "''|''",
            },
            delimiter = '|',
            ignoreLeadingAndTrailingWhitespace = false)
    void canonicalOrRaw(String text, String expected) {
        assertEquals(expected, AddressRules.canonicalOrRaw(text));
    }

    @Test
    void canonicalOrRawKeepsNull() {
        assertNull(AddressRules.canonicalOrRaw(null));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "garbage", "10.0.0.1", "::1", "8.8.8.8:53", "[2606:4700::1]"})
    void publicCanonicalOrNullRejectsNonPublicAndGarbage(String text) {
        assertNull(AddressRules.publicCanonicalOrNull(text, DEFAULT));
        assertNull(AddressRules.publicCanonicalOrNull(text, KQL_COMPATIBLE));
    }

    @Test
    void publicCanonicalOrNullTrimsAndCanonicalises() {
        assertEquals("2606:4700::1", AddressRules.publicCanonicalOrNull(" 2606:4700:0:0:0:0:0:1 ", DEFAULT));
        assertNull(AddressRules.publicCanonicalOrNull(" 2606:4700:0:0:0:0:0:1 ", KQL_COMPATIBLE));
        assertEquals("8.8.8.8", AddressRules.publicCanonicalOrNull("\t8.8.8.8\n", KQL_COMPATIBLE));
    }
}
