package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.rules.rarelookup.DomainTallies.Tally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pre-aggregator's table against a {@link HashMap} of the same keys. */
class DomainTalliesTest {
    @Test
    void everyKeyFindsItsOwnTallyAndAbsentKeysNone() {
        Random random = new Random(3);
        int max = 10_000;
        DomainTallies table = new DomainTallies(max, 9);
        Map<List<Long>, Tally> reference = new HashMap<>();
        while (!table.full()) {
            // Few distinct halves, so that many keys share one half and probe past each other.
            long high = random.nextInt(50);
            long low = random.nextInt(1_000);
            List<Long> key = List.of(high, low);
            Tally found = table.get(high, low);
            if (reference.containsKey(key)) {
                assertSame(reference.get(key), found, key.toString());
            } else {
                assertNull(found, key.toString());
                reference.put(key, table.add("d" + high + "-" + low, high, low));
            }
        }
        assertEquals(max, table.size());
        assertThrows(IllegalStateException.class, () -> table.add("one.too.many", -1, -1));
        for (Map.Entry<List<Long>, Tally> e : reference.entrySet()) {
            Tally t = table.get(e.getKey().get(0), e.getKey().get(1));
            assertSame(e.getValue(), t);
            assertEquals("d" + e.getKey().get(0) + "-" + e.getKey().get(1), t.domain);
        }
        for (int i = 0; i < 1_000; i++) assertNull(table.get(100 + i, i));

        List<Tally> drained = new ArrayList<>();
        table.drain(drained::add);
        assertEquals(new HashSet<>(reference.values()), new HashSet<>(drained));
        assertEquals(max, drained.size());
        assertEquals(0, table.size());
        assertFalse(table.full());
        for (List<Long> key : reference.keySet()) assertNull(table.get(key.get(0), key.get(1)));
    }

    @Test
    void aTallyKeepsItsBucketsAndReusesTheOldest() {
        Tally t = new DomainTallies(1, 3).add("example.com", 1, 2);
        assertEquals(0, t.slotOf(10));
        assertEquals(1, t.slotOf(12));
        assertEquals(0, t.slotOf(10));
        assertEquals(2, t.slotOf(11));
        assertEquals(-1, t.slotOf(13), "every slot holds another bucket");
        t.count(0, 5, true);
        t.count(1, 2, false);
        t.count(2, 7, true);
        assertEquals(5, t.pending(0));
        assertEquals(0, t.pending(1));
        assertEquals(2, t.known(1));
        assertEquals(5 + 7, t.knownBefore(12, 2), "buckets 10 and 11");
        assertEquals(7, t.knownBefore(12, 1), "bucket 11 only");
        assertEquals(0, t.oldest());
        t.reuse(0, 13);
        assertEquals(13, t.bucket(0));
        assertEquals(0, t.known(0));
        assertEquals(0, t.pending(0));
        assertEquals(2, t.oldest(), "bucket 11");
        Set<Long> buckets = new HashSet<>(List.of(t.bucket(0), t.bucket(1), t.bucket(2)));
        assertEquals(Set.of(11L, 12L, 13L), buckets);
    }
}
