package dev.dnshunter.inspect;

import dev.dnshunter.event.DeadLetter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code inspect} found in one file: its format, and what the backfill would make of each of its lines (the
 * counts add up as the backfill's do: {@code rows = used + skipped + blank + dead letters}), with the rules' view of
 * the records (qualifying lookups, TXT queries, outbound flows to public addresses) and the span of its event times.
 */
public final class FileReport {
    /** The format of a file no input recognized. */
    public static final String UNRECOGNIZED = "unrecognized";

    public final String path;
    /** An input id ({@code zeek-dns}, ...), or {@link #UNRECOGNIZED}. */
    public final String format;
    public long rows;
    public long used;
    public long blank;
    public long dnsQueries;
    public long lookups;
    public long txtQueries;
    public long flows;
    public long outboundPublicFlows;
    public final Map<String, Long> skipped = new TreeMap<>();
    /** Dead letters of lines by the kind of their reason ({@link #kind}). */
    public final Map<String, Long> deadLetters = new TreeMap<>();
    /** Why the file could not be read to its end, or null. */
    public String damage;
    /** Epoch ms of the earliest and latest row with a time (used or skipped); {@link Long#MIN_VALUE} without one. */
    public long firstTime = Long.MIN_VALUE;
    public long lastTime = Long.MIN_VALUE;

    public FileReport(String path, String format) {
        this.path = path;
        this.format = format;
    }

    public boolean recognized() {
        return !UNRECOGNIZED.equals(format);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    void time(long t) {
        if (t == Long.MIN_VALUE) return;
        if (firstTime == Long.MIN_VALUE || t < firstTime) firstTime = t;
        if (lastTime == Long.MIN_VALUE || t > lastTime) lastTime = t;
    }

    /** An event time as ISO-8601 UTC, or null. */
    public static String iso(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** The equation of this file's lines, as the backfill prints it for a run. */
    public String equation() {
        return String.format("%d lines read = %d used + %d skipped + %d blank + %d dead letters", rows, used, skippedTotal(), blank,
                deadLetterTotal());
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * A dead letter's reason without the values it quotes, so that reasons group: {@code unparsable ts "yesterday"}
     * becomes {@code unparsable ts}, {@code 3 columns, #fields names 24} becomes {@code N columns, #fields names N}.
     */
    public static String kind(String reason) {
        if (reason == null || reason.isBlank()) return "no reason";
        if (reason.startsWith(DeadLetter.INVALID_UTF8)) return DeadLetter.INVALID_UTF8;
        int end = reason.length();
        for (char c : new char[] {'"', ':', '{', '['}) {
            int i = reason.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        String kind = DIGITS.matcher(reason.substring(0, end)).replaceAll("N").strip();
        while (kind.endsWith(",") || kind.endsWith(";")) kind = kind.substring(0, kind.length() - 1).strip();
        return kind.isEmpty() ? reason.strip() : kind;
    }
}
