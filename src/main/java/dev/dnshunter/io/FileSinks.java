package dev.dnshunter.io;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.pipeline.Sinks;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Alerts, dead letters and excluded alerts as JSON-lines files directly under their directories (alerts-*.jsonl,
 * dead-letters-*.jsonl, excluded-*.jsonl).
 */
public final class FileSinks implements Sinks {
    private final Path alertsDir;
    private final Path deadLetterDir;
    private final Path excludedDir;

    /** Where the native alerts go for the hunt report when the alert format is not native; null: nowhere. */
    private final Path reportAlertsDir;

    public FileSinks(Path alertsDir, Path deadLetterDir, Path excludedDir) {
        this(alertsDir, deadLetterDir, excludedDir, null);
    }

    public FileSinks(Path alertsDir, Path deadLetterDir, Path excludedDir, Path reportAlertsDir) {
        this.alertsDir = alertsDir;
        this.deadLetterDir = deadLetterDir;
        this.excludedDir = excludedDir;
        this.reportAlertsDir = reportAlertsDir;
    }

    @Override
    public void nativeAlertsForReport(DataStream<AlertRecord> nativeAlerts) {
        if (reportAlertsDir == null) return;
        nativeAlerts.map(a -> a.json, Types.STRING).uid("report-alert-json").name("Native alert JSON for the report")
                .sinkTo(jsonLines(reportAlertsDir, "alerts")).uid("report-alerts-sink").name("Native alerts to " + reportAlertsDir);
    }

    @Override
    public void alerts(DataStream<AlertRecord> alerts) {
        alerts.map(a -> a.json, Types.STRING).uid("alert-json").name("Alert JSON")
                .sinkTo(jsonLines(alertsDir, "alerts")).uid("alerts-sink").name("Alerts to " + alertsDir);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.map(DeadLetterJson::toJson, Types.STRING).uid("dead-letter-json").name("Dead letter JSON")
                .sinkTo(jsonLines(deadLetterDir, "dead-letters")).uid("dead-letter-sink").name("Dead letters to " + deadLetterDir);
    }

    @Override
    public void excluded(DataStream<ExcludedAlert> excluded) {
        excluded.map(ExcludedAlertJson::toJson, Types.STRING).uid("excluded-json").name("Excluded alert JSON")
                .sinkTo(jsonLines(excludedDir, "excluded")).uid("excluded-sink").name("Excluded alerts to " + excludedDir);
    }

    private static FileSink<String> jsonLines(Path dir, String prefix) {
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(dir.toAbsolutePath().toUri()), new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(prefix).withPartSuffix(".jsonl").build())
                .build();
    }
}
