package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rules.tunnelsubdomains.TunnelParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelFlagsTest {
    static DetectionConfig config(String... args) {
        return DetectionFlags.toConfig(Flags.parse(List.of(args), DetectionFlags.VALUED, DetectionFlags.SWITCHES, DetectionFlags.REPEATABLE));
    }

    @Test
    void defaultsAreTheIssues() {
        assertEquals(new TunnelParams(50, 24, 3.5, 16, 15, 300_000L, 3_600_000L, 10_000), config().tunnel());
    }

    @Test
    void everyFlag() {
        TunnelParams p = config("--tunnel-min-subdomain", "40", "--tunnel-min-label", "20", "--tunnel-min-entropy", "3.2",
                "--tunnel-min-hex-label", "12", "--tunnel-names", "10", "--tunnel-window", "10m", "--tunnel-suppression", "2h",
                "--max-tunnel-queries", "500").tunnel();
        assertEquals(new TunnelParams(40, 20, 3.2, 12, 10, 600_000L, 7_200_000L, 500), p);
    }

    @Test
    void aCapBelowTheThresholdIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> config("--max-tunnel-queries", "14"));
        assertTrue(e.getMessage().contains("--max-tunnel-queries must be at least --tunnel-names"), e.getMessage());
        assertEquals(15, config("--max-tunnel-queries", "15").tunnel().maxQueries());
    }
}
