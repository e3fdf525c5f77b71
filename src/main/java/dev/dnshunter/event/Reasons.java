package dev.dnshunter.event;

/** How a bad record's reason quotes the offending value: escaped, on one line, cut to a readable length. */
public final class Reasons {
    public static final int MAX_QUOTED = 64;

    private Reasons() {}

    /** {@code value} in double quotes, escaped and cut to about {@link #MAX_QUOTED} characters. */
    public static String quote(String value) {
        return '"' + shorten(value, MAX_QUOTED) + '"';
    }

    /** Cuts {@code s} to about {@code max} characters and escapes what would break a one-line reason. */
    public static String shorten(String s, int max) {
        if (s == null) return "";
        int end = Math.min(s.length(), max);
        if (end < s.length() && end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) end--;
        StringBuilder b = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (end < s.length()) b.append("...");
        return b.toString();
    }
}
