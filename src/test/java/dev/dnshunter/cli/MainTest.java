package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anErrorEscapingACommandIsExitCodeOneWithItsCauseNotADeadMainThread() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.guarded(new String[] {"backfill", "--dns-events", "x"}, () -> {
            throw new NoClassDefFoundError("dev/dnshunter/rules/Gone");
        }, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("dns-hunter backfill: failed: java.lang.NoClassDefFoundError: dev/dnshunter/rules/Gone"), text);
    }

    @Test
    void aCommandsOwnExitCodePassesThroughTheGuard() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.guarded(new String[] {"frobnicate"}, () -> 2, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "frobnicate|unknown command 'frobnicate'",
            "backfill --alerts-out target/usage-test/never-written|give at least one input",
            "backfill --dns-events /no/such/file --alerts-out target/usage-test/never-written|--dns-events: no such file or directory: /no/such/file",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --parallelism many|--parallelism: not an integer: 'many'",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --bogus|unknown flag --bogus",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --detect-from yesterday|--detect-from: not an ISO-8601 instant: 'yesterday'",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --flow-after-lookup soon|--flow-after-lookup: not a duration: 'soon'",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --lookback-days 0|--lookback-days must be between 1 and 366, got 0",
            "backfill --dns-events .|--alerts-out is required",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --min-severity urgent|--min-severity must be low, medium or high, got 'urgent'",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --medium-sent-bytes 2000000|--medium-sent-bytes (2000000) must not exceed --high-sent-bytes (1000000)",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --upload-ratio -1|--upload-ratio must be a non-negative number, got -1",
            "stream --bootstrap-servers h:1 --dns-events-topic d --alerts-topic a --min-severity none|--min-severity must be low, medium or high, got 'none'",
            "bootstrap --dns-events . --savepoint-out target/usage-test/never-written --min-severity high|unknown flag --min-severity",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --rules DnsTxtTunneling,Nope|--rules: unknown rule 'Nope'; rules: RareDnsLookupWithDataTransfer, DnsTxtTunneling",
            "backfill --dns-events . --alerts-out target/usage-test/never-written --rules ,|--rules needs at least one rule",
            "stream --bootstrap-servers h:1 --dns-events-topic d --alerts-topic a --rules dnstxttunneling|--rules: unknown rule 'dnstxttunneling'",
            "bootstrap --dns-events . --savepoint-out target/usage-test/never-written --rules Nope|--rules: unknown rule 'Nope'",
            "bootstrap --dns-events . --savepoint-out target/usage-test/never-written --rules DnsTxtTunneling|--rules: bootstrap builds only the RareDnsLookupWithDataTransfer baseline",
            "generate --out target/usage-test/never-written --days zero|--days: not an integer: 'zero'",
            "generate --out never-written --format splunk|--format must be one of sentinel sentinel-csv asim zeek zeek-json suricata ecs, got 'splunk'",
            "generate --out never-written --days 1 --lookups-per-day 10 --volume-exfiltrations 1|--volume-exfiltrations: the copies do not fit before the data set ends (--days 1, detection from day 1)",
            "generate --out never-written --tunnels -1|--tunnels must be between 0 and 1000, got -1",
            "demo --seed|--seed needs a value",
            "bench-streaming --rate 50|--rate must be between 100 and 10000000, got 50",
            "bench-streaming --checkpoint-interval often|--checkpoint-interval: not a duration: 'often'",
    })
    void badArgumentsExitTwoWithOneLineAndTheUsage(String args, String message) {
        Result r = run(args.split(" "));
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(2, lines.length, r.err());
        assertTrue(lines[0].contains(message), lines[0]);
        assertTrue(lines[1].startsWith("usage: dns-hunter"), lines[1]);
    }

    @ParameterizedTest
    @CsvSource({"backfill", "stream", "bootstrap", "generate", "demo", "bench", "bench-streaming"})
    void everyCommandHasHelp(String command) {
        Result r = run(command, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: dns-hunter " + command), r.out());
    }

    @Test
    void aNonEmptyAlertsDirectoryIsRefusedSoRunsDoNotMix() throws Exception {
        Path alerts = Files.createDirectories(dir.resolve("alerts"));
        Files.writeString(alerts.resolve("old.jsonl"), "{}\n");
        Result r = run("backfill", "--dns-events", dir.toString(), "--alerts-out", alerts.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not empty"), r.err());
    }

    @Test
    void backfillOverGzippedDirectoriesEqualsTheGroundTruth() throws Exception {
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(3).withClients(40).withLookupsPerDay(1500).withGzip(true));
        assertTrue(data.dnsEventsFile().toString().endsWith(".gz"));
        Path alerts = dir.resolve("out/alerts");
        Result r = run("backfill", "--dns-events", data.dnsEventsFile().getParent().toString(),
                "--firewall-events", data.firewallEventsFile().getParent().toString(),
                "--vm-connections", data.vmConnectionsFile().getParent().toString(),
                "--dns-client-events", data.dnsClientEventsFile().getParent().toString(),
                "--alerts-out", alerts.toString(), "--detect-from", java.time.Instant.ofEpochMilli(data.detectFromMillis()).toString());
        assertEquals(0, r.code(), r.err());

        List<String> got = new ArrayList<>();
        for (Path p : BackfillCommand.jsonLinesFiles(alerts)) got.addAll(Files.readAllLines(p));
        got.sort(null);
        List<String> want = Files.readAllLines(data.expectedAlertsFile()).stream().filter(l -> !l.isBlank()).sorted().toList();
        assertEquals(want, got);
        assertTrue(r.out().contains(want.size() + " alerts in " + alerts), r.out());

        Path deadLetters = dir.resolve("out/alerts-dead-letters");
        int planted = data.badDnsEventLines() + data.badFirewallEventLines() + data.badVmConnectionLines()
                + data.badDnsClientEventLines();
        assertEquals(planted, BackfillCommand.countLines(deadLetters), "dead letters go beside the alerts by default");
        assertTrue(r.err().contains("done: "), "progress is reported on stderr: " + r.err());
    }

    @Test
    void minSeverityWritesOnlyTheAlertsAtOrAboveItAndTheSummaryCountsTheRest() throws Exception {
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(dir.resolve("data"))
                .withDays(8).withSeed(3).withClients(40).withLookupsPerDay(1500));
        Path alerts = dir.resolve("out/alerts");
        Result r = run("backfill", "--dns-events", data.dnsEventsFile().toString(), "--firewall-events", data.firewallEventsFile().toString(),
                "--vm-connections", data.vmConnectionsFile().toString(), "--dns-client-events", data.dnsClientEventsFile().toString(),
                "--alerts-out", alerts.toString(), "--detect-from", java.time.Instant.ofEpochMilli(data.detectFromMillis()).toString(),
                "--min-severity", "high");
        assertEquals(0, r.code(), r.err());

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> want = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, Integer>> below = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(data.expectedAlertsFile())) {
            if (line.isBlank()) continue;
            var a = json.readTree(line);
            if (a.get("severity").asText().equals("High")) want.add(line);
            else below.computeIfAbsent(a.get("rule").asText(), k -> new java.util.TreeMap<>()).merge(a.get("severity").asText(), 1, Integer::sum);
        }
        want.sort(null);
        List<String> got = new ArrayList<>();
        for (Path p : BackfillCommand.jsonLinesFiles(alerts)) got.addAll(Files.readAllLines(p));
        got.sort(null);
        assertEquals(want, got);

        int rareLow = below.get("RareDnsLookupWithDataTransfer").getOrDefault("Low", 0);
        int rareMedium = below.get("RareDnsLookupWithDataTransfer").getOrDefault("Medium", 0);
        assertEquals(java.util.Set.of("RareDnsLookupWithDataTransfer"), below.keySet(), "the TXT rule's alerts are all High");
        assertTrue(rareLow > 0, "the data set has Low alerts to filter: " + below);
        assertTrue(r.out().contains(want.size() + " alerts in " + alerts), r.out());
        assertTrue(r.out().contains((rareLow + rareMedium) + " alerts below --min-severity High, counted and not written"), r.out());
        assertTrue(r.out().contains("  RareDnsLookupWithDataTransfer: 0 High, " + rareMedium + " Medium, " + String.format(java.util.Locale.ROOT, "%,d", rareLow) + " Low"), r.out());
    }
}
