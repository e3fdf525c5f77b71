package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairBloomFilterTest {
    @Test
    void everyKeyPutIsFoundAndFewOthersAtTheDesignCapacity() {
        int keys = 200_000;
        PairBloomFilter f = new PairBloomFilter(keys);
        SplittableRandom random = new SplittableRandom(7);
        long[] high = new long[keys];
        long[] low = new long[keys];
        for (int i = 0; i < keys; i++) {
            high[i] = random.nextLong();
            low[i] = random.nextLong();
            f.put(high[i], low[i]);
        }
        for (int i = 0; i < keys; i++) assertTrue(f.mightContain(high[i], low[i]), "key " + i);
        int falsePositives = 0;
        for (int i = 0; i < keys; i++) if (f.mightContain(random.nextLong(), random.nextLong())) falsePositives++;
        // 10 bits and 7 hashes per key in 512-bit blocks: about 1.2 %.
        assertTrue(falsePositives < keys * 0.02, falsePositives + " false positives of " + keys);
        assertTrue(falsePositives > 0, "a filter this full has some");
    }

    /** The partition keys the rule makes are not random: IPv4 pairs, their second half zero, one subnet's in a row. */
    @Test
    void keysOfOneSubnetSpreadOverTheBlocks() {
        int keys = 100_000;
        PairBloomFilter f = new PairBloomFilter(keys);
        for (int i = 0; i < keys; i++) f.put((0x0A000005L << 32) | (0xCB000000L + i), 0);
        for (int i = 0; i < keys; i++) assertTrue(f.mightContain((0x0A000005L << 32) | (0xCB000000L + i), 0));
        int falsePositives = 0;
        for (int i = 0; i < keys; i++) if (f.mightContain((0x0A000006L << 32) | (0xCB000000L + i), 0)) falsePositives++;
        assertTrue(falsePositives < keys * 0.02, falsePositives + " false positives of " + keys);
    }

    @Test
    void theSizeIsFixedByTheExpectedKeys() {
        assertEquals(10_000_000L * 10 / 512 * 512 + 512, new PairBloomFilter(10_000_000).sizeInBits());
        assertEquals(512, new PairBloomFilter(1).sizeInBits());
    }
}
