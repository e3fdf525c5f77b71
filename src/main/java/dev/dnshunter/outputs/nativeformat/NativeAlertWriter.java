package dev.dnshunter.outputs.nativeformat;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.outputs.AlertWriter;

/**
 * Our own alert JSON (README "Alert format"), as the rules wrote it ({@code alert.AlertJson}); byte for byte the
 * output of every earlier version. (The package is not named {@code native}: that is a Java keyword.)
 */
public final class NativeAlertWriter implements AlertWriter {
    private static final long serialVersionUID = 1L;

    @Override
    public String write(AlertRecord alert) {
        return alert.json;
    }
}
