package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import java.math.BigDecimal;

/**
 * The severity of a RareDnsLookupWithDataTransfer alert, from its evidence: how much the client sent.
 * <ul>
 *   <li>High: sentBytes at least {@code --high-sent-bytes} (1,000,000);</li>
 *   <li>Medium: sentBytes at least {@code --medium-sent-bytes} (100,000), or at least {@code --upload-sent-bytes}
 *       (20,000) and at least {@code --upload-ratio} (5) times receivedBytes (an upload, not a download);</li>
 *   <li>Low otherwise.</li>
 * </ul>
 * Every bound is inclusive and compared exactly.
 */
public final class RareSeverity {
    private RareSeverity() {}

    public static Severity of(long sentBytes, long receivedBytes, DetectionConfig config) {
        if (sentBytes >= config.highSentBytes()) return Severity.HIGH;
        if (sentBytes >= config.mediumSentBytes()) return Severity.MEDIUM;
        if (sentBytes >= config.uploadSentBytes() && isUpload(sentBytes, receivedBytes, config.uploadRatio())) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    private static boolean isUpload(long sentBytes, long receivedBytes, double ratio) {
        return BigDecimal.valueOf(sentBytes).compareTo(BigDecimal.valueOf(ratio).multiply(BigDecimal.valueOf(receivedBytes))) >= 0;
    }
}
