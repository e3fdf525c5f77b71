package dev.dnshunter.outputs;

import dev.dnshunter.config.AlertFormat;
import dev.dnshunter.outputs.ecs.EcsAlertWriter;
import dev.dnshunter.outputs.nativeformat.NativeAlertWriter;
import dev.dnshunter.outputs.ocsf.OcsfAlertWriter;

/** The writer of each {@link AlertFormat}; the one place a format is chosen. */
public final class AlertWriters {
    private AlertWriters() {}

    public static AlertWriter of(AlertFormat format) {
        return of(format, ProductVersion.current());
    }

    /** @param productVersion dns-hunter's version, as the formats that name the product write it */
    public static AlertWriter of(AlertFormat format, String productVersion) {
        return switch (format) {
            case NATIVE -> new NativeAlertWriter();
            case OCSF -> new OcsfAlertWriter(productVersion);
            case ECS -> new EcsAlertWriter(productVersion);
        };
    }
}
