package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The last step of the rare rule: an alert with its baseline gets its severity ({@link RareSeverity}) and leaves as
 * an {@link AlertRecord}. It sets the one field on the alert it was handed; nothing upstream reads that alert again
 * (the baseline enricher emits an alert and drops it from its state).
 */
public class RareAlertFinaliser implements MapFunction<RareDnsAlert, AlertRecord> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;

    public RareAlertFinaliser(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public AlertRecord map(RareDnsAlert alert) {
        alert.severity = RareSeverity.of(alert.sentBytes, alert.receivedBytes, config);
        return AlertRecord.of(alert);
    }
}
