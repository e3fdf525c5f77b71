package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.net.IpAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusionEntryTest {
    private static ExclusionEntry entry(String kind, String value) {
        return ExclusionEntry.create(kind, value, "why", ExclusionEntry.NEVER, null);
    }

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com, true",
        "example.com, a.b.example.com, true",
        "example.com, www.example.com, true",
        "example.com, notexample.com, false",
        "example.com, example.com.evil, false",
        "example.com, com, false",
        "example.com, '', false",
        "example.com, .example.com, true",
        "example.com, WWW.Example.COM., true",
        "com, example.com, true",
        "_dmarc.contoso.com, _dmarc.contoso.com, true",
    })
    void domainMatchesItselfAndNamesBelowIt(String domain, String name, boolean matches) {
        assertEquals(matches, entry(ExclusionEntry.DOMAIN, domain).matchesName(name));
    }

    @ParameterizedTest
    @CsvSource({
        "10.20.0.0/16, 10.20.0.0, true",
        "10.20.0.0/16, 10.20.255.255, true",
        "10.20.0.0/16, 10.21.0.1, false",
        "10.1.2.3/24, 10.1.2.200, true",
        "10.1.2.3/24, 10.1.3.1, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.4, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "0.0.0.0/0, ::1, false",
        "10.0.0.0/8, ::ffff:10.0.0.1, false",
        "::ffff:10.0.0.0/104, 10.0.0.1, false",
        "::ffff:10.0.0.0/104, ::ffff:10.0.0.1, true",
        "2001:db8::/32, 2001:db8:1::5, true",
        "2001:db8::/32, 2001:DB8:0000::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8:ffff::/33, 2001:db8:8000::1, true",
        "2001:db8:ffff::/33, 2001:db8:7fff::1, false",
        "2001:db8::1:0:0:1/100, 2001:db8::1:0:0:ffff, true",
        "::/0, 2001:db8::1, true",
        "::/0, 10.0.0.1, false",
        "2001:db8::1, 2001:0db8::1, true",
        "2001:db8::1, 2001:db8::2, false",
    })
    void addressMatchesInsideTheRangeOfTheSameFamily(String range, String ip, boolean matches) {
        ExclusionEntry e = entry(ExclusionEntry.ADDRESS, range);
        assertEquals(matches, e.matchesAddress(ip));
        assertEquals(matches, e.matchesAddress(IpAddress.parse(ip)));
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3/24, 10.1.2.0/24",
        "10.20.0.0/16, 10.20.0.0/16",
        " 10.1.2.3 , 10.1.2.3",
        "10.1.2.3/32, 10.1.2.3",
        "10.1.2.3/0, 0.0.0.0/0",
        "2001:DB8:0:0::/32, 2001:db8::/32",
        "2001:db8:abcd::1/48, 2001:db8:abcd::/48",
        "2001:db8::1/128, 2001:db8::1",
        "::ffff:10.1.2.3/120, ::ffff:10.1.2.0/120",
    })
    void addressIsKeptAsMaskedCanonicalRange(String written, String canonical) {
        ExclusionEntry e = entry(ExclusionEntry.ADDRESS, written);
        assertEquals(canonical, e.value);
        assertEquals("address:" + canonical, e.id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2", "10.1.2.3/33", "10.1.2.3/", "10.1.2.3/-1", "10.1.2.3/08", "10.1.2.3/+8",
            "2001:db8::/129", "10.0.0.0/8/8", "host.example", "", " ", "010.1.2.3", "10.1.2.3%eth0"})
    void badAddressesAreRefused(String written) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> entry(ExclusionEntry.ADDRESS, written));
        assertEquals("not an IP address or CIDR range: \"" + written + "\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"Backup.Example.COM., backup.example.com", "' x.example ', x.example", "com, com",
            "_sip._tcp.example.com, _sip._tcp.example.com", "bücher.example, bücher.example"})
    void domainIsNormalised(String written, String normal) {
        assertEquals(normal, entry(ExclusionEntry.DOMAIN, written).value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", "..", ".example.com", "*.example.com", "a..example", "example.com..",
            "a b.example", "example.com/x", "http://example.com", "a\u3002example"})
    void badDomainsAreRefused(String written) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> entry(ExclusionEntry.DOMAIN, written));
        assertTrue(e.getMessage().startsWith("not a valid domain: \""), e.getMessage());
    }

    @Test
    void overlongLabelsAndNamesAreRefused() {
        entry(ExclusionEntry.DOMAIN, "a".repeat(63) + ".example");
        assertThrows(IllegalArgumentException.class, () -> entry(ExclusionEntry.DOMAIN, "a".repeat(64) + ".example"));
        assertThrows(IllegalArgumentException.class, () -> entry(ExclusionEntry.DOMAIN, "a.".repeat(127) + "ab"));
    }

    @Test
    void hostMatchesOnlyItselfIgnoringCase() {
        ExclusionEntry e = entry(ExclusionEntry.HOST, "Mail01.Corp.Contoso.com");
        assertEquals("mail01.corp.contoso.com", e.value);
        assertEquals("host:mail01.corp.contoso.com", e.id);
        assertTrue(e.matchesHost("mail01.corp.contoso.com"));
        assertTrue(e.matchesHost("MAIL01.corp.contoso.com"));
        assertFalse(e.matchesHost("mail01"));
        assertFalse(e.matchesHost("x.mail01.corp.contoso.com"));
        assertThrows(IllegalArgumentException.class, () -> entry(ExclusionEntry.HOST, "mail 01"));
        assertThrows(IllegalArgumentException.class, () -> entry(ExclusionEntry.HOST, " "));
    }

    @Test
    void kindsOnlyMatchTheirOwnKindOfThing() {
        ExclusionEntry domain = entry(ExclusionEntry.DOMAIN, "10.1.2.3");
        ExclusionEntry address = entry(ExclusionEntry.ADDRESS, "10.1.2.3");
        ExclusionEntry host = entry(ExclusionEntry.HOST, "10.1.2.3");
        assertFalse(domain.matchesAddress("10.1.2.3") || domain.matchesHost("10.1.2.3"));
        assertFalse(address.matchesName("10.1.2.3") || address.matchesHost("10.1.2.3"));
        assertFalse(host.matchesName("10.1.2.3") || host.matchesAddress("10.1.2.3"));
        assertTrue(domain.matches(IpAddress.parse("10.1.2.3"), "10.1.2.3", List.of("10.1.2.3")));
        assertTrue(address.matches(IpAddress.parse("10.1.2.3"), null, null));
        assertFalse(address.matches(null, "10.1.2.3", List.of("10.1.2.3")));
        assertTrue(host.matches(null, "10.1.2.3", null));
        assertTrue(domain.matches(null, null, Arrays.asList(null, "x.example", "a.10.1.2.3")));
    }

    @Test
    void expiryIsExclusive() {
        ExclusionEntry e = ExclusionEntry.create(ExclusionEntry.DOMAIN, "a.example", "why", 1_000L, "x");
        assertTrue(e.activeAt(Long.MIN_VALUE));
        assertTrue(e.activeAt(999L));
        assertFalse(e.activeAt(1_000L));
        assertTrue(entry(ExclusionEntry.DOMAIN, "a.example").activeAt(Long.MAX_VALUE - 1));
    }

    @Test
    void createChecksWhatTheFileChecks() {
        assertEquals("comment is required",
                assertThrows(IllegalArgumentException.class, () -> ExclusionEntry.create(ExclusionEntry.HOST, "h",
                        " ", ExclusionEntry.NEVER, null)).getMessage());
        assertEquals("id must not be blank",
                assertThrows(IllegalArgumentException.class, () -> ExclusionEntry.create(ExclusionEntry.HOST, "h",
                        "c", ExclusionEntry.NEVER, "")).getMessage());
        assertEquals("unknown kind \"hots\"",
                assertThrows(IllegalArgumentException.class, () -> ExclusionEntry.create("hots", "h",
                        "c", ExclusionEntry.NEVER, null)).getMessage());
        assertEquals(new ExclusionEntry("mine", "host", "h", "c", 5L),
                ExclusionEntry.create(ExclusionEntry.HOST, "H", " c ", 5L, " mine "));
    }

    @Test
    void junkNeverThrows() {
        List<ExclusionEntry> junk = List.of(new ExclusionEntry(),
                new ExclusionEntry(null, ExclusionEntry.ADDRESS, "junk", null, 0L),
                new ExclusionEntry(null, ExclusionEntry.ADDRESS, null, null, 0L),
                new ExclusionEntry(null, ExclusionEntry.DOMAIN, "", null, 0L),
                new ExclusionEntry(null, ExclusionEntry.DOMAIN, null, null, 0L),
                new ExclusionEntry(null, ExclusionEntry.HOST, "", null, 0L),
                new ExclusionEntry(null, "other", "x", null, 0L));
        String[] inputs = {null, "", ".", "..", "x", "1.2.3.4", "::", "10.0.0.0/8", "\u0000", "a".repeat(100_000)};
        for (ExclusionEntry e : junk) {
            for (String s : inputs) {
                assertFalse(e.matchesName(s), e + " " + s);
                assertFalse(e.matchesAddress(s), e + " " + s);
                assertFalse(e.matchesHost(s), e + " " + s);
            }
            assertFalse(e.matches(null, null, null));
            e.toString();
            e.hashCode();
        }
    }

    @Test
    void rangeFollowsAChangedValue() {
        ExclusionEntry e = entry(ExclusionEntry.ADDRESS, "10.0.0.0/8");
        assertTrue(e.matchesAddress("10.1.1.1"));
        e.value = "192.168.0.0/16";
        assertFalse(e.matchesAddress("10.1.1.1"));
        assertTrue(e.matchesAddress("192.168.1.1"));
    }

    @Test
    void survivesJavaSerializationAndStillMatches() throws Exception {
        ExclusionEntry e = entry(ExclusionEntry.ADDRESS, "10.0.0.0/8");
        assertTrue(e.matchesAddress("10.1.1.1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ExclusionEntry copy = (ExclusionEntry) in.readObject();
            assertEquals(e, copy);
            assertTrue(copy.matchesAddress("10.1.1.1"));
        }
    }
}
