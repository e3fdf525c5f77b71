package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import dev.dnshunter.event.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where alerts and dead letters go; chosen at the edge, like {@link Sources}. */
public interface Sinks {
    void alerts(DataStream<AlertRecord> alerts);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    /** Alerts that an exclusion entry removed, with the entry (for audit). */
    void excluded(DataStream<ExcludedAlert> excluded);
}
