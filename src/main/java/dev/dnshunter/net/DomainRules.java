package dev.dnshunter.net;

import com.google.common.net.InternetDomainName;
import dev.dnshunter.config.DetectionMode;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/** Maps a queried name to the domain that rarity is counted over. */
public final class DomainRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int MAX_NAME_LENGTH = 253;

    private final PublicSuffixList list;
    private final DetectionMode mode;

    /**
     * @param list the suffix rules; only consulted in {@link DetectionMode#DEFAULT}, so it may be
     *     null in {@link DetectionMode#KQL_COMPATIBLE}
     */
    public DomainRules(PublicSuffixList list, DetectionMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == DetectionMode.DEFAULT) {
            Objects.requireNonNull(list, "list is required in DEFAULT mode");
        }
        this.list = list;
    }

    /** Lowercases and drops one trailing dot, so that a fully qualified name equals its relative spelling. */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * The domain of {@code name}: its registrable domain by the Public Suffix List (DEFAULT) or its
     * last two dot-separated parts as the Sentinel query computes them (KQL_COMPATIBLE). A name
     * that has no registrable domain is its own domain. Never null, never throws.
     */
    public String domainOf(String name) {
        String normalised = normalise(name);
        Last last = LAST.get();
        if (last != null && last.list == list && last.mode == mode && (last.name == normalised || last.name.equals(normalised))) {
            return last.domain;
        }
        String domain = mode == DetectionMode.KQL_COMPATIBLE ? lastTwoParts(normalised) : registrableDomain(normalised);
        LAST.set(new Last(list, mode, normalised, domain));
        return domain;
    }

    /**
     * The last name this thread asked about, with its answer. A job's rules read each query one after another on the
     * thread of its source (chained operators, one record object), each asking for the domain of the same name: the
     * first one works it out, the others find it here (a profile at 10 M events had the same Public Suffix List
     * lookups made three times per query, and a cache of names costing more than a lookup). Rules of the same list
     * and mode agree on every name, so the answer is shared only between them.
     */
    private static final ThreadLocal<Last> LAST = new ThreadLocal<>();

    private record Last(PublicSuffixList list, DetectionMode mode, String name, String domain) {}

    /**
     * Whether {@code name} (normalised) is no narrower than a public suffix, so that no registrable domain lies at
     * or above it: a TLD, or a suffix such as {@code co.uk} (DEFAULT); a single label (KQL_COMPATIBLE, where the
     * domain is the last two parts). Never throws.
     */
    public boolean isPublicSuffix(String name) {
        String n = normalise(name);
        if (n.isEmpty()) return true;
        if (mode == DetectionMode.KQL_COMPATIBLE) return n.indexOf('.') < 0;
        int labels = 1;
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) == '.') labels++;
        }
        return labels <= list.publicSuffixLabelCount(n);
    }

    /**
     * {@code iff(countof(Name,'.') >= 2, strcat(split(Name,'.')[-2], '.', split(Name,'.')[-1]), Name)}:
     * everything after the second-to-last dot, empty parts included.
     */
    private static String lastTwoParts(String name) {
        int last = name.lastIndexOf('.');
        if (last < 0) {
            return name;
        }
        int secondLast = name.lastIndexOf('.', last - 1);
        return secondLast < 0 ? name : name.substring(secondLast + 1);
    }

    private String registrableDomain(String name) {
        if (!isHostName(name)) {
            return name;
        }
        int suffixLabels = list.publicSuffixLabelCount(name);
        // The registrable domain is the public suffix and one label more: start after the (suffixLabels + 1)-th dot
        // from the right, or return the whole name if it has no more labels than that.
        int start = name.length();
        for (int i = 0; i <= suffixLabels; i++) {
            start = name.lastIndexOf('.', start - 1);
            if (start < 0) {
                return name;
            }
        }
        return name.substring(start + 1);
    }

    /**
     * Host-name syntax as Guava's InternetDomainName judges it, plus two things Guava forgives that
     * would make our own label split disagree with it: a trailing dot (one has been removed already,
     * so another means an empty label) and the ideographic/fullwidth dots Guava treats as '.'.
     */
    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.endsWith(".")) {
            return false;
        }
        int ascii = asciiHostName(name);
        if (ascii >= 0) {
            return ascii == 1;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\u3002' || c == '\uFF0E' || c == '\uFF61') {
                return false;
            }
        }
        try {
            return InternetDomainName.isValid(name);
        } catch (RuntimeException e) {
            // Guava throws on a few edge cases instead of answering false (google/guava#7151).
            return false;
        }
    }

    /**
     * Guava's host-name rules for an all-ASCII name, in one pass (Guava's check builds a list of parts and a
     * matcher per part, a large share of domainOf's cost): 1 valid, 0 not, -1 not ASCII (ask Guava). At
     * most 127 labels of 1 to 63 letters, digits, '-' or '_', none starting or ending with '-' or '_', the last not
     * starting with a digit. The length and the trailing dot are checked before.
     */
    static int asciiHostName(String name) {
        int labels = 0;
        int start = 0;
        int n = name.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? name.charAt(i) : '.';
            if (c >= 128) {
                return -1;
            }
            if (c == '.') {
                int length = i - start;
                if (length < 1 || length > 63 || isDash(name.charAt(start)) || isDash(name.charAt(i - 1))) {
                    return asciiRest(name, i + 1);
                }
                labels++;
                start = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || isDash(c))) {
                return asciiRest(name, i + 1);
            }
        }
        char lastFirst = name.charAt(name.lastIndexOf('.') + 1);
        return labels <= 127 && !(lastFirst >= '0' && lastFirst <= '9') ? 1 : 0;
    }

    private static boolean isDash(char c) {
        return c == '-' || c == '_';
    }

    /** Invalid, unless a later character is non-ASCII, which Guava judges differently: then -1. */
    private static int asciiRest(String name, int from) {
        for (int i = from; i < name.length(); i++) {
            if (name.charAt(i) >= 128) {
                return -1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "DomainRules[" + mode + ", " + list + "]";
    }
}
