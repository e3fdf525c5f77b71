package dev.dnshunter.rules.tunnelsubdomains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TunnelShapeTest {
    static final TunnelParams P = TunnelParams.DEFAULTS;

    @Test
    void aLongSubdomainIsTunnelShaped() {
        assertTrue(TunnelShape.test("a".repeat(25) + "." + "b".repeat(24), P), "50 characters with the dot");
        assertFalse(TunnelShape.test("a".repeat(24) + "." + "b".repeat(24), P), "49");
    }

    @Test
    void aLongHighEntropyLabelIsTunnelShaped() {
        String label = "abcdefghijklmnopqrstuvwx"; // 24 distinct characters: log2(24) = 4.58 bits
        assertTrue(TunnelShape.test(label + ".www", P));
        assertFalse(TunnelShape.test(label.substring(1), P), "23 characters");
        assertFalse(TunnelShape.test("aaaaaaaaaaaabbbbbbbbbbbb", P), "24 characters, 1 bit");
        assertEquals(3.0, TunnelShape.entropy("abcdefgh", 0, 8), 1e-12);
    }

    @Test
    void aMixedHexLabelOfSixteenIsTunnelShaped() {
        assertTrue(TunnelShape.test("0123456789abcdef", P));
        assertFalse(TunnelShape.test("0123456789012345", P), "digits only");
        assertFalse(TunnelShape.test("abcdefabcdefabcd", P), "letters only");
        assertFalse(TunnelShape.test("0123456789abcde", P), "15");
        assertFalse(TunnelShape.test("0123456789abcdeg", P), "not hexadecimal");
        assertFalse(TunnelShape.test("", P));
        assertFalse(TunnelShape.test("www", P));
    }
}
