package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import dev.dnshunter.event.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where alerts and dead letters go; chosen at the edge, like {@link Sources}. */
public interface Sinks {
    void alerts(DataStream<AlertRecord> alerts);

    /**
     * The same alerts in their native JSON, before {@code --alert-format} turns them into OCSF or ECS (called only
     * then): a backfill's hunt report reads them. Ignored by default.
     */
    default void nativeAlertsForReport(DataStream<AlertRecord> nativeAlerts) {}

    void deadLetters(DataStream<DeadLetter> deadLetters);

    /** Alerts that an exclusion entry removed, with the entry (for audit). */
    void excluded(DataStream<ExcludedAlert> excluded);
}
