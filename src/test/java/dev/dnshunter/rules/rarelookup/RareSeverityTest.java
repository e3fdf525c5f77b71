package dev.dnshunter.rules.rarelookup;

import static dev.dnshunter.alert.Severity.HIGH;
import static dev.dnshunter.alert.Severity.LOW;
import static dev.dnshunter.alert.Severity.MEDIUM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RareSeverityTest {
    @ParameterizedTest(name = "sent {0}, received {1}: {2}")
    @CsvSource({
            // High from 1,000,000 sent, whatever was received
            "1000000, 0, HIGH",
            "1000000, 900000000, HIGH",
            "999999, 900000000, MEDIUM",
            // Medium from 100,000 sent, whatever was received
            "100000, 900000000, MEDIUM",
            "99999, 900000000, LOW",
            // or from 20,000 sent when that is at least 5 times what was received: exactly 5x counts
            "20000, 4000, MEDIUM",
            "20000, 4001, LOW",
            "99999, 19999, MEDIUM",
            "99999, 20000, LOW",
            "20000, 0, MEDIUM",
            "19999, 0, LOW",
            "19999, 3999, LOW",
            "0, 0, LOW",
    })
    void defaultBounds(long sent, long received, Severity expected) {
        assertEquals(expected, RareSeverity.of(sent, received, DetectionConfig.defaults()));
    }

    @ParameterizedTest(name = "sent {0}, received {1}: {2}")
    @CsvSource({
            "500, 0, HIGH",
            "499, 0, MEDIUM",
            "200, 1000, MEDIUM",
            "199, 0, MEDIUM",
            "50, 20, MEDIUM",
            "50, 21, LOW",
            "49, 0, LOW",
    })
    void everyBoundIsItsFlag(long sent, long received, Severity expected) {
        DetectionConfig c = DetectionConfig.defaults().withHighSentBytes(500).withMediumSentBytes(200)
                .withUploadSentBytes(50).withUploadRatio(2.5);
        assertEquals(expected, RareSeverity.of(sent, received, c));
    }
}
