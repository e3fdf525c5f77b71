package dev.dnshunter.cli;

import dev.dnshunter.generate.DataSetGenerator;
import dev.dnshunter.generate.GeneratorOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code generate}: a synthetic data set in the three input formats, with the alerts it must produce. */
final class GenerateCommand {
    static final String USAGE = "usage: dns-hunter generate --out DIR [--days N] [--seed S] [--clients N] [--lookups-per-day N] "
            + "[--flows-per-lookup X] [--exfiltrations N] [--start ISO] [--gzip]";

    static final String HELP = USAGE + """


            Writes a realistic synthetic data set: Zipf-like domain popularity, hundreds of clients, benign flows,
            traps (co.uk names, S3 buckets, trailing dots, upper case, private answers) and injected exfiltration.

              --out DIR               where the data set goes (dns-events/, firewall-events/, vm-connections/,
                                      expected-alerts.jsonl, injected.jsonl, dataset.json)
              --days N                days of traffic (default 14; past 7, the first 7 are the baseline week)
              --seed S                same seed and flags give byte-identical files (default 1)
              --clients N             internal hosts (default 300)
              --lookups-per-day N     DnsEvents rows per day (default 20000)
              --flows-per-lookup X    connection rows per DNS row (default 0.5)
              --exfiltrations N       injected exfiltrations (default 3)
              --start ISO             first instant (default 2026-11-01T00:00:00Z)
              --gzip                  write the inputs as .jsonl.gz
            """;

    private static final Set<String> VALUED = Set.of("out", "days", "seed", "clients", "lookups-per-day", "flows-per-lookup",
            "exfiltrations", "start");

    private GenerateCommand() {}

    static GeneratorOptions options(Flags f) {
        GeneratorOptions o = GeneratorOptions.defaults(Path.of(f.required("out")))
                .withDays(f.integer("days", GeneratorOptions.DEFAULT_DAYS, 1, 3650))
                .withSeed(f.longValue("seed", GeneratorOptions.DEFAULT_SEED))
                .withClients(f.integer("clients", GeneratorOptions.DEFAULT_CLIENTS, 10, 10_000_000))
                .withLookupsPerDay(f.integer("lookups-per-day", GeneratorOptions.DEFAULT_LOOKUPS_PER_DAY, 0, Integer.MAX_VALUE))
                .withFlowsPerLookup(f.number("flows-per-lookup", GeneratorOptions.DEFAULT_FLOWS_PER_LOOKUP))
                .withExfiltrations(f.integer("exfiltrations", GeneratorOptions.DEFAULT_EXFILTRATIONS, 0, 1000))
                .withGzip(f.has("gzip"));
        Instant start = f.instant("start");
        return start == null ? o : o.withStart(start);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Flags f = Flags.parse(args, VALUED, Set.of("gzip"));
        GeneratorOptions options = options(f);
        err.println("generate: writing " + options.days() + " days to " + options.outDir() + " ...");
        DataSetGenerator.Summary s = DataSetGenerator.generate(options);
        out.printf("dns-events:      %,d lines (%d bad) in %s%n", s.dnsEventLines(), s.badDnsEventLines(), s.dnsEventsFile());
        out.printf("firewall-events: %,d lines (%d bad) in %s%n", s.firewallEventLines(), s.badFirewallEventLines(), s.firewallEventsFile());
        out.printf("vm-connections:  %,d lines (%d bad) in %s%n", s.vmConnectionLines(), s.badVmConnectionLines(), s.vmConnectionsFile());
        out.printf("expected alerts: %d in %s (detect from %s)%n", s.expectedAlerts(), s.expectedAlertsFile(),
                s.detectFromMillis() == Long.MIN_VALUE ? "the start" : Instant.ofEpochMilli(s.detectFromMillis()));
        out.printf("injected exfiltrations: %d in %s%n", s.injected().size(), s.injectedFile());
        return 0;
    }
}
