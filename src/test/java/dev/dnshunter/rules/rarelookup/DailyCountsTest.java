package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class DailyCountsTest {
    @Test
    void bucketsStaySortedWhateverOrderTheyArriveIn() {
        long[] c = DailyCounts.add(null, 20, 1);
        c = DailyCounts.add(c, 18, 2);
        c = DailyCounts.add(c, 22, 3);
        c = DailyCounts.add(c, 19, 4);
        assertArrayEquals(new long[] {18, 2, 19, 4, 20, 1, 22, 3}, c);
        assertEquals(18, DailyCounts.firstBucket(c));
    }

    @Test
    void aKnownBucketIsCountedInPlace() {
        long[] c = DailyCounts.add(null, 20, 1);
        assertSame(c, DailyCounts.add(c, 20, 5));
        assertEquals(6, DailyCounts.get(c, 20));
        assertEquals(0, DailyCounts.get(c, 21));
    }

    @Test
    void sumCountsTheBucketsOfARangeBothEndsIncluded() {
        long[] c = {10, 1, 12, 10, 13, 100, 17, 1000};
        assertEquals(110, DailyCounts.sum(c, 11, 13));
        assertEquals(1111, DailyCounts.sum(c, 10, 17));
        assertEquals(0, DailyCounts.sum(c, 14, 16));
        assertEquals(0, DailyCounts.sum(null, 0, 100));
    }

    @Test
    void droppingLeavesTheLaterBucketsOrNothing() {
        long[] c = {10, 1, 12, 10, 13, 100};
        assertArrayEquals(new long[] {13, 100}, DailyCounts.dropUpTo(c, 12));
        assertSame(c, DailyCounts.dropUpTo(c, 9));
        assertNull(DailyCounts.dropUpTo(c, 13));
        assertEquals(Long.MAX_VALUE, DailyCounts.firstBucket(null));
    }
}
