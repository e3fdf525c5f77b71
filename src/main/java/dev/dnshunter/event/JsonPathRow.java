package dev.dnshunter.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One JSON-lines row of a nested document (Elastic ECS, Suricata eve) reduced to the values of a fixed set of dotted
 * paths, read in one streaming pass. A path matches nested objects ({@code {"dns":{"question":{"name":…}}}}), dotted
 * keys ({@code {"dns.question.name":…}}) and any mix of the two; an array of objects on the way is walked element by
 * element ({@code dns.answers} with {@code data} in each). Subtrees nobody asked for are skipped without decoding.
 *
 * <p>A path is a scalar (the last value wins, as for a duplicate key in {@link JsonRow}) or, declared with a trailing
 * {@code []}, a list that collects every scalar met at that path (a single scalar counts as a list of one). A path
 * ending in {@code .*} is a list of every scalar under any key of that object ({@code dns.grouped.*}). Not thread-safe:
 * each parser owns one and reuses it.
 */
public final class JsonPathRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final byte ABSENT = 0;
    private static final byte STRING = 1;
    private static final byte NUMBER = 2;
    private static final byte BOOLEAN = 3;

    /** A node of the path trie: one key segment. */
    private static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        final String segment;
        Node[] children = new Node[0];
        /** The path index of a leaf, else -1. */
        int leaf = -1;
        boolean list;
        /** Every key below collects into {@link #leaf}'s list. */
        boolean wildcard;

        Node(String segment) {
            this.segment = segment;
        }

        Node child(String s) {
            for (Node c : children) if (c.segment.equals(s)) return c;
            Node c = new Node(s);
            children = Arrays.copyOf(children, children.length + 1);
            children[children.length - 1] = c;
            return c;
        }
    }

    private final String[] names;
    private final Node root = new Node("");
    private final byte[] kinds;
    private final String[] texts;
    private final List<String>[] lists;

    @SuppressWarnings("unchecked")
    public JsonPathRow(String... paths) {
        names = new String[paths.length];
        kinds = new byte[paths.length];
        texts = new String[paths.length];
        lists = new List[paths.length];
        for (int i = 0; i < paths.length; i++) {
            String p = paths[i];
            boolean list = p.endsWith("[]");
            boolean wildcard = p.endsWith(".*");
            String name = list ? p.substring(0, p.length() - 2) : wildcard ? p.substring(0, p.length() - 2) : p;
            names[i] = name;
            Node n = root;
            for (String s : name.split("\\.")) n = n.child(s);
            n.leaf = i;
            n.list = list || wildcard;
            n.wildcard = wildcard;
        }
    }

    /**
     * Reads {@code line}, replacing the previous row's values.
     *
     * @return false for a blank line
     * @throws BadRecordException if the line is anything but exactly one JSON object
     */
    public boolean read(String line) throws BadRecordException {
        Arrays.fill(kinds, ABSENT);
        Arrays.fill(texts, null);
        for (List<String> l : lists) if (l != null) l.clear();
        if (line == null || line.isBlank()) return false;
        if (line.charAt(0) == '\uFEFF') line = line.substring(1);
        try (JsonParser p = JsonRow.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException("not a JSON object");
            readObject(p, root);
            if (p.nextToken() != null) throw new BadRecordException("trailing data after JSON object");
            return true;
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + Reasons.shorten(e.getOriginalMessage(), 120));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new BadRecordException("invalid JSON: " + e.getClass().getSimpleName());
        }
    }

    /** The fields of an object whose start has been read, against the trie node it sits at. */
    private void readObject(JsonParser p, Node at) throws IOException, BadRecordException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) throw new IllegalStateException("unexpected token " + t);
            String key = p.currentName();
            t = p.nextToken();
            if (at.wildcard) {
                // Any key of a wildcard object: its scalars (or lists of scalars) collect; objects (SOA, SRV) do not.
                readValue(p, t, at, false);
                continue;
            }
            Node n = walk(at, key);
            if (n == null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
                continue;
            }
            // A dotted key that runs past a wildcard node ("dns.grouped.A") already names one of its keys.
            readValue(p, t, n, !n.wildcard || key.endsWith(n.segment));
        }
    }

    /** @param entering whether an object here is the node's own object (else, under a wildcard, one to skip) */
    private void readValue(JsonParser p, JsonToken t, Node n, boolean entering) throws IOException, BadRecordException {
        if (t == JsonToken.START_OBJECT) {
            if (n.wildcard) {
                if (entering) readObject(p, n);
                else p.skipChildren();
            } else if (n.leaf >= 0) {
                if (!n.list) throw new BadRecordException("unparsable " + names[n.leaf] + ": an object");
                p.skipChildren();
            } else {
                readObject(p, n);
            }
        } else if (t == JsonToken.START_ARRAY) {
            if (n.leaf >= 0 && !n.list) throw new BadRecordException("unparsable " + names[n.leaf] + ": a list");
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.START_ARRAY) p.skipChildren();
                else readValue(p, t, n, false);
            }
        } else if (n.leaf >= 0) {
            int f = n.leaf;
            byte kind;
            String text;
            switch (t) {
                case VALUE_STRING -> { kind = STRING; text = p.getText(); }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> { kind = NUMBER; text = p.getText(); }
                case VALUE_TRUE -> { kind = BOOLEAN; text = "true"; }
                case VALUE_FALSE -> { kind = BOOLEAN; text = "false"; }
                default -> { kind = ABSENT; text = null; }
            }
            if (n.list) {
                if (text != null) {
                    if (lists[f] == null) lists[f] = new ArrayList<>(4);
                    lists[f].add(text);
                    kinds[f] = kind;
                }
            } else {
                kinds[f] = kind;
                texts[f] = text;
            }
        }
        // a scalar at an inner node (e.g. "dns": "x") is not a value anyone asked for
    }

    /** The node a key leads to from {@code at}, following its dots; null when it leads nowhere wanted. */
    private static Node walk(Node at, String key) {
        int start = 0;
        Node n = at;
        while (n != null) {
            int dot = key.indexOf('.', start);
            int end = dot < 0 ? key.length() : dot;
            Node next = null;
            for (Node c : n.children) {
                if (c.segment.length() == end - start && key.regionMatches(start, c.segment, 0, end - start)) {
                    next = c;
                    break;
                }
            }
            n = next;
            if (dot < 0 || (n != null && n.wildcard)) return n;
            start = dot + 1;
        }
        return null;
    }

    public String name(int f) {
        return names[f];
    }

    public boolean isPresent(int f) {
        return kinds[f] != ABSENT;
    }

    /** A scalar's text (numbers and booleans as their JSON text); null when absent. */
    public String string(int f) {
        return texts[f];
    }

    public boolean isString(int f) {
        return kinds[f] == STRING;
    }

    /** A list path's values in document order; empty when none. */
    public List<String> list(int f) {
        List<String> l = lists[f];
        return l == null ? List.of() : l;
    }

    public String requiredString(int f) throws BadRecordException {
        if (texts[f] == null) throw new BadRecordException("missing " + names[f]);
        return texts[f];
    }

    /** A non-negative integer (a JSON number or a string of digits); -1 when absent. */
    public long optionalCount(int f) throws BadRecordException {
        String s = texts[f];
        if (s == null) return -1;
        if (kinds[f] == BOOLEAN || s.isEmpty() || s.length() > 18) throw unparsable(f);
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw s.charAt(0) == '-' ? new BadRecordException(names[f] + " out of range " + describe(f)) : unparsable(f);
            n = n * 10 + (c - '0');
        }
        return n;
    }

    public int requiredPort(int f) throws BadRecordException {
        long p = optionalCount(f);
        if (p < 0) throw new BadRecordException("missing " + names[f]);
        if (p > 65_535) throw new BadRecordException(names[f] + " out of range " + describe(f));
        return (int) p;
    }

    public BadRecordException unparsable(int f) {
        return new BadRecordException("unparsable " + names[f] + " " + describe(f));
    }

    private String describe(int f) {
        return kinds[f] == STRING ? Reasons.quote(texts[f]) : Reasons.shorten(texts[f], Reasons.MAX_QUOTED);
    }
}
