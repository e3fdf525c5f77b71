package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.util.List;

/**
 * The formats whose rows are JSON objects with ISO times: ASIM, Suricata eve.json and Elastic ECS. A bad row's time is
 * broken in every key the format's parser reads a time from.
 */
abstract class JsonFormat extends FormatWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The time keys of a row, as paths of nested keys. */
    abstract String[][] timeKeys();

    @Override
    String withBrokenTime(String line, BadRow.Kind kind) {
        try {
            ObjectNode row = (ObjectNode) JSON.readTree(line);
            for (String[] path : timeKeys()) {
                ObjectNode parent = row;
                for (int i = 0; i < path.length - 1 && parent != null; i++) parent = (ObjectNode) parent.get(path[i]);
                String key = path[path.length - 1];
                if (parent != null && parent.has(key)) breakTime(parent, key, kind, "2026-11-31T10:00:00.000Z");
            }
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the time, makes it null, an impossible date ({@code impossibleDate}) or a US-style text. */
    static void breakTime(ObjectNode row, String key, BadRow.Kind kind, String impossibleDate) {
        switch (kind) {
            case NO_TIME -> row.remove(key);
            case NULL_TIME -> row.putNull(key);
            case IMPOSSIBLE_DATE -> row.put(key, impossibleDate);
            default -> row.put(key, "11/03/2026 10:00:00 AM");
        }
    }

    /** ASimDnsActivityLogs and ASimNetworkSessionLogs rows ({@link AsimWriter}). */
    static final class Asim extends JsonFormat {
        @Override
        void dns(DnsQuery q, int index, List<String> into) {
            into.add(AsimWriter.dns(q, index));
        }

        @Override
        String flow(NetworkFlow f, int index) {
            return AsimWriter.flow(f, index);
        }

        @Override
        String[][] timeKeys() {
            return new String[][] {{"TimeGenerated"}, {"EventStartTime"}, {"EventEndTime"}};
        }
    }

    /** Suricata eve.json: dns records of version 2, answers detailed, and flow records ({@link SuricataWriter}). */
    static final class Suricata extends JsonFormat {
        @Override
        void dns(DnsQuery q, int index, List<String> into) {
            SuricataWriter.dns(q, index, SuricataWriter.Style.V2_DETAILED, into);
        }

        @Override
        String flow(NetworkFlow f, int index) {
            return SuricataWriter.flow(f, index);
        }

        @Override
        String[][] timeKeys() {
            return new String[][] {{"timestamp"}, {"flow", "start"}};
        }
    }

    /** Elastic ECS documents as Packetbeat writes them, nested keys ({@link EcsWriter}). */
    static final class Ecs extends JsonFormat {
        @Override
        void dns(DnsQuery q, int index, List<String> into) {
            into.add(EcsWriter.dns(q, index, false));
        }

        @Override
        String flow(NetworkFlow f, int index) {
            return EcsWriter.flow(f, index, false);
        }

        @Override
        String[][] timeKeys() {
            return new String[][] {{"@timestamp"}, {"event", "start"}, {"event", "end"}};
        }
    }
}
