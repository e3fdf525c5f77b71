package dev.dnshunter.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One JSON-lines row reduced to the raw values of a fixed set of columns, plus the typed accessors the parsers share.
 *
 * <p>Values are kept raw until the whole object has been read because a duplicate key must replace an earlier value
 * (the last one wins), even one that would have been rejected. Not thread-safe: each parser owns one and reuses it.
 */
public final class JsonRow implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Jackson's default cap (1000) would turn a deeply nested but well-formed unknown column into a bad record. Skipping
     * is iterative, so depth only costs one small context object per level; this cap just bounds that memory.
     */
    public static final int MAX_NESTING_DEPTH = 100_000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    /** Longest piece of input or parser message copied into a reason, so a dead-letter line stays readable. */
    static final int MAX_QUOTED = Reasons.MAX_QUOTED;
    private static final int MAX_MESSAGE = 120;

    private static final byte ABSENT = 0;
    private static final byte STRING = 1;
    private static final byte INTEGER = 2;
    private static final byte FLOAT = 3;
    private static final byte BOOLEAN = 4;
    private static final byte OBJECT = 5;
    private static final byte ARRAY = 6;

    private final String[] names;
    /** Open-addressing table from column name to index: export rows carry many columns nobody reads. */
    private final String[] slotNames;
    private final int[] slotIndexes;
    private final byte[] kinds;
    private final String[] texts;
    /** Reads the byte lines it fully understands; made on first use, as a row travels with its parser. */
    private transient JsonLineScanner scanner;
    private long timeRead = Long.MIN_VALUE;
    /** A column whose time was parsed by whoever filled the row ({@link #putTime}), or -1. */
    private int presetTimeColumn = -1;
    private long presetTime;

    public JsonRow(String... names) {
        this.names = names.clone();
        int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
        slotNames = new String[size];
        slotIndexes = new int[size];
        for (int i = 0; i < names.length; i++) {
            int slot = mix(names[i].hashCode()) & (size - 1);
            while (slotNames[slot] != null) slot = (slot + 1) & (size - 1);
            slotNames[slot] = names[i];
            slotIndexes[slot] = i;
        }
        kinds = new byte[names.length];
        texts = new String[names.length];
    }

    /**
     * Reads {@code line}, replacing the previous row's values.
     *
     * @return false for a blank line, which is not a record at all
     * @throws BadRecordException if the line is anything but exactly one JSON object
     */
    public boolean read(String line) throws BadRecordException {
        clear();
        if (line == null || line.isBlank()) return false;
        // Some exporters start a file with a byte order mark; it is framing, not content.
        if (line.charAt(0) == '\uFEFF') line = line.substring(1);
        String text = line;
        return read(() -> FACTORY.createParser(text));
    }

    /**
     * Reads a line given as UTF-8 bytes that starts with '{' (so it is neither blank nor has a byte order mark): the
     * same values and the same reasons as {@link #read(String)} of its text, without decoding the line into a
     * {@code String} first. A {@link JsonLineScanner} reads the line when it fully understands it (one well-formed
     * object in printable ASCII, ...); any other line, malformed ones included, is read by Jackson's byte parser.
     */
    public boolean read(byte[] utf8, int offset, int length) throws BadRecordException {
        clear();
        if (scanner == null) scanner = new JsonLineScanner(java.util.List.of(names));
        if (scanner.scan(utf8, offset, offset + length)) {
            take(scanner);
            return true;
        }
        return read(() -> FACTORY.createParser(utf8, offset, length));
    }

    /** The scanned members, in the line's order: a duplicate key replaces an earlier value, as in {@link #readFields}. */
    private void take(JsonLineScanner s) {
        for (int i = 0, n = s.count(); i < n; i++) {
            int f = s.column(i);
            byte kind;
            String text = null;
            switch (s.kind(i)) {
                case JsonLineScanner.STRING: kind = STRING; text = s.text(i); break;
                case JsonLineScanner.INTEGER: kind = INTEGER; text = s.text(i); break;
                case JsonLineScanner.FLOAT: kind = FLOAT; text = s.text(i); break;
                case JsonLineScanner.TRUE: kind = BOOLEAN; text = "true"; break;
                case JsonLineScanner.FALSE: kind = BOOLEAN; text = "false"; break;
                case JsonLineScanner.NULL: kind = ABSENT; break;
                case JsonLineScanner.OBJECT: kind = OBJECT; break;
                default: kind = ARRAY;
            }
            kinds[f] = kind;
            texts[f] = text;
        }
    }

    @FunctionalInterface
    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private boolean read(ParserSource source) throws BadRecordException {
        try (JsonParser p = source.open()) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException("not a JSON object");
            readFields(p);
            if (hasTrailingData(p)) throw new BadRecordException("trailing data after JSON object");
            return true;
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + shorten(e.getOriginalMessage(), MAX_MESSAGE));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // An in-memory source cannot fail to read and Jackson reports syntax as JsonProcessingException; this is
            // for whatever else the library might throw, so one odd line never takes the job down.
            throw new BadRecordException("invalid JSON: " + e.getClass().getSimpleName());
        }
    }

    /** Empties the row, for a caller that fills it column by column ({@link #putText}, {@link #putTime}). */
    public void clear() {
        Arrays.fill(kinds, ABSENT);
        Arrays.fill(texts, null);
        timeRead = Long.MIN_VALUE;
        presetTimeColumn = -1;
    }

    /** The index of a column, or -1 when the row does not read it. */
    public int column(String name) {
        return indexOf(name);
    }

    /** The names of the columns the row reads, in index order. */
    public java.util.List<String> names() {
        return java.util.List.of(names);
    }

    /** The name of column {@code f}. */
    public String name(int f) {
        return names[f];
    }

    /** Sets column {@code f} to a string, as a JSON string value would. */
    public void putText(int f, String text) {
        kinds[f] = STRING;
        texts[f] = text;
    }

    /**
     * Sets a time column to {@code text}, already parsed by the caller into {@code millis}: {@link #requiredTime}
     * then returns it as it is.
     */
    public void putTime(int f, String text, long millis) {
        putText(f, text);
        presetTimeColumn = f;
        presetTime = millis;
    }

    private void readFields(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) throw new IllegalStateException("unexpected token " + t);
            int f = indexOf(p.currentName());
            t = p.nextToken();
            if (f < 0) {
                // Only containers need work; Jackson never decodes a scalar nobody asks for.
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
                continue;
            }
            byte kind;
            String text = null;
            switch (t) {
                case VALUE_STRING: kind = STRING; text = p.getText(); break;
                case VALUE_NUMBER_INT: kind = INTEGER; text = p.getText(); break;
                case VALUE_NUMBER_FLOAT: kind = FLOAT; text = p.getText(); break;
                case VALUE_TRUE: kind = BOOLEAN; text = "true"; break;
                case VALUE_FALSE: kind = BOOLEAN; text = "false"; break;
                case VALUE_NULL: kind = ABSENT; break;
                case START_OBJECT: kind = OBJECT; p.skipChildren(); break;
                case START_ARRAY: kind = ARRAY; p.skipChildren(); break;
                default: throw new IllegalStateException("unexpected token " + t);
            }
            kinds[f] = kind;
            texts[f] = text;
        }
    }

    private static boolean hasTrailingData(JsonParser p) {
        try {
            return p.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    private int indexOf(String name) {
        int mask = slotNames.length - 1;
        int slot = mix(name.hashCode()) & mask;
        String candidate;
        while ((candidate = slotNames[slot]) != null) {
            if (candidate == name || candidate.equals(name)) return slotIndexes[slot];
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    public boolean isPresent(int f) {
        return kinds[f] != ABSENT;
    }

    /** The value's text when it is a scalar, for comparing against a constant; null when absent or a container. */
    public String text(int f) {
        return texts[f];
    }

    /** A string column: numbers and booleans become their JSON text; null when absent. */
    public String optionalString(int f) throws BadRecordException {
        byte kind = kinds[f];
        if (kind == OBJECT || kind == ARRAY) throw unparsable(f);
        return texts[f];
    }

    public String requiredString(int f) throws BadRecordException {
        if (kinds[f] == ABSENT) throw missing(f);
        return optionalString(f);
    }

    /** A TimeGenerated column (its reasons name TimeGenerated): a JSON string, never an epoch number. */
    public long requiredTime(int f) throws BadRecordException {
        byte kind = kinds[f];
        if (kind == ABSENT) throw missing(f);
        if (kind != STRING) throw unparsable(f);
        timeRead = f == presetTimeColumn ? presetTime : TimeGenerated.parseMillis(texts[f]);
        return timeRead;
    }

    /**
     * The time {@link #requiredTime} last parsed from the current row, {@link Long#MIN_VALUE} if none: what a parser
     * reports as {@link LineParser#skippedRowTime} for a row it does not use.
     */
    public long timeRead() {
        return timeRead;
    }

    public int requiredPort(int f) throws BadRecordException {
        if (kinds[f] == ABSENT) throw missing(f);
        return (int) integer(f, 0, 65_535);
    }

    /** Validates an optional port the record does not keep. */
    public void checkPort(int f) throws BadRecordException {
        if (kinds[f] != ABSENT) integer(f, 0, 65_535);
    }

    public long requiredCount(int f) throws BadRecordException {
        if (kinds[f] == ABSENT) throw missing(f);
        return integer(f, 0, Long.MAX_VALUE);
    }

    /** Validates an optional signed integer the record does not keep. */
    public void checkInteger(int f) throws BadRecordException {
        if (kinds[f] != ABSENT) integer(f, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * A JSON integer or a string of ASCII decimal digits with an optional leading '-'; the sign is accepted here and
     * rejected by the range, so "-5" bytes reads as out of range rather than as gibberish.
     */
    private long integer(int f, long min, long max) throws BadRecordException {
        byte kind = kinds[f];
        if (kind != INTEGER && kind != STRING) throw unparsable(f);
        String s = texts[f];
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        int i = negative ? 1 : 0;
        if (i == n) throw unparsable(f);
        // Accumulate negatively: Long.MIN_VALUE has no positive counterpart.
        long value = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) throw unparsable(f);
            if (value < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
            } else {
                value = value * 10 - d;
            }
        }
        if (overflow || (!negative && value == Long.MIN_VALUE)) throw outOfRange(f);
        if (negative && min >= 0) throw outOfRange(f);
        long result = negative ? value : -value;
        if (result < min || result > max) throw outOfRange(f);
        return result;
    }

    private BadRecordException missing(int f) {
        return new BadRecordException("missing " + names[f]);
    }

    private BadRecordException unparsable(int f) {
        return new BadRecordException("unparsable " + names[f] + " " + describe(f));
    }

    private BadRecordException outOfRange(int f) {
        return new BadRecordException(names[f] + " out of range " + describe(f));
    }

    private String describe(int f) {
        switch (kinds[f]) {
            case STRING: return quote(texts[f]);
            case OBJECT: return "{...}";
            case ARRAY: return "[...]";
            default: return shorten(texts[f], MAX_QUOTED);
        }
    }

    public static String quote(String value) {
        return Reasons.quote(value);
    }

    static String shorten(String s, int max) {
        return Reasons.shorten(s, max);
    }
}
