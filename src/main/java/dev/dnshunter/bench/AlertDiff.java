package dev.dnshunter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Two sets of rare-lookup alerts compared key by key and field by field: the job's and a peer's (another engine
 * running the same rule). An alert's key is its group (window, client, domain, destination, port, data type); its
 * fields are the figures of the alert. Fields only the job writes (the envelope's id and time, MITRE) are not
 * compared. Values are compared as JSON values ({@code 5} and {@code 5.0} differ; {@code "5"} and {@code 5} differ).
 */
public final class AlertDiff {
    static final List<String> KEY = List.of("windowStart", "clientIp", "domain", "destinationIp", "destinationPort", "dataType");
    static final List<String> FIELDS = List.of("rule", "severity", "windowEnd", "sentBytes", "receivedBytes", "connectionCount",
            "lookupCount", "firstLookupTime", "lastLookupTime", "dailyAvgLookupCountOverLookback");
    /** Examples of each kind of difference kept for the report. */
    static final int EXAMPLES = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One field of one alert that differs. */
    public record Mismatch(String key, String field, String ours, String peer) {}

    public record Result(long ours, long peer, long onlyOurs, long onlyPeer, long mismatchedAlerts, long mismatchedFields,
                         long duplicateKeys, List<String> onlyOursExamples, List<String> onlyPeerExamples,
                         List<Mismatch> mismatchExamples) {
        public boolean identical() {
            return onlyOurs == 0 && onlyPeer == 0 && mismatchedAlerts == 0 && duplicateKeys == 0 && ours == peer;
        }

        public String summary() {
            if (identical()) return ours + " alerts each, identical";
            return ours + " ours, " + peer + " peer's: " + onlyOurs + " only ours, " + onlyPeer + " only the peer's, "
                    + mismatchedAlerts + " with different fields (" + mismatchedFields + " fields)"
                    + (duplicateKeys > 0 ? ", " + duplicateKeys + " keys more than once" : "");
        }
    }

    private AlertDiff() {}

    /** Compares the alert lines of two sides; lines of other rules are ignored, blank lines skipped. */
    public static Result compare(List<String> oursLines, List<String> peerLines) {
        int[] repeatedKeys = new int[1];
        Map<String, JsonNode> ours = byKey(oursLines, repeatedKeys);
        Map<String, JsonNode> peer = byKey(peerLines, repeatedKeys);
        List<String> onlyOurs = new ArrayList<>();
        List<String> onlyPeer = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        long onlyOursCount = 0;
        long mismatchedAlerts = 0;
        long mismatchedFields = 0;
        for (Map.Entry<String, JsonNode> e : ours.entrySet()) {
            JsonNode other = peer.get(e.getKey());
            if (other == null) {
                if (onlyOursCount++ < EXAMPLES) onlyOurs.add(e.getKey());
                continue;
            }
            int differing = 0;
            for (String field : FIELDS) {
                JsonNode a = e.getValue().get(field);
                JsonNode b = other.get(field);
                if (Objects.equals(a, b)) continue;
                differing++;
                if (mismatches.size() < EXAMPLES) mismatches.add(new Mismatch(e.getKey(), field, text(a), text(b)));
            }
            if (differing > 0) mismatchedAlerts++;
            mismatchedFields += differing;
        }
        long onlyPeerCount = 0;
        for (String key : peer.keySet()) {
            if (!ours.containsKey(key) && onlyPeerCount++ < EXAMPLES) onlyPeer.add(key);
        }
        return new Result(ours.size(), peer.size(), onlyOursCount, onlyPeerCount, mismatchedAlerts, mismatchedFields,
                repeatedKeys[0], onlyOurs, onlyPeer, mismatches);
    }

    /** The lines of the JSON-lines files of a directory or of one file, in file name order. */
    public static List<String> lines(Path fileOrDir) throws IOException {
        List<Path> files;
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
        } else {
            files = List.of(fileOrDir);
        }
        List<String> lines = new ArrayList<>();
        for (Path f : files) lines.addAll(Files.readAllLines(f));
        return lines;
    }

    private static Map<String, JsonNode> byKey(List<String> lines, int[] repeatedKeys) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonNode alert;
            try {
                alert = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON alert: " + line, e);
            }
            if (!"RareDnsLookupWithDataTransfer".equals(alert.path("rule").asText())) continue;
            StringBuilder key = new StringBuilder();
            for (String k : KEY) {
                if (key.length() > 0) key.append('|');
                key.append(alert.path(k).asText());
            }
            if (m.put(key.toString(), alert) != null) repeatedKeys[0]++;
        }
        return m;
    }

    private static String text(JsonNode n) {
        return n == null ? "(absent)" : n.toString();
    }
}
