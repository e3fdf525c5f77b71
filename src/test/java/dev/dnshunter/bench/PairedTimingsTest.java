package dev.dnshunter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PairedTimingsTest {
    static PairedTimings threePairs() {
        PairedTimings t = new PairedTimings();
        t.add(new PairedTimings.Run(20, 40), new PairedTimings.Run(2, 4));   // 10×
        t.add(new PairedTimings.Run(30, 45), new PairedTimings.Run(5, 5));   // 6×, 9× CPU
        t.add(new PairedTimings.Run(24, 48), new PairedTimings.Run(3, 6));   // 8×
        return t;
    }

    @Test
    void mediansAreOfEachSideAndTheRatioIsTheMedianOfThePairsRatios() {
        PairedTimings t = threePairs();
        assertEquals(24, t.medianWallA());
        assertEquals(3, t.medianWallB());
        assertEquals(45, t.medianCpuA());
        assertEquals(5, t.medianCpuB());
        // The median of 10, 6 and 8: not 24 / 3.
        assertEquals(8, t.medianWallRatio());
        assertEquals(9, t.medianCpuRatio());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, PairedTimings.median(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(PairedTimings.median(new double[0])));
    }

    @Test
    void reportHoldsEveryRunAndTheRatioPerPair() {
        ObjectNode o = PeerReport.timings("dns-hunter", "duckdb", threePairs());
        assertEquals(3, o.get("pairs").asInt());
        assertEquals(8.0, o.get("medianWallRatio").asDouble());
        assertEquals(6.0, o.get("runs").get(1).get("wallRatio").asDouble());
        assertEquals(9.0, o.get("runs").get(1).get("cpuRatio").asDouble());
        assertEquals(2.0, o.get("runs").get(0).get("wallSecondsB").asDouble());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PeerReport.print("t", "A", "B", threePairs(), new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("median") && printed.contains("8.00×"), printed);
    }

    @Test
    void alertReportCarriesTheCountsAndExamples() {
        AlertDiff.Result d = AlertDiff.compare(java.util.List.of(AlertDiffTest.ours("a.com", 5, 1)),
                java.util.List.of(AlertDiffTest.peer("a.com", 6, 1)));
        ObjectNode o = PeerReport.alerts(d);
        assertEquals(false, o.get("identical").asBoolean());
        assertEquals(1, o.get("mismatchedFields").asInt());
        assertEquals("sentBytes", o.get("mismatchExamples").get(0).get("field").asText());
    }
}
