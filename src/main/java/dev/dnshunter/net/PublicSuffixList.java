package dev.dnshunter.net;

import com.google.common.collect.ImmutableSet;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Reader;
import java.io.Serializable;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Public Suffix List rules (ICANN and private sections alike) and the PSL matching algorithm.
 *
 * <p>Rules are read as three sets keyed the way Guava keys its bundled copy (and held in one table): exact rules as
 * written, wildcard rules {@code *.ck} under their parent {@code ck}, and exception rules
 * {@code !www.ck} as {@code www.ck}. An internationalised rule is held in both its Unicode and its
 * ASCII (punycode) form, because DNS logs carry punycode while the list is written in Unicode;
 * Guava's bundled copy already holds both, and files are given the same twins on loading.
 */
public final class PublicSuffixList implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The number of rules ({@link #size}); the rules themselves are only kept in {@link #kinds}. */
    private final int size;
    /**
     * What each rule text and each suffix of a rule at a label boundary is (bits {@link #EXACT}, {@link #WILDCARD},
     * {@link #EXCEPTION}): one lookup per suffix of a name instead of three, and a suffix that is not here cannot be
     * the end of a longer matching rule, so matching stops there instead of trying every longer suffix.
     */
    private final SuffixTable kinds;
    private static final byte EXACT = 1;
    private static final byte WILDCARD = 2;
    private static final byte EXCEPTION = 4;
    // Lets the bundled list travel as a marker instead of ten thousand strings per task.
    private final boolean isBundled;

    private PublicSuffixList(
            ImmutableSet<String> exact,
            ImmutableSet<String> wildcardParents,
            ImmutableSet<String> exceptions,
            boolean isBundled) {
        this.size = exact.size() + wildcardParents.size() + exceptions.size();
        this.isBundled = isBundled;
        HashMap<String, Byte> kinds = new HashMap<>();
        for (ImmutableSet<String> rules : List.of(exact, wildcardParents, exceptions)) {
            for (String rule : rules) {
                for (int from = 0; from >= 0; ) {
                    kinds.putIfAbsent(rule.substring(from), (byte) 0);
                    int dot = rule.indexOf('.', from);
                    from = dot < 0 ? -1 : dot + 1;
                }
            }
        }
        exact.forEach(r -> kinds.merge(r, EXACT, (a, b) -> (byte) (a | b)));
        wildcardParents.forEach(r -> kinds.merge(r, WILDCARD, (a, b) -> (byte) (a | b)));
        exceptions.forEach(r -> kinds.merge(r, EXCEPTION, (a, b) -> (byte) (a | b)));
        this.kinds = new SuffixTable(kinds);
    }

    /** The copy of the list that ships inside Guava, built once per JVM. */
    public static PublicSuffixList bundled() {
        return BundledHolder.INSTANCE;
    }

    /** Reads a {@code public_suffix_list.dat} file (UTF-8). */
    public static PublicSuffixList load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    /** Reads rules in the {@code public_suffix_list.dat} format; does not close {@code r}. */
    public static PublicSuffixList parse(Reader r) throws IOException {
        Objects.requireNonNull(r, "reader");
        return parse(r, "the given input");
    }

    /**
     * How many rightmost {@code labels} (of a normalised name) form its public suffix: the longest
     * exception rule minus its leftmost label if any exception matches, otherwise the longest
     * matching rule, otherwise the implicit {@code *} rule's single label.
     */
    public int publicSuffixLabelCount(String[] labels) {
        if (labels == null || labels.length == 0) {
            return 0;
        }
        String[] texts = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            texts[i] = labels[i] == null ? "" : labels[i];
        }
        return publicSuffixLabelCount(String.join(".", texts));
    }

    /** {@link #publicSuffixLabelCount(String[])} of the labels of {@code name}, without splitting it. */
    public int publicSuffixLabelCount(String name) {
        int best = 1;
        int exceptionResult = -1;
        byte shorterKinds = 0;
        int count = 0;
        // Right to left: each suffix is the name after one more dot.
        for (int end = name.length(); ; ) {
            int dot = name.lastIndexOf('.', end - 1);
            int found = kinds.find(name, dot + 1);
            int k = found == SuffixTable.ABSENT ? 0 : found;
            count++;
            if ((k & EXCEPTION) != 0) {
                exceptionResult = count - 1;
            }
            if ((k & EXACT) != 0 || (count > 1 && (shorterKinds & WILDCARD) != 0)) {
                best = count;
            }
            if (dot < 0 || found == SuffixTable.ABSENT) {
                break;
            }
            shorterKinds = (byte) k;
            end = dot;
        }
        return exceptionResult >= 0 ? exceptionResult : best;
    }

    /** The number of rules, counting the punycode twin of an internationalised rule separately. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "PublicSuffixList[" + (isBundled ? "bundled, " : "") + size() + " rules]";
    }

    private Object writeReplace() throws ObjectStreamException {
        return isBundled ? new BundledMarker() : this;
    }

    private static PublicSuffixList parse(Reader r, String source) throws IOException {
        Builder builder = new Builder();
        BufferedReader br = r instanceof BufferedReader ? (BufferedReader) r : new BufferedReader(r);
        String line;
        int lineNumber = 0;
        while ((line = br.readLine()) != null) {
            lineNumber++;
            String token = firstToken(line, lineNumber == 1);
            if (token.isEmpty() || token.startsWith("//")) {
                continue;
            }
            String rule = token.toLowerCase(Locale.ROOT);
            if (!builder.add(rule)) {
                // A malformed rule means this is not a PSL file, or a corrupt one; matching
                // against half of it would quietly give wrong domains.
                throw new IOException(
                        "not a Public Suffix List rule at line " + lineNumber + " of " + source + ": '"
                                + abbreviate(token) + "'");
            }
        }
        if (builder.ruleLines == 0) {
            throw new IOException(
                    "no Public Suffix List rules in " + source
                            + " (expected public_suffix_list.dat: one rule per line, // comments)");
        }
        return builder.build();
    }

    private static String firstToken(String line, boolean firstLine) {
        int start = 0;
        int n = line.length();
        if (firstLine && n > 0 && line.charAt(0) == '\uFEFF') {
            start = 1;
        }
        while (start < n && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < n && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        return line.substring(start, end);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static final class Builder {
        private final ImmutableSet.Builder<String> exact = ImmutableSet.builder();
        private final ImmutableSet.Builder<String> wildcardParents = ImmutableSet.builder();
        private final ImmutableSet.Builder<String> exceptions = ImmutableSet.builder();
        private int ruleLines;

        /** Adds a lowercased rule; false if it is not well formed. */
        boolean add(String rule) {
            if (rule.startsWith("!")) {
                String name = rule.substring(1);
                // An exception names a registrable domain, so it has a suffix to fall back to.
                if (!isRuleName(name) || name.indexOf('.') < 0) {
                    return false;
                }
                addWithTwin(exceptions, name);
            } else if (rule.startsWith("*.")) {
                String parent = rule.substring(2);
                if (!isRuleName(parent)) {
                    return false;
                }
                addWithTwin(wildcardParents, parent);
            } else {
                if (!isRuleName(rule)) {
                    return false;
                }
                addWithTwin(exact, rule);
            }
            ruleLines++;
            return true;
        }

        PublicSuffixList build() {
            return new PublicSuffixList(exact.build(), wildcardParents.build(), exceptions.build(), false);
        }

        private static void addWithTwin(ImmutableSet.Builder<String> set, String name) {
            set.add(name);
            if (!isAscii(name)) {
                try {
                    set.add(IDN.toASCII(name).toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    // No valid ASCII form: no punycode name in a log can match it either.
                }
            }
        }

        /**
         * Dot-separated non-empty labels; ASCII characters limited to letters, digits, '-' and '_'
         * (Guava's host-name alphabet), anything non-ASCII left to IDN. This rejects wildcards
         * other than the leading one, which the PSL format does not allow.
         */
        private static boolean isRuleName(String name) {
            if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 128
                        && !(c >= 'a' && c <= 'z')
                        && !(c >= '0' && c <= '9')
                        && c != '-'
                        && c != '_'
                        && c != '.') {
                    return false;
                }
                if (c >= 128 && (Character.isWhitespace(c) || Character.isISOControl(c))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 128) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Open addressing from rule texts to their kinds, looked up by a suffix of a name without cutting the suffix
     * out: a substring per label of every lookup was most of the matching's cost.
     */
    private static final class SuffixTable implements Serializable {
        private static final long serialVersionUID = 1L;
        static final int ABSENT = -1;

        private final String[] keys;
        private final byte[] values;
        private final int mask;

        SuffixTable(Map<String, Byte> entries) {
            int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 3)) << 1;
            keys = new String[capacity];
            values = new byte[capacity];
            mask = capacity - 1;
            entries.forEach((key, value) -> {
                int i = hash(key, 0) & mask;
                while (keys[i] != null) i = (i + 1) & mask;
                keys[i] = key;
                values[i] = value;
            });
        }

        /** The kinds of {@code name.substring(from)}, or {@link #ABSENT}. */
        int find(String name, int from) {
            int length = name.length() - from;
            for (int i = hash(name, from) & mask; keys[i] != null; i = (i + 1) & mask) {
                String key = keys[i];
                if (key.length() == length && name.regionMatches(from, key, 0, length)) return values[i];
            }
            return ABSENT;
        }

        private static int hash(String s, int from) {
            int h = 0;
            for (int i = from; i < s.length(); i++) h = 31 * h + s.charAt(i);
            return h ^ (h >>> 16);
        }
    }

    private static final class BundledHolder {
        static final PublicSuffixList INSTANCE = fromGuava();

        private static PublicSuffixList fromGuava() {
            // Guava stores the rules without their "*." and "!" markers, one map per kind, and
            // already includes the punycode twin of every internationalised rule.
            return new PublicSuffixList(
                    ImmutableSet.copyOf(PublicSuffixPatterns.EXACT.keySet()),
                    ImmutableSet.copyOf(PublicSuffixPatterns.UNDER.keySet()),
                    ImmutableSet.copyOf(PublicSuffixPatterns.EXCLUDED.keySet()),
                    true);
        }
    }

    /** Stands in for the bundled list in a serialized stream and becomes it again on reading. */
    private static final class BundledMarker implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() throws ObjectStreamException {
            return bundled();
        }
    }
}
