package dev.dnshunter.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "1.2.3.4, 1.2.3.4",
        "255.255.255.255, 255.255.255.255",
        "10.0.0.1, 10.0.0.1",
        "192.168.100.200, 192.168.100.200",
    })
    void parsesIpv4(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertNotNull(a, text);
        assertTrue(a.isIpv4());
        assertEquals(canonical, a.canonical());
        assertEquals(canonical, a.toString());
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 5952 section 4 examples and rules
        "2606:4700:0:0:0:0:0:1, 2606:4700::1",
        "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8::0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:db8::1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "::, ::",
        "0:0:0:0:0:0:0:0, ::",
        "::1, ::1",
        "1::, 1::",
        "1:0:0:0:0:0:0:0, 1::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "1:0:3:0:5:0:7:0, 1:0:3:0:5:0:7:0",
        "fe80::1:2, fe80::1:2",
        "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        // embedded IPv4 in the last 32 bits
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::FFFF:192.168.1.1, ::ffff:192.168.1.1",
        "0:0:0:0:0:ffff:0102:0304, ::ffff:1.2.3.4",
        "::ffff:0:0, ::ffff:0.0.0.0",
        "::1.2.3.4, ::102:304",
        "64:ff9b::1.2.3.4, 64:ff9b::102:304",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "::fffe:1.2.3.4, ::fffe:102:304",
        "1::ffff:1.2.3.4, 1::ffff:102:304",
    })
    void parsesIpv6AndWritesRfc5952(String text, String canonical) {
        IpAddress a = IpAddress.parse(text);
        assertNotNull(a, text);
        assertFalse(a.isIpv4());
        assertEquals(canonical, a.canonical());
        assertEquals(a, IpAddress.parse(canonical), "canonical form parses back to the same address");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        " ", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.1.1.1", "1.2.3.256", "1.2.3.1000",
        "010.1.1.1", "1.2.3.04", "00.1.2.3", "0x1.2.3.4", "1.2.3.-4", "+1.2.3.4", "1.2.3.4 ", " 1.2.3.4",
        "1.2.3.4/24", "1.2.3.4:53", "١.٢.٣.٤", "１.２.３.４", "abc", "localhost", "example.com", "12345",
        ":", ":::", "1:2", "::1::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6::7:8:9", ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:",
        "12345::", "1:2:3:4:5:6:7:g", "fe80::1%eth0", "fe80::1%1", "[::1]", "[::1]:53", "::1 ",
        "::ffff:1.2.3", "::ffff:1.2.3.4.5", "::ffff:256.1.1.1", "::ffff:01.2.3.4", "1.2.3.4::",
        "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "::ffff:1.2.3.4%eth0",
        "1:2:3:4:5:6:7:8 ", "2001:db8:::1", "::-1", "2001:db8::1/64", "１::", "0:0:0:0:0:0:0:0:0",
    })
    void rejectsAnythingThatIsNotExactlyAnAddress(String text) {
        assertNull(IpAddress.parse(text), () -> "'" + text + "'");
    }

    @Test
    void ipv4BitsAreWhatParsingGivesForEveryText() {
        Random random = new Random(17);
        String alphabet = "0123456789.:af% x";
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.Arrays.asList(null, "", "1.2.3.4", "0.0.0.0",
                "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "::ffff:1.2.3.4", "1.2.3.4 ", "1".repeat(50)));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            texts.add(b.toString());
            texts.add(random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300));
        }
        for (String text : texts) {
            IpAddress a = IpAddress.parse(text);
            long expected = a != null && a.isIpv4() ? a.lowBits() : -1;
            assertEquals(expected, IpAddress.ipv4Bits(text), () -> "'" + text + "'");
        }
    }

    @Test
    void ipv4TextIsTheOneSpellingThatParsesBackToTheBits() {
        Random random = new Random(23);
        long[] bits = new long[100_000 + 6];
        for (int i = 0; i < 100_000; i++) bits[i] = random.nextInt() & 0xffff_ffffL;
        long[] edges = {0L, 0xffff_ffffL, 0x0a00_0001L, 0x0100_0000L, 0x0000_00ffL, 0x6400_0a09L};
        System.arraycopy(edges, 0, bits, 100_000, edges.length);
        for (long b : bits) {
            String text = IpAddress.ipv4Text(b);
            assertEquals(b, IpAddress.ipv4Bits(text), text);
            String expected = ((b >>> 24) & 0xff) + "." + ((b >>> 16) & 0xff) + "." + ((b >>> 8) & 0xff) + "." + (b & 0xff);
            assertEquals(expected, text);
            assertEquals(text, IpAddress.fromIpv4Bits(b).canonical());
        }
        // Only the low 32 bits count, as in fromIpv4Bits.
        assertEquals("1.2.3.4", IpAddress.ipv4Text(0x7_0102_0304L));
    }

    @Test
    void rejectsHugeInputCheaply() {
        assertNull(IpAddress.parse("1".repeat(10_000_000)));
        assertNull(IpAddress.parse(":".repeat(1000)));
        assertNull(IpAddress.parse("1.2.3.4" + " ".repeat(100)));
    }

    @Test
    void equalityIsByValue() {
        IpAddress longForm = IpAddress.parse("2606:4700:0:0:0:0:0:1");
        IpAddress shortForm = IpAddress.parse("2606:4700::1");
        assertEquals(longForm, shortForm);
        assertEquals(longForm.hashCode(), shortForm.hashCode());
        assertEquals(IpAddress.parse("2001:DB8::A"), IpAddress.parse("2001:db8:0:0:0:0:0:a"));
        assertEquals(IpAddress.parse("::ffff:1.2.3.4"), IpAddress.parse("::ffff:102:304"));
        assertNotEquals(IpAddress.parse("::1"), IpAddress.parse("::2"));
        assertNotEquals(IpAddress.parse("1::"), IpAddress.parse("::1"));
        assertNotEquals(IpAddress.parse("1.2.3.4"), IpAddress.parse("1.2.3.5"));
        assertNotEquals(IpAddress.parse("1.2.3.4"), "1.2.3.4");
    }

    @Test
    void mappedAddressStaysIpv6() {
        IpAddress mapped = IpAddress.parse("::ffff:8.8.8.8");
        IpAddress v4 = IpAddress.parse("8.8.8.8");
        assertFalse(mapped.isIpv4());
        assertTrue(v4.isIpv4());
        assertNotEquals(v4, mapped);
        assertEquals("::ffff:8.8.8.8", mapped.canonical());
        // The IPv4-compatible ::/96 form is not mapped and is not the IPv4 address either.
        assertNotEquals(v4, IpAddress.parse("::8.8.8.8"));
        assertNotEquals(IpAddress.parse("0.0.0.0"), IpAddress.parse("::"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        for (String text : new String[] {"1.2.3.4", "2606:4700::1", "::ffff:1.2.3.4"}) {
            IpAddress a = IpAddress.parse(text);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(a);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                IpAddress copy = (IpAddress) in.readObject();
                assertEquals(a, copy);
                assertEquals(a.canonical(), copy.canonical());
            }
        }
    }

    /** Reusing the parsed text of a dotted quad is only right because the parser accepts nothing but canonical ones. */
    @Test
    void aDottedQuadThatParsesIsAlreadyCanonical() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            String text = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            IpAddress a = IpAddress.parse(text);
            assertEquals(a.canonical(), a.canonical(text), text);
        }
        assertNull(IpAddress.parse("10.0.0.05"), "a leading zero is refused, not rewritten");
        IpAddress v6 = IpAddress.parse("2606:4700:0::1");
        assertEquals("2606:4700::1", v6.canonical("2606:4700:0::1"), "IPv6 is always written again");
    }
}
