package dev.dnshunter.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole-process timings of two commands run in turn (A B A B ...): medians of each side and the ratio A / B taken pair
 * by pair, so that a machine whose speed drifts during the runs (other work on it) moves both sides of a pair alike.
 */
public final class PairedTimings {
    /** One run: wall and CPU (user + system) seconds. */
    public record Run(double wallSeconds, double cpuSeconds) {}

    /** One pair: A's run and B's run, taken one right after the other. */
    public record Pair(Run a, Run b) {
        public double wallRatio() {
            return a.wallSeconds / b.wallSeconds;
        }

        public double cpuRatio() {
            return a.cpuSeconds / b.cpuSeconds;
        }
    }

    private final List<Pair> pairs = new ArrayList<>();

    public void add(Run a, Run b) {
        pairs.add(new Pair(a, b));
    }

    public List<Pair> pairs() {
        return List.copyOf(pairs);
    }

    public double medianWallA() {
        return median(pairs.stream().mapToDouble(p -> p.a.wallSeconds).toArray());
    }

    public double medianWallB() {
        return median(pairs.stream().mapToDouble(p -> p.b.wallSeconds).toArray());
    }

    public double medianCpuA() {
        return median(pairs.stream().mapToDouble(p -> p.a.cpuSeconds).toArray());
    }

    public double medianCpuB() {
        return median(pairs.stream().mapToDouble(p -> p.b.cpuSeconds).toArray());
    }

    /** The median of the per-pair wall ratios (not the ratio of the medians). */
    public double medianWallRatio() {
        return median(pairs.stream().mapToDouble(Pair::wallRatio).toArray());
    }

    public double medianCpuRatio() {
        return median(pairs.stream().mapToDouble(Pair::cpuRatio).toArray());
    }

    /** The median; of an even count the mean of the middle two; NaN of none. */
    static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
