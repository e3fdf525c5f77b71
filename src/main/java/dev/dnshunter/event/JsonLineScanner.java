package dev.dnshunter.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the values of a few top-level keys in one JSON-lines row given as bytes, without a tokenizer: strings are
 * skipped by scanning for their closing quote (and backslashes), nested objects and arrays by their depth, and only
 * the wanted values are looked at. Every byte of the line is still checked against the JSON grammar (RFC 8259), so a
 * line it accepts is exactly one well-formed JSON object.
 *
 * <p>It does not try to understand everything: {@link #scan} returns false for a line that is not exactly one JSON
 * object <em>and</em> for one it leaves to a full parser (any byte outside printable ASCII but tab and CR, a key with
 * an escape, nesting deeper than {@value #MAX_DEPTH}, a number longer than {@value #MAX_NUMBER} characters, a line longer
 * than {@value #MAX_LINE} bytes). A caller
 * hands such a line to Jackson, so what it makes of every line, good or bad, is what Jackson makes of it.
 *
 * <p>After a successful scan the wanted members are listed in the order of the line, duplicates included
 * ({@link #count}, {@link #column}, {@link #kind}, {@link #text}). Not thread-safe: each reader owns one.
 */
public final class JsonLineScanner {
    public static final byte STRING = 1;
    public static final byte INTEGER = 2;
    public static final byte FLOAT = 3;
    public static final byte TRUE = 4;
    public static final byte FALSE = 5;
    public static final byte NULL = 6;
    public static final byte OBJECT = 7;
    public static final byte ARRAY = 8;

    /** Deeper nesting (the row's own object is level 1) is left to the full parser, whose own limit may differ. */
    public static final int MAX_DEPTH = 64;
    /** Longer numbers are left to the full parser (Jackson caps them at 1000 characters by default). */
    public static final int MAX_NUMBER = 100;
    /**
     * Longer lines are left to the full parser: within this length no name or string can reach Jackson's default caps
     * (50,000 characters for a name, 20 million for a string), which the scanner does not apply.
     */
    public static final int MAX_LINE = 32 * 1024;

    private final byte[][] names;
    /** Per key length, the indexes of the wanted names of that length. */
    private final int[][] byLength;

    private byte[] line;
    private int count;
    private int[] columns = new int[16];
    private byte[] kinds = new byte[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] escaped = new boolean[16];
    private char[] chars = new char[64];

    /** @param names the top-level keys to find, in printable ASCII without quotes or backslashes */
    public JsonLineScanner(List<String> names) {
        this.names = new byte[names.size()][];
        int longest = 0;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            for (int k = 0; k < n.length(); k++) {
                char c = n.charAt(k);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') throw new IllegalArgumentException("not a plain key: " + n);
            }
            this.names[i] = n.getBytes(StandardCharsets.US_ASCII);
            longest = Math.max(longest, n.length());
        }
        byLength = new int[longest + 1][];
        for (int i = 0; i < this.names.length; i++) {
            int len = this.names[i].length;
            int[] old = byLength[len];
            int[] now = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
            now[now.length - 1] = i;
            byLength[len] = now;
        }
    }

    /**
     * Scans {@code b[from, to)}.
     *
     * @return true when the range is exactly one JSON object (whitespace around it allowed) that this scanner fully
     *     understood; false for anything else, to be read by a full parser (and then nothing is listed)
     */
    public boolean scan(byte[] b, int from, int to) {
        line = b;
        count = 0;
        if (scanObject(b, from, to)) return true;
        count = 0;
        return false;
    }

    private boolean scanObject(byte[] b, int from, int to) {
        if (to - from > MAX_LINE) return false;
        int i = ws(b, from, to);
        if (i >= to || b[i] != '{') return false;
        i = ws(b, i + 1, to);
        if (i >= to) return false;
        if (b[i] == '}') {
            i++;
        } else {
            while (true) {
                if (b[i] != '"') return false;
                int ks = i + 1;
                int ke = ByteSearch.special(b, ks, to);
                // Not a closing quote: the end of the line, an escaped key, a control or non-ASCII byte.
                if (ke >= to || b[ke] != '"') return false;
                int column = lookup(b, ks, ke);
                i = ws(b, ke + 1, to);
                if (i >= to || b[i] != ':') return false;
                i = ws(b, i + 1, to);
                if (i >= to) return false;
                i = value(b, i, to, column, 0);
                if (i < 0) return false;
                i = ws(b, i, to);
                if (i >= to) return false;
                byte c = b[i];
                if (c == '}') {
                    i++;
                    break;
                }
                if (c != ',') return false;
                i = ws(b, i + 1, to);
                if (i >= to) return false;
            }
        }
        return ws(b, i, to) == to;
    }

    /** Wanted members found by the last successful scan. */
    public int count() {
        return count;
    }

    /** The index (in the constructor's list) of the name of the {@code i}-th member found. */
    public int column(int i) {
        return columns[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    /** The length of the value's text: a string's characters once decoded, a number's or literal's characters. */
    public int length(int i) {
        if (kinds[i] == STRING && escaped[i]) return decode(i);
        return ends[i] - starts[i];
    }

    /**
     * The value as a JSON parser reports its text: a string decoded, a number as written, true, false or null; for
     * an object or an array its raw text.
     */
    public String text(int i) {
        if (kinds[i] == STRING && escaped[i]) return new String(chars, 0, decode(i));
        return new String(line, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    private int lookup(byte[] b, int s, int e) {
        int len = e - s;
        if (len >= byLength.length) return -1;
        int[] candidates = byLength[len];
        if (candidates == null) return -1;
        for (int k : candidates) {
            if (Arrays.equals(b, s, e, names[k], 0, len)) return k;
        }
        return -1;
    }

    /** The index after the value starting at {@code i}, or -1; records it when {@code column >= 0}. */
    private int value(byte[] b, int i, int to, int column, int depth) {
        byte c = b[i];
        int end;
        byte kind;
        boolean esc = false;
        int start = i;
        switch (c) {
            case '"': {
                start = i + 1;
                int j = start;
                while (true) {
                    j = ByteSearch.special(b, j, to);
                    if (j >= to) return -1;
                    byte d = b[j];
                    if (d == '"') break;
                    if (d != '\\') return -1;   // a control or non-ASCII byte
                    j = escape(b, j, to);
                    if (j < 0) return -1;
                    esc = true;
                }
                if (column >= 0) add(column, STRING, start, j, esc);
                return j + 1;
            }
            case '{':
            case '[':
                if (depth + 2 > MAX_DEPTH) return -1;   // the row's object is level 1, a container at the top level 2
                end = c == '{' ? object(b, i, to, depth + 1) : array(b, i, to, depth + 1);
                kind = c == '{' ? OBJECT : ARRAY;
                break;
            case 't':
                end = literal(b, i, to, TRUE_BYTES);
                kind = TRUE;
                break;
            case 'f':
                end = literal(b, i, to, FALSE_BYTES);
                kind = FALSE;
                break;
            case 'n':
                end = literal(b, i, to, NULL_BYTES);
                kind = NULL;
                break;
            default:
                end = number(b, i, to);
                kind = end > 0 && isFloat(b, i, end) ? FLOAT : INTEGER;
        }
        if (end < 0) return -1;
        if (column >= 0) add(column, kind, start, end, false);
        return end;
    }

    private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};

    private static int literal(byte[] b, int i, int to, byte[] word) {
        int end = i + word.length;
        if (end > to || !Arrays.equals(b, i, end, word, 0, word.length)) return -1;
        return end;
    }

    /** The index after a number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or -1. */
    private static int number(byte[] b, int i, int to) {
        int j = i;
        if (b[j] == '-') j++;
        if (j >= to) return -1;
        if (b[j] == '0') {
            j++;
        } else if (digit(b[j])) {
            j++;
            while (j < to && digit(b[j])) j++;
        } else {
            return -1;
        }
        if (j < to && b[j] == '.') {
            j++;
            if (j >= to || !digit(b[j])) return -1;
            while (j < to && digit(b[j])) j++;
        }
        if (j < to && (b[j] == 'e' || b[j] == 'E')) {
            j++;
            if (j < to && (b[j] == '+' || b[j] == '-')) j++;
            if (j >= to || !digit(b[j])) return -1;
            while (j < to && digit(b[j])) j++;
        }
        return j - i > MAX_NUMBER ? -1 : j;
    }

    private static boolean isFloat(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (c == '.' || c == 'e' || c == 'E') return true;
        }
        return false;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The index after the escape sequence at {@code b[j] == '\\'}, or -1. */
    private static int escape(byte[] b, int j, int to) {
        if (j + 1 >= to) return -1;
        switch (b[j + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                return j + 2;
            case 'u':
                if (j + 6 > to) return -1;
                for (int k = j + 2; k < j + 6; k++) {
                    if (hex(b[k]) < 0) return -1;
                }
                return j + 6;
            default:
                return -1;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private int object(byte[] b, int i, int to, int depth) {
        int j = ws(b, i + 1, to);
        if (j >= to) return -1;
        if (b[j] == '}') return j + 1;
        while (true) {
            if (b[j] != '"') return -1;
            j = value(b, j, to, -1, depth);   // the key: a string
            if (j < 0) return -1;
            j = ws(b, j, to);
            if (j >= to || b[j] != ':') return -1;
            j = ws(b, j + 1, to);
            if (j >= to) return -1;
            j = value(b, j, to, -1, depth);
            if (j < 0) return -1;
            j = ws(b, j, to);
            if (j >= to) return -1;
            if (b[j] == '}') return j + 1;
            if (b[j] != ',') return -1;
            j = ws(b, j + 1, to);
            if (j >= to) return -1;
        }
    }

    private int array(byte[] b, int i, int to, int depth) {
        int j = ws(b, i + 1, to);
        if (j >= to) return -1;
        if (b[j] == ']') return j + 1;
        while (true) {
            j = value(b, j, to, -1, depth);
            if (j < 0) return -1;
            j = ws(b, j, to);
            if (j >= to) return -1;
            if (b[j] == ']') return j + 1;
            if (b[j] != ',') return -1;
            j = ws(b, j + 1, to);
            if (j >= to) return -1;
        }
    }

    /** The first index at or after {@code i} that is not JSON whitespace (space, tab, LF, CR). */
    private static int ws(byte[] b, int i, int to) {
        while (i < to) {
            byte c = b[i];
            if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) return i;
            i++;
        }
        return i;
    }

    private void add(int column, byte kind, int start, int end, boolean esc) {
        if (count == columns.length) {
            int n = count * 2;
            columns = Arrays.copyOf(columns, n);
            kinds = Arrays.copyOf(kinds, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            escaped = Arrays.copyOf(escaped, n);
        }
        columns[count] = column;
        kinds[count] = kind;
        starts[count] = start;
        ends[count] = end;
        escaped[count] = esc;
        count++;
    }

    /** Decodes the escaped string value {@code i} into {@link #chars}; its length. */
    private int decode(int i) {
        byte[] b = line;
        int end = ends[i];
        if (chars.length < end - starts[i]) chars = new char[end - starts[i]];
        int n = 0;
        for (int j = starts[i]; j < end; ) {
            byte c = b[j];
            if (c != '\\') {
                chars[n++] = (char) c;
                j++;
                continue;
            }
            byte e = b[j + 1];
            switch (e) {
                case 'b': chars[n++] = '\b'; break;
                case 'f': chars[n++] = '\f'; break;
                case 'n': chars[n++] = '\n'; break;
                case 'r': chars[n++] = '\r'; break;
                case 't': chars[n++] = '\t'; break;
                case 'u':
                    chars[n++] = (char) (hex(b[j + 2]) << 12 | hex(b[j + 3]) << 8 | hex(b[j + 4]) << 4 | hex(b[j + 5]));
                    j += 4;
                    break;
                default: chars[n++] = (char) e;   // '"', '\\', '/'
            }
            j += 2;
        }
        return n;
    }
}
