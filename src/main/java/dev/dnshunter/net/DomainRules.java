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
        return mode == DetectionMode.KQL_COMPATIBLE ? lastTwoParts(normalised) : registrableDomain(normalised);
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
        String[] labels = name.split("\\.", -1);
        int suffixLabels = list.publicSuffixLabelCount(labels);
        if (suffixLabels >= labels.length) {
            return name;
        }
        int start = 0;
        for (int i = 0; i < labels.length - suffixLabels - 1; i++) {
            start += labels[i].length() + 1;
        }
        return name.substring(start);
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

    @Override
    public String toString() {
        return "DomainRules[" + mode + ", " + list + "]";
    }
}
