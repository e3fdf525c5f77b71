package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.rules.exfilvolume.ExfilParams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The --exfil-* flags: defaults, values, and a value that cannot work as a usage error naming the flag. */
class ExfilFlagsTest {
    static ExfilParams parse(String... args) {
        return DetectionFlags.toConfig(Flags.parse(List.of(args), DetectionFlags.VALUED, DetectionFlags.SWITCHES)).exfil();
    }

    @Test
    void defaultsAreTheIssues() {
        assertEquals(ExfilParams.DEFAULTS, parse());
        assertEquals(new ExfilParams(4_000, 30, 40_000, 300, 200_000), ExfilParams.DEFAULTS);
        assertTrue(DetectionFlags.HELP.contains("--exfil-max-subdomains"));
    }

    @Test
    void valuesAreRead() {
        assertEquals(new ExfilParams(100, 5, 1_000, 50, 10), parse("--exfil-hourly-chars", "100", "--exfil-hourly-subdomains", "5",
                "--exfil-daily-chars", "1000", "--exfil-daily-subdomains", "50", "--exfil-max-subdomains", "10"));
    }

    @Test
    void aValueThatCannotWorkIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--exfil-daily-chars", "0"));
        assertTrue(e.getMessage().contains("--exfil-daily-chars"), e.getMessage());
        assertThrows(UsageException.class, () -> parse("--exfil-max-subdomains", "0"));
    }
}
