package dev.dnshunter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default mode's rarity against its definition: a count is rare when it is not above threshold × days, in decimal. */
class DetectionConfigRareTest {
    private static boolean rareByDefinition(long count, double threshold, int days) {
        return !(BigDecimal.valueOf(count).compareTo(BigDecimal.valueOf(threshold).multiply(BigDecimal.valueOf(days))) > 0);
    }

    @Test
    void theWorkedOutLimitAgreesWithTheDecimalProduct() {
        double[] thresholds = {21.0, 0.0, 0.1, 0.3, 1.0 / 3, 10.1, 20.999999999999996, 21.000000000000004, 1e-9, 2.5,
                123456.789, 1e15, 9.2e18, 1e300};
        int[] days = {1, 3, 7, 30, 365};
        Random random = new Random(23);
        for (double threshold : thresholds) {
            for (int d : days) check(threshold, d, random);
        }
        for (int i = 0; i < 2_000; i++) {
            double threshold = random.nextInt(4) == 0 ? random.nextInt(100) : random.nextDouble() * Math.pow(10, random.nextInt(8));
            check(threshold, 1 + random.nextInt(60), random);
        }
    }

    private static void check(double threshold, int days, Random random) {
        DetectionConfig c = DetectionConfig.defaults().withCommonThreshold(threshold).withLookbackBuckets(days);
        BigDecimal product = BigDecimal.valueOf(threshold).multiply(BigDecimal.valueOf(days));
        long around = product.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0 ? Long.MAX_VALUE - 3 : product.longValue();
        for (long count : new long[] {0, 1, 2, around - 2, around - 1, around, around + 1, around + 2, random.nextInt(1000),
                Long.MAX_VALUE}) {
            if (count < 0) continue;
            assertEquals(rareByDefinition(count, threshold, days), c.isRare(count), count + " over " + days + " days at " + threshold);
            assertEquals(count > 0 && !rareByDefinition(count, threshold, days), c.cannotBeRare(count));
        }
    }

    @Test
    void aChangedThresholdIsAskedAnew() {
        DetectionConfig c = DetectionConfig.defaults();
        assertEquals(true, c.isRare(147));
        assertEquals(false, c.isRare(148));
        DetectionConfig lower = c.withCommonThreshold(20);
        assertEquals(false, lower.isRare(147));
        assertEquals(true, lower.isRare(140));
        assertEquals(true, c.isRare(147), "the original keeps its own limit");
    }
}
