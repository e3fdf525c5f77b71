package dev.dnshunter.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The reports of {@code inspect}: a text table, or one JSON object. */
public final class Reports {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String ROW = "  %-17s %8s %8s %8s %8s %8s %8s %8s %6s %8s  %-24s  %s%n";

    private Reports() {}

    /**
     * {@code {"files":[{"path":…,"format":…,"rows":…,"used":…,"dnsQueries":…,"lookups":…,"txtQueries":…,"flows":…,
     * "outboundPublicFlows":…,"skipped":{reason:count},"blank":…,"deadLetters":{reason:count},"damaged":…,
     * "firstTime":…,"lastTime":…}]}}, on one line.
     */
    public static String json(List<FileReport> files) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("files");
            for (FileReport f : files) {
                g.writeStartObject();
                g.writeStringField("path", f.path);
                g.writeStringField("format", f.format);
                g.writeNumberField("rows", f.rows);
                g.writeNumberField("used", f.used);
                g.writeNumberField("dnsQueries", f.dnsQueries);
                g.writeNumberField("lookups", f.lookups);
                g.writeNumberField("txtQueries", f.txtQueries);
                g.writeNumberField("flows", f.flows);
                g.writeNumberField("outboundPublicFlows", f.outboundPublicFlows);
                counts(g, "skipped", f.skipped);
                g.writeNumberField("blank", f.blank);
                counts(g, "deadLetters", f.deadLetters);
                g.writeStringField("damaged", f.damage);
                g.writeStringField("firstTime", FileReport.iso(f.firstTime));
                g.writeStringField("lastTime", FileReport.iso(f.lastTime));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
        g.writeEndObject();
    }

    /**
     * One block per file: its path, a row of counts, the lines equation, and the skipped rows and dead letters by
     * reason.
     */
    public static void table(List<FileReport> files, PrintStream out) {
        for (FileReport f : files) {
            out.println(f.path);
            if (!f.recognized()) {
                out.println("  format not recognized: give --as INPUT to read it as one (see inspect --help)");
                continue;
            }
            out.printf(ROW, "format", "rows", "used", "skipped", "dead", "dns", "lookups", "txt", "flows", "out-pub",
                    "first", "last");
            out.printf(ROW, f.format, f.rows, f.used, f.skippedTotal(), f.deadLetterTotal(), f.dnsQueries, f.lookups,
                    f.txtQueries, f.flows, f.outboundPublicFlows, orDash(FileReport.iso(f.firstTime)), orDash(FileReport.iso(f.lastTime)));
            out.println("  " + f.equation());
            if (!f.skipped.isEmpty()) out.println("  skipped: " + list(f.skipped));
            if (!f.deadLetters.isEmpty()) out.println("  dead letters: " + list(f.deadLetters));
            if (f.damage != null) out.println("  damaged: " + f.damage);
        }
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String list(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((reason, n) -> b.append(b.length() == 0 ? "" : "; ").append(n).append(' ').append(reason));
        return b.toString();
    }
}
