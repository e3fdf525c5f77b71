package dev.dnshunter.generate;

import dev.dnshunter.generate.DataSetFormat.Stream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Sentinel tables as the portal's CSV export of each ({@link SentinelCsvWriter}): one header row of the columns
 * in the order they first appear, {@code TimeGenerated [UTC]} in {@code M/d/yyyy, h:mm:ss.SSS AM} form. Bad rows of
 * CSV's own kinds: a row cut short, a syslog line, an empty time, a row with a field more than its header, an
 * impossible date and a time in ISO form.
 */
final class SentinelCsvFormat extends SentinelFormat {
    @Override
    List<String> file(Stream stream, List<Object> items) {
        List<String> json = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof BadRow b)) {
                json.add(rows.row(item).toString());
                continue;
            }
            String time = switch (b.kind()) {
                case NO_TIME -> SentinelWriter.NO_TIME;
                case IMPOSSIBLE_DATE -> SentinelWriter.quoted("11/31/2026, 10:00:00.000 AM");
                case OTHER_TIME_FORMAT -> SentinelWriter.quoted("2026-11-03 10:00:00");
                default -> null;
            };
            json.add(rows.row(b.row(), time).toString());
        }
        List<String> lines = new ArrayList<>(SentinelCsvWriter.export(json));
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof BadRow b)) continue;
            String line = lines.get(i + 1);
            switch (b.kind()) {
                // Before any quote: a quoted field left open would run on into the next rows.
                case CUT -> lines.set(i + 1, line.substring(0, line.indexOf('"') >= 0 ? Math.min(line.length() / 2, line.indexOf('"')) : line.length() / 2));
                case FOREIGN -> lines.set(i + 1, foreign(BadRow.timeOf(b.row())));
                case NULL_TIME -> lines.set(i + 1, line + ",");
                default -> { }
            }
        }
        return lines;
    }
}
