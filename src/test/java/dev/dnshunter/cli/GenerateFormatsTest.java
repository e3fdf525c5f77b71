package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.generate.DataSetGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code generate --format F} with every added attack, then the {@code backfill} command it prints, in-process: the
 * alerts are exactly the data set's ground truth (computed by the independent references from the files as rendered)
 * and the dead letters exactly its bad lines, in every format.
 */
class GenerateFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sentinel", "sentinel-csv", "asim", "zeek", "zeek-json", "suricata", "ecs"})
    void backfillOfTheGeneratedDataSetGivesExactlyItsGroundTruth(String format) throws Exception {
        Path data = dir.resolve("data");
        MainTest.Result g = MainTest.run("generate", "--out", data.toString(), "--format", format, "--days", "9", "--seed", "5",
                "--clients", "40", "--lookups-per-day", "600", "--tunnels", "1", "--volume-exfiltrations", "1",
                "--nxdomain-bursts", "1", "--txt-payloads", "1");
        assertEquals(0, g.code(), g.err());
        String printed = g.out().lines().filter(l -> l.startsWith("backfill: dns-hunter backfill ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Arrays.asList(printed.substring("backfill: dns-hunter ".length()).split(" ")));
        MainTest.Result b = MainTest.run(args.toArray(new String[0]));
        assertEquals(0, b.code(), b.err());

        Path alerts = data.resolve("alerts");
        List<String> got = new ArrayList<>();
        for (Path p : BackfillCommand.jsonLinesFiles(alerts)) got.addAll(Files.readAllLines(p));
        got.sort(null);
        List<String> want = Files.readAllLines(data.resolve(DataSetGenerator.EXPECTED_ALERTS)).stream().filter(l -> !l.isBlank()).sorted().toList();
        Map<String, Integer> byRule = new TreeMap<>();
        for (String a : want) byRule.merge(JSON.readTree(a).get("rule").asText(), 1, Integer::sum);
        assertEquals(want, got, format + " " + byRule);

        int bad = Integer.parseInt(g.out().lines().filter(l -> l.startsWith("bad lines: ")).findFirst().orElseThrow()
                .replaceAll("bad lines: (\\d+),.*", "$1"));
        assertEquals(bad, BackfillCommand.countLines(data.resolve("alerts-dead-letters")), format + ": dead letters are the bad lines");
        // The added attacks show, in every format that can carry them.
        assertTrue(byRule.getOrDefault("DnsTunnelingSubdomains", 0) >= 2, format + " " + byRule);
        assertTrue(byRule.getOrDefault("DnsExfiltrationVolume", 0) >= 2, format + " " + byRule);
        assertTrue(byRule.getOrDefault("RareDnsLookupWithDataTransfer", 0) >= 3, format + " " + byRule);
        assertTrue(byRule.getOrDefault("DnsTxtTunneling", 0) >= 1, format + " " + byRule);
        System.out.println("GenerateFormatsTest " + format + " " + byRule);
    }
}
