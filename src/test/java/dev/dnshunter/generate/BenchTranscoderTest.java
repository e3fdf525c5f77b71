package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;
import dev.dnshunter.pipeline.Input;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bench --format F}'s data set holds the same DNS queries (time, client, name, type, answer addresses) and
 * flows (time, endpoints, port, bytes, direction where the format has one) as the Sentinel one it was rendered from, read back with each
 * format's parsers, and its bad lines are still dead letters.
 */
class BenchTranscoderTest {
    @TempDir
    static Path dir;
    static BenchDataWriter.Result sentinel;

    static BenchDataWriter.Result sentinel() throws Exception {
        if (sentinel == null) sentinel = BenchDataWriter.write(dir.resolve("sentinel"), 20_000, 4, System.err);
        return sentinel;
    }

    static GroundTruth.Events read(Map<Input, Path> inputs) throws Exception {
        List<Map.Entry<Input, Path>> files = new ArrayList<>();
        for (Map.Entry<Input, Path> e : inputs.entrySet()) {
            try (Stream<Path> s = Files.list(e.getValue())) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) files.add(new AbstractMap.SimpleEntry<>(e.getKey(), p));
            }
        }
        return GroundTruth.read(files, DetectionConfig.defaults());
    }

    static List<String> queries(GroundTruth.Events e) {
        List<String> out = new ArrayList<>();
        for (DnsQuery q : e.resolverQueries()) {
            DnsQuery c = GenDns.clean(q);
            out.add(c.time + " " + c.clientAddress + " " + c.name + " " + c.queryType + " " + c.addresses);
        }
        out.sort(null);
        return out;
    }

    /** Suricata has no direction: its adapter calls a flow outbound by the addresses, so the direction is left out. */
    static List<String> flows(GroundTruth.Events e, boolean direction) {
        List<String> out = new ArrayList<>();
        for (NetworkFlow f : e.flows()) {
            out.add(f.time + " " + AddressRules.canonicalOrRaw(f.sourceAddress) + " " + AddressRules.canonicalOrRaw(f.destinationAddress)
                    + " " + f.destinationPort + " " + f.bytesFromClient + " " + f.bytesToClient + (direction ? " " + f.outbound : ""));
        }
        out.sort(null);
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DataSetFormat.class, names = {"ZEEK", "ZEEK_JSON", "ECS", "SURICATA", "ASIM"})
    void theSameEventsInEveryFormat(DataSetFormat format) throws Exception {
        BenchDataWriter.Result s = sentinel();
        Map<Input, Path> sentinelInputs = Map.of(Input.DNS_EVENTS, s.input(DataSetGenerator.DNS_EVENTS_DIR),
                Input.FIREWALL_EVENTS, s.input(DataSetGenerator.FIREWALL_EVENTS_DIR), Input.VM_CONNECTIONS,
                s.input(DataSetGenerator.VM_CONNECTIONS_DIR));
        GroundTruth.Events want = read(sentinelInputs);
        Path out = BenchTranscoder.transcode(s, format, dir.resolve(format.id));
        Map<Input, Path> inputs = new java.util.EnumMap<>(Input.class);
        format.inputs().forEach((input, sub) -> inputs.put(input, out.resolve(sub)));
        GroundTruth.Events got = read(inputs);

        assertTrue(want.resolverQueries().size() > 5_000, "queries: " + want.resolverQueries().size());
        boolean direction = format != DataSetFormat.SURICATA;
        assertEquals(flows(want, direction), flows(got, direction), format.id);
        if (format == DataSetFormat.SURICATA) {
            // Every request is a record, and every answered one a response record too (its code and answers), marked
            // as repeating its request; without the responses, the records are the queries.
            long answered = want.resolverQueries().stream().filter(q -> q.responseCode != dev.dnshunter.model.DnsQuery.ABSENT).count();
            assertEquals(want.resolverQueries().size() + answered, got.resolverQueries().size(), format.id);
            assertEquals(answered, got.resolverQueries().stream().filter(q -> q.repeatsRequest).count(), format.id);
        } else {
            assertEquals(queries(want), queries(got), format.id);
        }
        assertEquals(want.deadLetters(), got.deadLetters(), format.id + ": the bad lines are still dead letters");
    }
}
