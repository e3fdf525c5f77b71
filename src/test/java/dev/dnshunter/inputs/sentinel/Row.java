package dev.dnshunter.inputs.sentinel;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one JSON line from raw JSON values, so tests can swap or drop a single column of a known-good row. */
final class Row {
    private final LinkedHashMap<String, String> fields;

    private Row(LinkedHashMap<String, String> fields) {
        this.fields = fields;
    }

    /** Pairs of column name and raw JSON value, e.g. {@code of("Port", "443", "Name", str("a"))}. */
    static Row of(String... namesAndValues) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) m.put(namesAndValues[i], namesAndValues[i + 1]);
        return new Row(m);
    }

    /** A JSON string literal; test values never need escaping. */
    static String str(String s) {
        return '"' + s + '"';
    }

    Row with(String name, String rawJson) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(fields);
        m.put(name, rawJson);
        return new Row(m);
    }

    Row without(String name) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(fields);
        m.remove(name);
        return new Row(m);
    }

    String line() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (b.length() > 1) b.append(',');
            b.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return b.append('}').toString();
    }

    @Override
    public String toString() {
        return line();
    }
}
