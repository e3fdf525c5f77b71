package dev.dnshunter.inputs;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.LineParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a line parser makes of each line of a fixture: a record, a skip with its reason, nothing, or a dead letter. */
public final class LineOutcomes {
    private LineOutcomes() {}

    /** The lines of a test resource, e.g. {@code /suricata/eve.json}. */
    public static List<String> fixture(String resource) {
        try {
            return Files.readAllLines(Path.of(Objects.requireNonNull(LineOutcomes.class.getResource(resource), resource).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each line as "record", "skip: reason", "-" (blank or header) or "dead: reason"; the records go to {@code records}. */
    public static <T> List<String> outcomes(LineParser<T> parser, List<String> lines, List<Object> records) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            try {
                T r = parser.parse(line);
                if (r != null) {
                    records.add(r);
                    out.add("record");
                } else {
                    out.add(parser.skippedRowTime() == Long.MIN_VALUE ? "-" : "skip: " + parser.skippedReason());
                }
            } catch (BadRecordException e) {
                out.add("dead: " + e.getMessage());
            }
        }
        return out;
    }
}
