package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class NxdomainFlagsTest {
    static DetectionConfig config(String... args) {
        return DetectionFlags.toConfig(Flags.parse(List.of(args), DetectionFlags.VALUED, DetectionFlags.SWITCHES, DetectionFlags.REPEATABLE));
    }

    @Test
    void defaultsAreTheIssues() {
        assertEquals(NxdomainParams.DEFAULTS, config().nxdomain());
        assertEquals(25, NxdomainParams.DEFAULTS.domains());
        assertEquals(3_600_000L, NxdomainParams.DEFAULTS.windowMillis());
        assertEquals(3_600_000L, NxdomainParams.DEFAULTS.suppressionMillis());
    }

    @Test
    void everyFlagAndARepeatedSuffix() {
        NxdomainParams p = config("--nxdomain-domains", "40", "--nxdomain-window", "30m", "--nxdomain-suppression", "2h",
                "--internal-suffix", "Corp.Example.", "--internal-suffix=lan", "--max-nxdomain-queries", "500").nxdomain();
        assertEquals(new NxdomainParams(40, 1_800_000L, 7_200_000L, List.of("corp.example", "lan"), 500), p);
    }

    @Test
    void valuesThatCannotWorkAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> config("--max-nxdomain-queries", "10"));
        assertTrue(e.getMessage().contains("--max-nxdomain-queries"), e.getMessage());
        assertThrows(UsageException.class, () -> config("--internal-suffix", "."));
        assertThrows(UsageException.class, () -> config("--nxdomain-window", "0s"));
    }
}
