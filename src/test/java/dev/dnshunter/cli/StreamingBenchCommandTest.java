package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingBenchCommandTest {
    /** Event times as the replay sends them (sorted, with repeats) and the instants they were sent. */
    final StreamingBenchCommand.Sent sent = new StreamingBenchCommand.Sent(new long[] {10, 20, 20, 30}, new long[] {100, 200, 201, 300});

    @Test
    void theTriggerIsTheFirstRecordStrictlyLaterThanTheThreshold() {
        assertEquals(100, sent.firstAfter(9));
        assertEquals(200, sent.firstAfter(10));
        assertEquals(300, sent.firstAfter(20), "records at the threshold itself do not move the watermark past it");
        assertEquals(-1, sent.firstAfter(30), "no replayed record passed it");
    }

    @Test
    void aRecordTheBrokerRefusedIsSkipped() {
        var withRefusal = new StreamingBenchCommand.Sent(new long[] {10, 20, 20, 30}, new long[] {100, -1, 201, 300});
        assertEquals(201, withRefusal.firstAfter(10));
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> values = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5, StreamingBenchCommand.percentile(values, 50));
        assertEquals(9, StreamingBenchCommand.percentile(values, 90));
        assertEquals(10, StreamingBenchCommand.percentile(values, 99));
        assertEquals(-1, StreamingBenchCommand.percentile(List.of(), 50));
    }
}
