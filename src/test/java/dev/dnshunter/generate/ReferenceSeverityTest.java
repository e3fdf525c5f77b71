package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.rules.rarelookup.RareSeverity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The oracle's own copy of the severity model: the specification's boundaries, and agreement with the job's. */
class ReferenceSeverityTest {
    @ParameterizedTest(name = "sent {0}, received {1}: {2}")
    @CsvSource({
            "1000000, 900000000, HIGH", "999999, 900000000, MEDIUM", "100000, 900000000, MEDIUM", "99999, 900000000, LOW",
            "20000, 4000, MEDIUM", "20000, 4001, LOW", "19999, 0, LOW", "20000, 0, MEDIUM",
    })
    void specificationBoundaries(long sent, long received, Severity expected) {
        assertEquals(expected, ReferenceDetector.severity(sent, received, DetectionConfig.defaults()));
    }

    @Test
    void agreesWithTheJobAroundEveryBound() {
        long[] sent = {0, 1, 19_999, 20_000, 20_001, 99_999, 100_000, 100_001, 999_999, 1_000_000, 1_000_001, 5_000_000};
        long[] received = {0, 1, 3_999, 4_000, 4_001, 19_999, 20_000, 20_001, 199_999, 200_000, 200_001, 1_000_000};
        DetectionConfig[] configs = {DetectionConfig.defaults(),
                DetectionConfig.defaults().withHighSentBytes(100_000).withMediumSentBytes(20_000).withUploadSentBytes(1).withUploadRatio(0.5)};
        for (DetectionConfig c : configs) {
            for (long s : sent) {
                for (long r : received) {
                    assertEquals(RareSeverity.of(s, r, c), ReferenceDetector.severity(s, r, c), "sent " + s + ", received " + r);
                }
            }
        }
    }
}
