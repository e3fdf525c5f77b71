package dev.dnshunter.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass host-name check and the early-stopping suffix match give the answers of what they replaced: Guava's
 * {@link InternetDomainName#isValid} and the Public Suffix List algorithm tried on every suffix of a name; the
 * client address's shortcut gives what parsing it gives.
 */
class FastPathEquivalenceTest {
    private static final String ALPHABET = "abcxyz019-_.AZ";

    @Test
    void theAsciiHostNameCheckAgreesWithGuava() {
        Random random = new Random(11);
        List<String> names = new ArrayList<>(List.of("a", "1", "a.1", "1.a", "a-.b", "-a.b", "a._b", "a_b.c", "a..b",
                ".a", "a." + "b".repeat(63), "a." + "b".repeat(64), "x.".repeat(126) + "y", "x.".repeat(127) + "y"));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 80 : 12);
            for (int j = 0; j < length; j++) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            names.add(b.toString());
        }
        for (String name : names) {
            if (name.endsWith(".") || name.length() > 253) continue; // checked before the one-pass check
            boolean guava;
            try {
                guava = InternetDomainName.isValid(name);
            } catch (RuntimeException e) {
                guava = false;
            }
            assertEquals(guava ? 1 : 0, DomainRules.asciiHostName(name), name);
        }
    }

    @Test
    void theClientAddressShortcutAgreesWithParsing() {
        Random random = new Random(13);
        String alphabet = "0123456789.:abcdefABCDEF% \t-x";
        List<String> texts = new ArrayList<>(List.of("", " ", "10.0.0.1", " 10.0.0.1", "10.0.0.1 ", "010.0.0.1",
                "256.0.0.1", "1.2.3", "1.2.3.4.5", "::1", "::ffff:10.0.0.1", "host-17", "a".repeat(200), "1.2.3.4\u00a0"));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(random.nextInt(10) == 0 ? 60 : 16);
            for (int j = 0; j < length; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            texts.add(b.toString());
            int[] quad = {random.nextInt(300), random.nextInt(300), random.nextInt(300), random.nextInt(300)};
            texts.add(quad[0] + "." + quad[1] + "." + quad[2] + "." + quad[3]);
        }
        for (String text : texts) {
            assertEquals(AddressRules.canonicalOrRawParsed(text), AddressRules.canonicalOrRaw(text), "'" + text + "'");
        }
    }

    @Test
    void nonAsciiNamesAreLeftToGuava() {
        assertEquals(-1, DomainRules.asciiHostName("www.bücher.de"));
        assertEquals(-1, DomainRules.asciiHostName("-bad.bücher.de"));
    }

    @Test
    void theEarlyStoppingSuffixMatchAgreesWithTryingEverySuffix() {
        PublicSuffixList list = PublicSuffixList.bundled();
        Random random = new Random(5);
        List<String> rules = new ArrayList<>();
        rules.addAll(PublicSuffixPatterns.EXACT.keySet());
        rules.addAll(PublicSuffixPatterns.UNDER.keySet());
        rules.addAll(PublicSuffixPatterns.EXCLUDED.keySet());
        String[] prefixes = {"", "a.", "www.", "x.y.", "city.", "a.b.c."};
        for (String rule : List.copyOf(rules)) {
            // A rule's parent is often only the end of longer rules, not a rule: names under it stop matching there.
            int dot = rule.indexOf('.');
            if (dot > 0) rules.add(rule.substring(dot + 1));
        }
        for (String rule : rules) {
            for (String prefix : prefixes) {
                String name = prefix + rule;
                assertEquals(everySuffix(list, name), list.publicSuffixLabelCount(name), name);
                String twoRules = prefix + rules.get(random.nextInt(rules.size())) + "." + rule;
                assertEquals(everySuffix(list, twoRules), list.publicSuffixLabelCount(twoRules), twoRules);
            }
        }
    }

    /** The PSL algorithm as written: every suffix of the name, right to left, against the three kinds of rule. */
    private static int everySuffix(PublicSuffixList list, String name) {
        String[] labels = name.split("\\.", -1);
        int best = 1;
        int exceptionResult = -1;
        String suffix = null;
        for (int i = labels.length - 1; i >= 0; i--) {
            String shorter = suffix;
            suffix = shorter == null ? labels[i] : labels[i] + "." + shorter;
            int count = labels.length - i;
            if (PublicSuffixPatterns.EXCLUDED.containsKey(suffix)) exceptionResult = count - 1;
            if (PublicSuffixPatterns.EXACT.containsKey(suffix)
                    || (shorter != null && PublicSuffixPatterns.UNDER.containsKey(shorter))) best = count;
        }
        return exceptionResult >= 0 ? exceptionResult : best;
    }
}
