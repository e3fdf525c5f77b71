package dev.dnshunter.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link DataSetGenerator} writes: where, how much, from which seed, in which format and with which added
 * attacks. The {@code with*} methods return a changed copy.
 *
 * @param outDir         directory that receives the data set (created if missing)
 * @param days           days of traffic; past 7, the first 7 are the baseline week and detection starts after it
 * @param seed           same seed and options, byte-identical files
 * @param clients        internal hosts that look names up
 * @param lookupsPerDay  DNS rows per day, before bad lines and injected attacks
 * @param flowsPerLookup connection rows per DNS row, on average
 * @param exfiltrations  injected exfiltrations, each with a domain and destination of its own (and a host of its
 *                       own while there are enough VMs)
 * @param start          the first instant of the data set
 * @param gzip           write the inputs gzip-compressed
 * @param format         the log format the events are rendered in
 * @param attacks        the attacks of the name- and answer-based rules added to the traffic (none by default)
 */
public record GeneratorOptions(Path outDir, int days, long seed, int clients, int lookupsPerDay,
                               double flowsPerLookup, int exfiltrations, Instant start, boolean gzip,
                               DataSetFormat format, Attacks attacks) {

    public static final int DEFAULT_DAYS = 14;
    public static final long DEFAULT_SEED = 1L;
    public static final int DEFAULT_CLIENTS = 300;
    public static final int DEFAULT_LOOKUPS_PER_DAY = 20_000;
    public static final double DEFAULT_FLOWS_PER_LOOKUP = 0.5;
    public static final int DEFAULT_EXFILTRATIONS = 3;
    public static final Instant DEFAULT_START = Instant.parse("2026-11-01T00:00:00Z");

    /**
     * Copies of the new rules' scenarios ({@link AttackTraffic}), each with its look-alikes.
     *
     * @param tunnels             DnsTunnelingSubdomains: a dnscat2-like and an iodine-like session ({@link TunnelTraffic})
     * @param volumeExfiltrations DnsExfiltrationVolume: a slow (daily tier) and a fast (hourly tier) one ({@link ExfilTraffic})
     * @param nxdomainBursts      DnsNxdomainBurst: DGA bursts ({@link NxdomainTxtTraffic}'s NXDOMAIN share)
     * @param txtPayloads         DnsTxtPayload: DNSlivery's launcher and chunks ({@link NxdomainTxtTraffic}'s TXT share)
     */
    public record Attacks(int tunnels, int volumeExfiltrations, int nxdomainBursts, int txtPayloads) {
        public static final Attacks NONE = new Attacks(0, 0, 0, 0);

        public Attacks {
            if (tunnels < 0 || volumeExfiltrations < 0 || nxdomainBursts < 0 || txtPayloads < 0) {
                throw new IllegalArgumentException("attack counts must not be negative");
            }
        }

        public boolean any() {
            return tunnels + volumeExfiltrations + nxdomainBursts + txtPayloads > 0;
        }
    }

    public GeneratorOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(attacks, "attacks");
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
                DEFAULT_FLOWS_PER_LOOKUP, DEFAULT_EXFILTRATIONS, DEFAULT_START, false, DataSetFormat.SENTINEL, Attacks.NONE);
    }

    public GeneratorOptions withOutDir(Path v) { return new GeneratorOptions(v, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withDays(int v) { return new GeneratorOptions(outDir, v, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withSeed(long v) { return new GeneratorOptions(outDir, days, v, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withClients(int v) { return new GeneratorOptions(outDir, days, seed, v, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withLookupsPerDay(int v) { return new GeneratorOptions(outDir, days, seed, clients, v, flowsPerLookup, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withFlowsPerLookup(double v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, v, exfiltrations, start, gzip, format, attacks); }
    public GeneratorOptions withExfiltrations(int v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, v, start, gzip, format, attacks); }
    public GeneratorOptions withStart(Instant v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, v, gzip, format, attacks); }
    public GeneratorOptions withGzip(boolean v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, v, format, attacks); }
    public GeneratorOptions withFormat(DataSetFormat v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, v, attacks); }
    public GeneratorOptions withAttacks(Attacks v) { return new GeneratorOptions(outDir, days, seed, clients, lookupsPerDay, flowsPerLookup, exfiltrations, start, gzip, format, v); }

    public long startMillis() {
        return start.toEpochMilli();
    }

    public long endMillis() {
        return startMillis() + days * 86_400_000L;
    }
}
