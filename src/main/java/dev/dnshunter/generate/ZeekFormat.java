package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.generate.DataSetFormat.Stream;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * Zeek's dns.log and conn.log ({@link ZeekWriter}): the ASCII writer's TSV with its {@code #} header and
 * {@code #close} lines, or JSON lines. A bad row's {@code ts} is unset, empty, out of range or written with a decimal comma in TSV;
 * missing, null, an impossible ISO date or another form in JSON.
 */
final class ZeekFormat extends FormatWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean tsv;

    ZeekFormat(boolean tsv) {
        this.tsv = tsv;
    }

    @Override
    List<String> header(Stream stream) {
        return tsv ? ZeekWriter.header(stream == Stream.DNS ? "dns" : "conn") : List.of();
    }

    @Override
    List<String> footer(Stream stream) {
        return tsv ? List.of(ZeekWriter.close()) : List.of();
    }

    @Override
    void dns(DnsQuery q, int index, List<String> into) {
        into.add(ZeekWriter.dnsRow(q, index, tsv));
    }

    @Override
    String flow(NetworkFlow f, int index) {
        return ZeekWriter.connRow(f, index, tsv);
    }

    @Override
    String withBrokenTime(String line, BadRow.Kind kind) {
        if (tsv) {
            String ts = switch (kind) {
                case NO_TIME -> "-";
                case NULL_TIME -> "(empty)";
                case IMPOSSIBLE_DATE -> "99999999999999999999.000000";
                // A decimal comma, as a locale-minded exporter writes: neither epoch seconds nor ISO 8601.
                default -> "1795000000,500000";
            };
            return ts + line.substring(line.indexOf('\t'));
        }
        try {
            ObjectNode row = (ObjectNode) JSON.readTree(line);
            JsonFormat.breakTime(row, "ts", kind, "2026-11-31T10:00:00.000000Z");
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
