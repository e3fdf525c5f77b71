package dev.dnshunter.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds every alert's evidence keeps (docs/alerts.md, "Evidence"): at most {@link #MAX_ITEMS} items of each
 * kind, the others only counted, and every item's text at most {@link #MAX_ITEM_CHARS} characters, so that no log
 * line can make an alert too large for the sink. Pure Java.
 */
public final class Evidence {
    /** Items of one kind an alert lists (lookups, answers of a lookup, sample names). */
    public static final int MAX_ITEMS = 10;
    /** Characters of one item's text (a name, an answer): longer than any DNS name (253, 254 with the final dot). */
    public static final int MAX_ITEM_CHARS = 256;

    private Evidence() {}

    /**
     * {@code text}, or its first {@link #MAX_ITEM_CHARS} characters (one fewer rather than split a surrogate pair)
     * followed by {@link AlertJson#TRUNCATED_MARKER} when it is longer; null stays null.
     */
    public static String item(String text) {
        if (text == null || text.length() <= MAX_ITEM_CHARS) return text;
        int end = MAX_ITEM_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end) + AlertJson.TRUNCATED_MARKER;
    }

    /** The answers of a comma-separated answer text as written: each trimmed, blanks dropped, in their order. */
    public static List<String> answers(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated == null) return out;
        int start = 0;
        int n = commaSeparated.length();
        while (start <= n) {
            int comma = commaSeparated.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            String a = commaSeparated.substring(start, end).trim();
            if (!a.isEmpty()) out.add(a);
            start = end + 1;
        }
        return out;
    }

    /** The first {@link #MAX_ITEMS} of {@code items}, each cut by {@link #item}. */
    public static String[] firstItems(List<String> items) {
        int n = Math.min(items.size(), MAX_ITEMS);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = item(items.get(i));
        return out;
    }

    /** How many of {@code total} items a list of {@code listed} leaves out (never negative). */
    public static long omitted(long total, int listed) {
        return Math.max(0, total - listed);
    }
}
