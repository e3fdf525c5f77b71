package dev.dnshunter.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bench data set's own description ({@value BenchDataWriter#SUMMARY}), written last and read back on reuse. */
final class BenchSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSummary() {}

    /** The data set written into {@code dir} earlier, or null if there is none (or an older version's). */
    static BenchDataWriter.Result read(Path dir) throws IOException {
        Path summary = dir.resolve(BenchDataWriter.SUMMARY);
        if (!Files.isRegularFile(summary)) return null;
        JsonNode s = JSON.readTree(summary.toFile());
        if (s.path("version").asInt() != BenchDataWriter.VERSION) return null;
        JsonNode lines = s.path("lines");
        return new BenchDataWriter.Result(dir, s.path("seed").asLong(), s.path("requestedRecords").asLong(), s.path("records").asLong(),
                lines.path("dnsEvents").asLong(), lines.path("firewallEvents").asLong(),
                lines.path("vmConnections").asLong(), lines.path("dnsClientEvents").asLong(),
                s.path("badLinesPerInput").asInt(), s.path("domains").asLong(), s.path("clients").asLong(),
                s.path("domainUniverse").asInt(), s.path("clientUniverse").asInt(), s.path("exfiltrations").asInt(),
                s.path("dnsTxtBursts").asInt(), s.path("clientTxtBursts").asInt(),
                java.time.Instant.parse(s.path("start").asText()).toEpochMilli(),
                java.time.Instant.parse(s.path("detectFrom").asText()).toEpochMilli(),
                s.path("seconds").asDouble());
    }

    static ObjectNode json(BenchDataWriter.Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", BenchDataWriter.VERSION);
        o.put("seed", r.seed());
        o.put("requestedRecords", r.requestedRecords());
        o.put("records", r.records());
        o.put("days", BenchDataWriter.DAYS);
        o.put("parts", BenchDataWriter.PARTS);
        o.put("start", Times.iso(r.startMillis()));
        o.put("detectFrom", Times.iso(r.detectFromMillis()));
        ObjectNode lines = o.putObject("lines");
        lines.put("dnsEvents", r.dnsEventLines());
        lines.put("firewallEvents", r.firewallEventLines());
        lines.put("vmConnections", r.vmConnectionLines());
        lines.put("dnsClientEvents", r.dnsClientEventLines());
        o.put("badLinesPerInput", r.badLinesPerInput());
        o.put("domains", r.domains());
        o.put("clients", r.clients());
        o.put("domainUniverse", r.domainUniverse());
        o.put("clientUniverse", r.clientUniverse());
        o.put("exfiltrations", r.exfiltrations());
        o.put("dnsTxtBursts", r.dnsTxtBursts());
        o.put("clientTxtBursts", r.clientTxtBursts());
        o.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        return o;
    }
}
