package dev.dnshunter.net;

import static dev.dnshunter.config.DetectionMode.DEFAULT;
import static dev.dnshunter.config.DetectionMode.KQL_COMPATIBLE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dnshunter.config.DetectionMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DomainRulesTest {

    private static final DomainRules BUNDLED = new DomainRules(PublicSuffixList.bundled(), DEFAULT);
    private static final DomainRules KQL = new DomainRules(PublicSuffixList.bundled(), KQL_COMPATIBLE);

    @TempDir
    static Path dir;

    private static DomainRules fromFile;

    @BeforeAll
    static void loadTinyList() throws IOException {
        Path file = dir.resolve("tiny.dat");
        Files.writeString(file, "// tiny\ncom\n*.ck\n!www.ck\nexample.test\n", StandardCharsets.UTF_8);
        fromFile = new DomainRules(PublicSuffixList.load(file), DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
        "a.b.example.co.uk, example.co.uk",
        "bucket1.s3.amazonaws.com, bucket1.s3.amazonaws.com",
        "x.bucket1.s3.amazonaws.com, bucket1.s3.amazonaws.com",
        "host.corp.local, corp.local",
        "WWW.Example.COM., example.com",
        "www.ck, www.ck",
        "x.www.ck, www.ck",
        "a.b.ck, a.b.ck",
        "x.a.b.ck, a.b.ck",
        "example.com, example.com",
        "a.b.c.d.e.f.co.uk., f.co.uk",
        "foo.bar.kawasaki.jp, foo.bar.kawasaki.jp",
        "x.city.kawasaki.jp, city.kawasaki.jp",
        "www.Bücher.DE, bücher.de",
        "www.пример.рф, пример.рф",
        "www.xn--e1afmkfd.xn--p1ai, xn--e1afmkfd.xn--p1ai",
        "a_b.example.com, example.com",
        "3com.com, 3com.com",
        // no registrable domain: the (normalised) name is its own domain
        "localhost, localhost",
        "LOCALHOST., localhost",
        "co.uk, co.uk",
        "com, com",
        "b.ck, b.ck",
        "s3.amazonaws.com, s3.amazonaws.com",
        // not a host name by Guava's syntax: its own domain
        "1.2.3.4, 1.2.3.4",
        "::1, ::1",
        "[::1], [::1]",
        "a..b.com, a..b.com",
        "-a.com, -a.com",
        "a-.example.com, a-.example.com",
        "a_.com, a_.com",
        "_dmarc.example.com, _dmarc.example.com",
        "example.com.., example.com.",
        "a\u3002example.com, a\u3002example.com",
        "'a b.com', 'a b.com'",
        "example.123, example.123",
        // normalise(null) and normalise("") are both ""
        ", ''",
        "'', ''",
        "., ''",
        "'..', .",
    })
    void defaultUsesRegistrableDomain(String name, String expected) {
        assertEquals(expected, BUNDLED.domainOf(name), () -> "'" + name + "'");
    }

    @ParameterizedTest
    @CsvSource({
        "a.b.example.co.uk, co.uk",
        "bucket1.s3.amazonaws.com, amazonaws.com",
        "WWW.Example.COM., example.com",
        "example.com, example.com",
        "localhost, localhost",
        "www.ck, www.ck",
        "a.b.ck, b.ck",
        "1.2.3.4, 3.4",
        "::1, ::1",
        "a..b, .b",
        "example.com.., com.",
        "a.b., a.b",
        "'...', .",
        "'..', .",
        "., ''",
        ", ''",
        "'', ''",
    })
    void kqlUsesLastTwoParts(String name, String expected) {
        assertEquals(expected, KQL.domainOf(name), () -> "'" + name + "'");
    }

    @ParameterizedTest
    @CsvSource({
        "a.b.example.com, example.com",
        "a.b.ck, a.b.ck",
        "x.a.b.ck, a.b.ck",
        "www.ck, www.ck",
        "x.www.ck, www.ck",
        "b.ck, b.ck",
        "a.b.example.test, b.example.test",
        "example.test, example.test",
        "host.corp.local, corp.local",
        // co.uk is not in the tiny list, so only the implicit "*" rule applies
        "a.b.example.co.uk, co.uk",
        "WWW.Example.COM., example.com",
        "localhost, localhost",
        "1.2.3.4, 1.2.3.4",
    })
    void listLoadedFromFileWorksTheSameWay(String name, String expected) {
        assertEquals(expected, fromFile.domainOf(name), name);
    }

    @ParameterizedTest
    @CsvSource({
        "WWW.Example.COM., www.example.com",
        "example.com.., example.com.",
        "ÉXAMPLE.COM, éxample.com",
        "., ''",
        ", ''",
        "'', ''",
        "abc, abc",
    })
    void normalise(String name, String expected) {
        assertEquals(expected, DomainRules.normalise(name));
    }

    static Stream<Arguments> nastyInputs() {
        List<String> names = new ArrayList<>(List.of(
                "", ".", "..", "...", "-a.com", "a-.com", "a_.com", "_a.com", "1.2.3.4", "[::1]", "::1",
                "a.b.c.d.e.f.co.uk.", "example.com..", "a..b", ".a.com", "a.com.", "é", "ü.ü.ü", "日本.jp",
                "例え.テスト", "\u3002", "a\u3002b", "a\uff0eb.com", "\u0000", "a\u0000b.com", "\ud800.com",
                "\ud83d\ude00.com", "İSTANBUL.com.tr", "ß.de", "*.example.com", "!www.ck", "a/b.com", "http://x.com",
                "x.com:443", "%", "\t", " example.com ", "\n", "xn--", "xn--zz.com", "a.-", "-", "_", "ck", "www.ck",
                "a.b.ck", "s3.amazonaws.com", "null"));
        names.add("a".repeat(300));
        names.add("a".repeat(300) + ".com");
        names.add(String.join(".", java.util.Collections.nCopies(150, "a")));
        names.add("a".repeat(63) + ".com");
        names.add("a".repeat(64) + ".com");
        names.add((("a".repeat(63) + ".").repeat(3) + "a".repeat(61)));
        names.add((("a".repeat(63) + ".").repeat(3) + "a".repeat(62)));
        names.add("x".repeat(2_000_000));
        names.add(".".repeat(100_000));
        List<Arguments> args = new ArrayList<>();
        args.add(Arguments.of((String) null));
        for (String n : names) {
            args.add(Arguments.of(n));
        }
        return args.stream();
    }

    @ParameterizedTest
    @MethodSource("nastyInputs")
    void neverThrowsNeverNull(String name) {
        for (DomainRules rules : new DomainRules[] {BUNDLED, KQL, fromFile}) {
            String domain = assertDoesNotThrow(() -> rules.domainOf(name));
            assertNotNull(domain);
        }
    }

    @Test
    void overLongNamesAreTheirOwnDomain() {
        String label = "a".repeat(63);
        String ok = label + "." + label + "." + label + "." + "a".repeat(57) + ".com"; // 253 chars
        assertEquals(253, ok.length());
        assertEquals("a".repeat(57) + ".com", BUNDLED.domainOf(ok));
        String tooLong = "b" + ok;
        assertEquals(tooLong, BUNDLED.domainOf(tooLong));
        String longLabel = "a".repeat(64) + ".example.com";
        assertEquals(longLabel, BUNDLED.domainOf(longLabel));
    }

    @Test
    void requiresModeAndDefaultModeList() {
        assertThrows(NullPointerException.class, () -> new DomainRules(PublicSuffixList.bundled(), null));
        assertThrows(NullPointerException.class, () -> new DomainRules(null, DEFAULT));
        assertEquals("b.c", new DomainRules(null, KQL_COMPATIBLE).domainOf("a.b.c"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        for (DetectionMode mode : DetectionMode.values()) {
            DomainRules rules = new DomainRules(PublicSuffixList.bundled(), mode);
            DomainRules copy = (DomainRules) PublicSuffixListTest.deserialize(PublicSuffixListTest.serialize(rules));
            assertEquals(rules.domainOf("a.b.example.co.uk"), copy.domainOf("a.b.example.co.uk"));
        }
        DomainRules copy = (DomainRules) PublicSuffixListTest.deserialize(PublicSuffixListTest.serialize(fromFile));
        assertEquals("b.example.test", copy.domainOf("a.b.example.test"));
    }

    /**
     * The answer a thread keeps for its last name is shared only by rules of the same list and mode: asked in turn
     * about the same name object, each gives its own answer.
     */
    @Test
    void rulesOfAnotherModeOrListNeverGetTheLastAnswer() {
        String name = "a.b.example.test";
        for (int round = 0; round < 3; round++) {
            assertEquals("example.test", BUNDLED.domainOf(name));
            assertEquals("example.test", KQL.domainOf(name));
            assertEquals("b.example.test", fromFile.domainOf(name));
            assertEquals("example.test", new DomainRules(PublicSuffixList.bundled(), DEFAULT).domainOf(name));
        }
        String uk = "A.B.Example.CO.UK.";
        for (int round = 0; round < 3; round++) {
            assertEquals("example.co.uk", BUNDLED.domainOf(uk));
            assertEquals("co.uk", KQL.domainOf(uk));
            assertEquals("example.co.uk", BUNDLED.domainOf("a.b.example.co.uk"), "another spelling of the same name");
            assertEquals("example.co.uk", BUNDLED.domainOf(new String("a.b.example.co.uk")), "an equal name made apart");
            assertEquals("other.co.uk", BUNDLED.domainOf("c.other.co.uk"), "the next name");
        }
    }
}
