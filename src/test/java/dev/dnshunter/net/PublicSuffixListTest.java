package dev.dnshunter.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import com.google.thirdparty.publicsuffix.PublicSuffixType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicSuffixListTest {

    private static final String SMALL_LIST = String.join("\n",
            "// a comment line",
            "",
            "   ",
            "com",
            "*.ck",
            "!www.ck",
            "example.test  trailing words are ignored",
            "  CO.UK",
            "рф",
            "\t*.kawasaki.jp",
            "!city.kawasaki.jp",
            "");

    private static int count(PublicSuffixList list, String name) {
        return list.publicSuffixLabelCount(name.isEmpty() ? new String[0] : name.split("\\.", -1));
    }

    /** Guards the meaning we give Guava's maps: keys are rules without their "*." / "!" markers. */
    @Test
    void guavaMapsHoldRulesWithoutMarkers() {
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.EXACT.get("co.uk"));
        assertEquals(PublicSuffixType.PRIVATE, PublicSuffixPatterns.EXACT.get("s3.amazonaws.com"));
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.UNDER.get("ck"));
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.EXCLUDED.get("www.ck"));
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.UNDER.get("kawasaki.jp"));
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.EXCLUDED.get("city.kawasaki.jp"));
        // Wildcard-only entries are not exact rules too, and no key carries a marker.
        assertEquals(null, PublicSuffixPatterns.EXACT.get("ck"));
        assertEquals(null, PublicSuffixPatterns.EXACT.get("kawasaki.jp"));
        assertEquals(null, PublicSuffixPatterns.UNDER.get("*.ck"));
        assertEquals(null, PublicSuffixPatterns.EXCLUDED.get("!www.ck"));
        // Internationalised rules come in both spellings.
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.EXACT.get("рф"));
        assertEquals(PublicSuffixType.REGISTRY, PublicSuffixPatterns.EXACT.get("xn--p1ai"));
    }

    @Test
    void bundledIsBuiltOnce() {
        PublicSuffixList list = PublicSuffixList.bundled();
        assertSame(list, PublicSuffixList.bundled());
        assertEquals(
                PublicSuffixPatterns.EXACT.size() + PublicSuffixPatterns.UNDER.size()
                        + PublicSuffixPatterns.EXCLUDED.size(),
                list.size());
        assertTrue(list.size() > 9000, "size " + list.size());
    }

    @ParameterizedTest
    @CsvSource({
        "com, 1",
        "example.com, 1",
        "a.b.example.com, 1",
        "co.uk, 2",
        "example.co.uk, 2",
        "a.b.example.co.uk, 2",
        "s3.amazonaws.com, 3",
        "bucket1.s3.amazonaws.com, 3",
        "ck, 1",
        "b.ck, 2",
        "a.b.ck, 2",
        "www.ck, 1",
        "x.www.ck, 1",
        "kawasaki.jp, 1",
        "foo.kawasaki.jp, 3",
        "x.foo.kawasaki.jp, 3",
        "city.kawasaki.jp, 2",
        "a.city.kawasaki.jp, 2",
        "corp.local, 1",
        "local, 1",
        "xn--p1ai, 1",
        "пример.рф, 1",
        "example.xn--p1ai, 1",
        "'', 0",
    })
    void bundledLabelCounts(String name, int expected) {
        assertEquals(expected, count(PublicSuffixList.bundled(), name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "www.google.com", "a.b.example.co.uk", "bucket1.s3.amazonaws.com", "x.y.blogspot.com", "a.b.ck",
        "www.ck", "x.www.ck", "foo.bar.kawasaki.jp", "x.city.kawasaki.jp", "a.b.c.github.io", "www.gov.uk",
        "x.compute.amazonaws.com", "a.b.c.d.e.f.co.uk", "example.xn--p1ai", "host.corp.local", "a.b.appspot.com",
    })
    void bundledAgreesWithGuavasOwnMatcher(String name) {
        int guava = InternetDomainName.from(name).publicSuffix() == null
                ? 1
                : InternetDomainName.from(name).publicSuffix().parts().size();
        assertEquals(guava, count(PublicSuffixList.bundled(), name), name);
    }

    @Test
    void nullOrOddLabelsNeverThrow() {
        PublicSuffixList list = PublicSuffixList.bundled();
        assertEquals(0, list.publicSuffixLabelCount((String[]) null));
        assertEquals(0, list.publicSuffixLabelCount(new String[0]));
        assertEquals(1, list.publicSuffixLabelCount(new String[] {null}));
        assertEquals(2, list.publicSuffixLabelCount(new String[] {"a", null, "co", "uk"}));
        assertEquals(1, list.publicSuffixLabelCount(new String[] {"", "", ""}));
    }

    @Test
    void loadsTheDatFormat(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("public_suffix_list.dat");
        Files.writeString(file, SMALL_LIST, StandardCharsets.UTF_8);
        PublicSuffixList list = PublicSuffixList.load(file);
        // 8 rules ("trailing words" are not rules), plus the punycode twin of "рф".
        assertEquals(9, list.size());
        assertEquals(1, count(list, "example.com"));
        assertEquals(2, count(list, "a.b.ck"));
        assertEquals(1, count(list, "www.ck"));
        assertEquals(2, count(list, "x.example.test"));
        assertEquals(1, count(list, "example.test.org"));
        assertEquals(2, count(list, "example.co.uk"));
        assertEquals(1, count(list, "example.xn--p1ai"));
        assertEquals(1, count(list, "пример.рф"));
        assertEquals(3, count(list, "a.foo.kawasaki.jp"));
        assertEquals(2, count(list, "a.city.kawasaki.jp"));
    }

    @Test
    void parsesFromReaderWithByteOrderMark() throws IOException {
        PublicSuffixList list = PublicSuffixList.parse(new StringReader("\uFEFFcom\n*.ck\r\n!www.ck\r\n"));
        assertEquals(3, list.size());
        assertEquals(2, count(list, "a.b.ck"));
        assertEquals(1, count(list, "www.ck"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "// only\n// comments\n", "   \n\t\n"})
    void refusesAFileWithoutRules(String text, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.dat");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> PublicSuffixList.load(file));
        assertTrue(e.getMessage().contains("no Public Suffix List rules"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(IOException.class, () -> PublicSuffixList.parse(new StringReader(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>", "a..b", ".com", "com.", "*", "*.", "*.*.ck", "a.*.ck", "!", "!com", "!*.ck",
        "{\"json\":1}", "name,value"})
    void refusesMalformedRules(String rule) {
        IOException e = assertThrows(
                IOException.class, () -> PublicSuffixList.parse(new StringReader("com\n" + rule + "\n")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void missingFileIsAnIOException(@TempDir Path dir) {
        assertThrows(IOException.class, () -> PublicSuffixList.load(dir.resolve("nope.dat")));
    }

    @Test
    void bundledSerializesAsAMarker() throws Exception {
        PublicSuffixList bundled = PublicSuffixList.bundled();
        byte[] bytes = serialize(bundled);
        assertTrue(bytes.length < 1000, "serialized bundled list is " + bytes.length + " bytes");
        assertSame(bundled, deserialize(bytes));
    }

    @Test
    void loadedListSerializesWithItsRules() throws Exception {
        PublicSuffixList list = PublicSuffixList.parse(new StringReader(SMALL_LIST));
        PublicSuffixList copy = (PublicSuffixList) deserialize(serialize(list));
        assertNotSame(list, copy);
        assertEquals(list.size(), copy.size());
        assertEquals(2, count(copy, "a.b.ck"));
        assertEquals(1, count(copy, "www.ck"));
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
