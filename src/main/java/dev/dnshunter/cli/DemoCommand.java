package dev.dnshunter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code demo}: generate a small data set, run the backfill on it, show the alerts beside the planted attacks. */
final class DemoCommand {
    static final String USAGE = "usage: dns-hunter demo [--kafka] [--work-dir DIR] [--days N] [--seed S] [--parallelism N] "
            + "[--kafka-port P] [--speedup X]";

    static final String HELP = USAGE + """


            Generates a small synthetic data set (9 days: a baseline week, then two days with injected exfiltration),
            runs `backfill` on it with detection from day 8, prints the alerts as a table and checks them against the
            data set's ground truth, and writes the hunt report (DIR/report.html, its path printed last). Exit code 0
            when they match, 1 when they do not.

              --work-dir DIR   where the data set and the results go (default ./dns-hunter-demo; replaced if it holds
                               an earlier demo, refused if it holds anything else)
              --days N         days of traffic (default 9)
              --seed S         generator seed (default 7)
              --parallelism N  parallel tasks (default 2)

            With --kafka: starts a local Kafka broker (deploy/local/kafka, on 127.0.0.1), creates the topics, runs
            the streaming job on the embedded MiniCluster, replays the data set into the input topics in event-time
            order, prints alerts as they are committed to the alerts topic (read_committed), then stops what it
            started.

              --kafka-port P   the broker's port (default 19092; P+1 is its controller port)
              --speedup X      replay X times faster than event time (default 15000: 9 days in about a minute)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TABLE_ROWS = 15;
    private static final String RARE = "RareDnsLookupWithDataTransfer";

    private DemoCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Flags f = Flags.parse(args, Set.of("work-dir", "days", "seed", "parallelism", "kafka-port", "speedup"), Set.of("kafka"));
        Path work = f.path("work-dir", Path.of("dns-hunter-demo")).toAbsolutePath().normalize();
        int days = f.integer("days", 9, 8, 60);
        long seed = f.longValue("seed", 7);
        int parallelism = f.integer("parallelism", 2, 1, 64);
        prepare(work);
        if (f.has("kafka")) {
            double speedup = f.number("speedup", 15_000);
            if (speedup <= 0) throw new UsageException("--speedup must be positive");
            return KafkaDemo.run(new KafkaDemo.Options(work, days, seed, f.integer("kafka-port", 19092, 1024, 65534), speedup,
                    parallelism), out, err);
        }

        err.println("demo: generating " + days + " days of DNS, firewall and VM connection logs in " + work);
        DataSetGenerator.Summary data = DataSetGenerator.generate(GeneratorOptions.defaults(work.resolve("data"))
                .withDays(days).withSeed(seed).withClients(120).withLookupsPerDay(4000));
        DetectionConfig config = data.detectionConfig();
        BackfillCommand.Plan plan = new BackfillCommand.Plan(data.dnsEventsFile().getParent(), data.firewallEventsFile().getParent(),
                data.vmConnectionsFile().getParent(), data.dnsClientEventsFile().getParent(), null, List.of(), work.resolve("alerts"),
                work.resolve("alerts-dead-letters"), work.resolve("alerts-excluded"), parallelism, config);
        BackfillCommand.execute(plan, err);

        List<JsonNode> all = read(BackfillCommand.jsonLinesFiles(plan.alertsDir()));
        List<JsonNode> expected = read(List.of(data.expectedAlertsFile()));
        List<JsonNode> alerts = new ArrayList<>();
        List<JsonNode> txt = new ArrayList<>();
        for (JsonNode a : all) (RARE.equals(a.get("rule").asText()) ? alerts : txt).add(a);
        // Largest transfers first: that is where an analyst starts, and where the planted exfiltration shows.
        alerts.sort(Comparator.comparing((JsonNode a) -> -a.get("sentBytes").asLong()).thenComparing(a -> a.get("alertId").asText()));
        Set<String> injectedKeys = new HashSet<>();
        for (DataSetGenerator.Injected i : data.injected()) injectedKeys.add(i.client() + "|" + i.domain());

        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (JsonNode a : alerts) bySeverity.merge(Severity.parse(a.get("severity").asText()), 1L, Long::sum);
        out.println();
        out.printf("%s (%d RareDnsLookupWithDataTransfer alerts; --min-severity medium would write %d)%n",
                Severity.summary(bySeverity), alerts.size(), alerts.size() - bySeverity.getOrDefault(Severity.LOW, 0L));
        out.println();
        out.printf("RareDnsLookupWithDataTransfer alerts, largest transfers first (detecting from %s; * = planted exfiltration)%n",
                Instant.ofEpochMilli(config.detectFromMillis()));
        out.printf("  %-6s %-20s %-15s %-28s %-22s %-18s %10s %5s %5s %7s%n", "sev", "window start", "client", "domain",
                "destination", "data type", "sent MB", "conns", "looks", "avg/day");
        int injectedFound = 0;
        int shown = 0;
        for (JsonNode a : alerts) {
            boolean injected = injectedKeys.contains(a.get("clientIp").asText() + "|" + a.get("domain").asText());
            if (injected) injectedFound++;
            if (shown++ >= TABLE_ROWS && !injected) continue;
            out.printf("%s %-6s %-20s %-15s %-28s %-22s %-18s %10.2f %5d %5d %7.2f%n", injected ? "*" : " ",
                    a.get("severity").asText(), a.get("windowStart").asText().substring(0, 16) + "Z", a.get("clientIp").asText(), cut(a.get("domain").asText(), 28),
                    cut(a.get("destinationIp").asText() + ":" + a.get("destinationPort").asInt(), 22), a.get("dataType").asText(),
                    a.get("sentBytes").asLong() / 1e6, a.get("connectionCount").asLong(), a.get("lookupCount").asLong(),
                    a.get("dailyAvgLookupCountOverLookback").asDouble());
        }
        if (alerts.size() > TABLE_ROWS) {
            out.printf("  ... and %d smaller transfers to rare domains (all in %s)%n", alerts.size() - TABLE_ROWS, plan.alertsDir());
        }
        printTxt(txt, out);
        Set<String> got = ids(all);
        Set<String> want = ids(expected);
        boolean match = got.equals(want) && sameBodies(all, expected);
        out.println();
        out.printf("%d RareDnsLookupWithDataTransfer alerts (%d of them from the %d planted exfiltrations), %d DnsTxtTunneling alerts; "
                + "ground truth %s (%d expected)%n", alerts.size(), injectedFound, data.injected().size(), txt.size(),
                match ? "matches" : "DIFFERS", expected.size());
        out.printf("alerts: %s%ndead letters (the generator's planted bad lines): %d in %s%n", plan.alertsDir(),
                BackfillCommand.countLines(plan.deadLetterDir()), plan.deadLetterDir());
        BackfillCommand.writeReport(plan.alertsDir(), work.resolve("report.html"), out);
        return match ? 0 : 1;
    }

    private static void printTxt(List<JsonNode> txt, PrintStream out) {
        txt.sort(Comparator.comparing((JsonNode a) -> a.get("firstQueryTime").asText()).thenComparing(a -> a.get("host").asText()));
        out.println();
        out.println("DnsTxtTunneling alerts (a burst of more than 5 TXT queries in 5 minutes; repeats suppressed for 60 minutes)");
        out.printf("  %-24s %-28s %-16s %5s  %s%n", "first query", "host", "source", "count", "domains / first names");
        for (JsonNode a : txt) {
            List<String> names = new ArrayList<>();
            a.get("queryNames").forEach(n -> names.add(n.asText()));
            List<String> domains = new ArrayList<>();
            a.get("registeredDomains").forEach(n -> domains.add(n.asText()));
            out.printf("  %-24s %-28s %-16s %5d  %s  %s%n", a.get("firstQueryTime").asText(), cut(a.get("host").asText(), 28),
                    a.get("source").asText(), a.get("queryCount").asInt(), String.join(",", domains),
                    cut(String.join(" ", names), 60));
        }
    }

    static void prepare(Path work) throws IOException {
        if (Files.exists(work)) {
            boolean earlierDemo = Files.exists(work.resolve("data").resolve(DataSetGenerator.DATA_SET));
            boolean empty;
            try (Stream<Path> s = Files.list(work)) {
                empty = s.findAny().isEmpty();
            }
            if (!earlierDemo && !empty) {
                throw new UsageException("--work-dir " + work + " holds files that are not an earlier demo; give a new or empty directory");
            }
            deleteTree(work);
        }
        Files.createDirectories(work);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static List<JsonNode> read(List<Path> files) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path p : files) {
            for (String line : Files.readAllLines(p)) if (!line.isBlank()) out.add(JSON.readTree(line));
        }
        return out;
    }

    private static Set<String> ids(List<JsonNode> alerts) {
        Set<String> s = new HashSet<>();
        for (JsonNode a : alerts) s.add(a.get("alertId").asText());
        return s;
    }

    private static boolean sameBodies(List<JsonNode> a, List<JsonNode> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
