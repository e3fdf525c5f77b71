package dev.dnshunter.rules;

import dev.dnshunter.alert.AlertRecord;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * One detection as the job graph sees it: a name (the {@code rule} value of its alerts, and what {@code --rules}
 * selects) and the operators that turn the normalized inputs into its alerts. Everything after the alerts
 * (exclusions, severity filter, size limit, sinks) is the graph's, the same for every rule.
 *
 * <p>A rule owns the uids of its operators; they must never change once released, since savepoints map state by
 * them.
 */
public interface DetectionRule extends Serializable {
    /** The alerts' {@code rule} value, e.g. {@code DnsTxtTunneling}. */
    String name();

    /** Its alerts, or null when none of the inputs it reads is present in this job. */
    DataStream<AlertRecord> alerts(RuleInputs inputs);
}
