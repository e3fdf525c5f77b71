package dev.dnshunter.generate;

import java.util.SplittableRandom;

/** The bench writer's draws that keep no state: per-index facts, Zipf ranks and message templates. */
final class BenchSampling {
    private BenchSampling() {}

    /** SplitMix64's finaliser over the seed, an index and a salt: the per-index facts, with no state kept. */
    static long mix(long seed, long index, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Zipf with exponent 1 over ranks 1..n by rejection-inversion (Hörmann and Derflinger), as Commons Math samples
     * it: constant time and no table, whatever n. StrictMath keeps the draws the same on every JVM.
     */
    static final class Zipf {
        private final int n;
        private final double hIntegralX1;
        private final double hIntegralN;
        private final double s;

        Zipf(int n) {
            this.n = n;
            this.hIntegralX1 = StrictMath.log(1.5) - 1.0;
            this.hIntegralN = StrictMath.log(n + 0.5);
            this.s = 2.0 - StrictMath.exp(StrictMath.log(2.5) - 0.5);
        }

        int sample(SplittableRandom r) {
            while (true) {
                double u = hIntegralN + r.nextDouble() * (hIntegralX1 - hIntegralN);
                double x = StrictMath.exp(u);
                int k = (int) (x + 0.5);
                if (k < 1) k = 1;
                else if (k > n) k = n;
                if (k - x <= s || u >= StrictMath.log(k + 0.5) - 1.0 / k) return k;
            }
        }
    }

    /** A format string of the generator's with %s and %d only, appended without String.format's cost. */
    static final class Template {
        private final String[] literals;

        Template(String format) {
            this.literals = format.split("%[sd]", -1);
        }

        void append(StringBuilder b, Object... args) {
            if (args.length != literals.length - 1) throw new IllegalArgumentException("arguments: " + args.length);
            b.append(literals[0]);
            for (int i = 0; i < args.length; i++) b.append(args[i]).append(literals[i + 1]);
        }
    }
}
