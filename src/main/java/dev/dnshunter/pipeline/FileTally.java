package dev.dnshunter.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines one input file gave, counted by the reader itself: every line read (including those before a damage
 * that stopped the file), how many of them were blank, and how many the parser skipped without a record (rows the
 * detections do not use and whose time is unknown, such as header lines), by reason. The record router adds them up,
 * so that a run can show that every line read was used, skipped, blank or a dead letter.
 */
public class FileTally {
    public String file;
    public long lines;
    public long blankLines;
    public long skippedLines;
    /** {@link #skippedLines} by the parser's reason (a constant such as "header line"). */
    public Map<String, Long> skippedReasons = new LinkedHashMap<>();

    public FileTally() {}

    public FileTally(String file, long lines, long blankLines, long skippedLines) {
        this(file, lines, blankLines, skippedLines, Map.of());
    }

    public FileTally(String file, long lines, long blankLines, long skippedLines, Map<String, Long> skippedReasons) {
        this.file = file;
        this.lines = lines;
        this.blankLines = blankLines;
        this.skippedLines = skippedLines;
        this.skippedReasons = new LinkedHashMap<>(skippedReasons);
    }
}
