package dev.dnshunter.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link DataSetGenerator} writes: where, how much, and from which seed. The {@code with*} methods return a
 * changed copy.
 *
 * @param outDir         directory that receives the data set (created if missing)
 * @param days           days of traffic; past 7, the first 7 are the baseline week and detection starts after it
 * @param seed           same seed and options, byte-identical files
 * @param clients        internal hosts that look names up
 * @param lookupsPerDay  DnsEvents rows per day, before bad lines and injected attacks
 * @param flowsPerLookup connection rows per DNS row, on average
 * @param exfiltrations  injected exfiltrations, each with a domain and destination of its own (and a host of its
 *                       own while there are enough VMs)
 * @param start          the first instant of the data set
 * @param gzip           write the inputs as {@code .jsonl.gz}
 */
public record GeneratorOptions(Path outDir, int days, long seed, int clients, int lookupsPerDay,
                               double flowsPerLookup, int exfiltrations, Instant start, boolean gzip) {

    public static final int DEFAULT_DAYS = 14;
    public static final long DEFAULT_SEED = 1L;
    public static final int DEFAULT_CLIENTS = 300;
    public static final int DEFAULT_LOOKUPS_PER_DAY = 20_000;
    public static final double DEFAULT_FLOWS_PER_LOOKUP = 0.5;
    public static final int DEFAULT_EXFILTRATIONS = 3;
    public static final Instant DEFAULT_START = Instant.parse("2026-11-01T00:00:00Z");

    public GeneratorOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(start, "start");
        if (days < 1) throw new IllegalArgumentException("days must be at least 1, got " + days);
        // Exfiltrations need a host of their own among the VMs, which are a share of the clients.
        if (clients < 10) throw new IllegalArgumentException("clients must be at least 10, got " + clients);
        if (lookupsPerDay < 0) throw new IllegalArgumentException("lookupsPerDay must not be negative, got " + lookupsPerDay);
        if (!(flowsPerLookup >= 0) || Double.isInfinite(flowsPerLookup)) {
            throw new IllegalArgumentException("flowsPerLookup must be a non-negative number, got " + flowsPerLookup);
        }
        if (exfiltrations < 0) throw new IllegalArgumentException("exfiltrations must not be negative, got " + exfiltrations);
    }

    public static GeneratorOptions defaults(Path outDir) {
        return new GeneratorOptions(outDir, DEFAULT_DAYS, DEFAULT_SEED, DEFAULT_CLIENTS, DEFAULT_LOOKUPS_PER_DAY,
                DEFAULT_FLOWS_PER_LOOKUP, DEFAULT_EXFILTRATIONS, DEFAULT_START, false);
    }

    public GeneratorOptions withOutDir(Path v) { return new GeneratorOptions(v, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip); }
    public GeneratorOptions withDays(int v) { return new GeneratorOptions(outDir, v, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip); }
    public GeneratorOptions withSeed(long v) { return new GeneratorOptions(outDir, days, v, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip); }
    public GeneratorOptions withClients(int v) { return new GeneratorOptions(outDir, days, seed, v, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip); }
    public GeneratorOptions withLookupsPerDay(int v) { return new GeneratorOptions(outDir, days, seed, clients, v, flowsPerLookup, exfiltrations, start, gzip); }
    public GeneratorOptions withFlowsPerLookup(double v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, v, exfiltrations, start, gzip); }
    public GeneratorOptions withExfiltrations(int v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, v, start, gzip); }
    public GeneratorOptions withStart(Instant v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, v, gzip); }
    public GeneratorOptions withGzip(boolean v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, v); }

    public long startMillis() {
        return start.toEpochMilli();
    }

    public long endMillis() {
        return startMillis() + days * 86_400_000L;
    }
}
