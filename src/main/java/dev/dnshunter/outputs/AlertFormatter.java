package dev.dnshunter.outputs;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.AlertFormat;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The last step before the alert sinks when {@code --alert-format} is not native: the same alert, its JSON replaced
 * by the chosen format's document. Envelope fields (rule, alertId, severity) stay, so Kafka keys and headers do not
 * change with the format. Stateless.
 */
public class AlertFormatter implements MapFunction<AlertRecord, AlertRecord> {
    private static final long serialVersionUID = 1L;
    private final AlertWriter writer;

    public AlertFormatter(AlertFormat format) {
        this.writer = AlertWriters.of(format);
    }

    @Override
    public AlertRecord map(AlertRecord a) {
        // A new record: with object reuse on, the one handed in is not ours to change.
        AlertRecord out = new AlertRecord(a.rule, a.alertId, a.time, writer.write(a));
        out.address = a.address;
        out.host = a.host;
        out.names = a.names;
        out.firstEventTime = a.firstEventTime;
        out.severity = a.severity;
        return out;
    }
}
