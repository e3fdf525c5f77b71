package dev.dnshunter.exclusions;

import dev.dnshunter.event.Reasons;
import dev.dnshunter.net.DomainRules;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Locale;

/** Normal forms of what analysts write in an exclusion; each returns null for text it cannot accept. */
final class Values {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private Values() {}

    static String normalise(String kind, String raw) {
        if (kind == null) return null;
        switch (kind) {
            case ExclusionEntry.DOMAIN: return domain(raw);
            case ExclusionEntry.ADDRESS: return address(raw);
            case ExclusionEntry.HOST: return host(raw);
            default: return null;
        }
    }

    /** The reason given when {@link #normalise} refuses {@code raw}. */
    static String invalidReason(String kind, String raw) {
        String quoted = Reasons.quote(raw == null ? "" : raw);
        switch (kind) {
            case ExclusionEntry.DOMAIN: return "not a valid domain: " + quoted;
            case ExclusionEntry.ADDRESS: return "not an IP address or CIDR range: " + quoted;
            default: return "not a valid host name: " + quoted;
        }
    }

    /**
     * Lowercase, one trailing dot dropped, labels of letters, digits, '-' and '_' (service names like _dmarc). Wildcards
     * and a leading dot are refused rather than guessed at: a suffix already covers every name below it.
     */
    static String domain(String raw) {
        if (raw == null) return null;
        String d = DomainRules.normalise(raw.trim());
        if (d.isEmpty() || d.length() > MAX_NAME_LENGTH) return null;
        int labelLength = 0;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '.') {
                if (labelLength == 0) return null;
                labelLength = 0;
            } else if (!isLabelChar(c) || ++labelLength > MAX_LABEL_LENGTH) {
                return null;
            }
        }
        return labelLength == 0 ? null : d;
    }

    private static boolean isLabelChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        // Unicode (not yet punycoded) names; the ideographic full stops are dots to some resolvers, so not letters here.
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK;
    }

    static String address(String raw) {
        Cidr c = raw == null ? null : Cidr.parse(raw.trim());
        return c == null ? null : c.canonical();
    }

    /** Computer names as the event tables write them, lowercased; only emptiness and spacing are refused. */
    static String host(String raw) {
        if (raw == null) return null;
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) return null;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) return null;
        }
        return h;
    }

    /**
     * Epoch milliseconds of an ISO-8601 date-time with Z or an offset, or null. A bare date or local time is refused:
     * which midnight was meant would be a guess.
     */
    static Long instant(String raw) {
        if (raw == null) return null;
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
