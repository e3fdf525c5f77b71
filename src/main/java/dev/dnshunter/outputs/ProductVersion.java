package dev.dnshunter.outputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** dns-hunter's version, as the build wrote it from the pom into {@code dev/dnshunter/version.properties}. */
public final class ProductVersion {
    static final String RESOURCE = "/dev/dnshunter/version.properties";

    private ProductVersion() {}

    /** The project version ("0.1.0-SNAPSHOT"), or "unknown" when the classes were not built by Maven. */
    public static String current() {
        try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
