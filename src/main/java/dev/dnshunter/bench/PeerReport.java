package dev.dnshunter.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/** The figures of a comparison with a peer engine, as JSON and as text. */
public final class PeerReport {
    private PeerReport() {}

    /** Medians, per-pair ratios and every run of {@code t}, A named {@code a} and B {@code b}. */
    public static ObjectNode timings(String a, String b, PairedTimings t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("a", a);
        o.put("b", b);
        o.put("pairs", t.pairs().size());
        o.put("medianWallSecondsA", round(t.medianWallA()));
        o.put("medianWallSecondsB", round(t.medianWallB()));
        o.put("medianCpuSecondsA", round(t.medianCpuA()));
        o.put("medianCpuSecondsB", round(t.medianCpuB()));
        o.put("medianWallRatio", round(t.medianWallRatio()));
        o.put("medianCpuRatio", round(t.medianCpuRatio()));
        ArrayNode runs = o.putArray("runs");
        for (PairedTimings.Pair p : t.pairs()) {
            ObjectNode r = runs.addObject();
            r.put("wallSecondsA", round(p.a().wallSeconds()));
            r.put("cpuSecondsA", round(p.a().cpuSeconds()));
            r.put("wallSecondsB", round(p.b().wallSeconds()));
            r.put("cpuSecondsB", round(p.b().cpuSeconds()));
            r.put("wallRatio", round(p.wallRatio()));
            r.put("cpuRatio", round(p.cpuRatio()));
        }
        return o;
    }

    /** Counts and examples of an alert comparison. */
    public static ObjectNode alerts(AlertDiff.Result d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("identical", d.identical());
        o.put("ours", d.ours());
        o.put("peer", d.peer());
        o.put("onlyOurs", d.onlyOurs());
        o.put("onlyPeer", d.onlyPeer());
        o.put("mismatchedAlerts", d.mismatchedAlerts());
        o.put("mismatchedFields", d.mismatchedFields());
        o.put("duplicateKeys", d.duplicateKeys());
        d.onlyOursExamples().forEach(o.putArray("onlyOursExamples")::add);
        d.onlyPeerExamples().forEach(o.putArray("onlyPeerExamples")::add);
        ArrayNode m = o.putArray("mismatchExamples");
        for (AlertDiff.Mismatch x : d.mismatchExamples()) {
            m.addObject().put("key", x.key()).put("field", x.field()).put("ours", x.ours()).put("peer", x.peer());
        }
        return o;
    }

    /** One line per pair and one of medians, for the terminal. */
    public static void print(String title, String a, String b, PairedTimings t, PrintStream out) {
        out.println(title);
        out.printf("  %-6s %12s %12s %12s %12s %10s %10s%n", "pair", a + " wall", b + " wall", a + " CPU", b + " CPU", "wall A/B", "CPU A/B");
        int i = 1;
        for (PairedTimings.Pair p : t.pairs()) {
            out.printf("  %-6d %12.2f %12.2f %12.2f %12.2f %9.2f× %9.2f×%n", i++, p.a().wallSeconds(), p.b().wallSeconds(),
                    p.a().cpuSeconds(), p.b().cpuSeconds(), p.wallRatio(), p.cpuRatio());
        }
        out.printf("  %-6s %12.2f %12.2f %12.2f %12.2f %9.2f× %9.2f×%n", "median", t.medianWallA(), t.medianWallB(),
                t.medianCpuA(), t.medianCpuB(), t.medianWallRatio(), t.medianCpuRatio());
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
