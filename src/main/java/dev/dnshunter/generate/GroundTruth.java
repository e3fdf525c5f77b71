package dev.dnshunter.generate;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.RecordParser;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import dev.dnshunter.rules.txtburst.TxtQueries;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts a data set must give, from the events as its format renders them: each file read back with its input's
 * parser (rows it rejects or skips take no part, as in the job), then every rule's independent in-memory reference
 * ({@link ReferenceDetector}, {@link ReferenceTxtDetector}, {@link ReferenceTunnelDetector},
 * {@link ReferenceExfilDetector}, {@link ReferenceNxdomainDetector}, {@link ReferenceTxtPayloadDetector}). Never the
 * Flink job.
 */
final class GroundTruth {
    /** The events of a data set: DNS queries of the resolver and network logs, of the client host logs, and flows. */
    record Events(List<DnsQuery> resolverQueries, List<DnsQuery> clientQueries, List<NetworkFlow> flows, long deadLetters) {}

    /** The alerts: the two seed rules' typed (for the checks of planted attacks), and every rule's as sorted JSON lines. */
    record Alerts(List<RareDnsAlert> rare, List<DnsTxtAlert> txt, List<String> lines) {}

    private GroundTruth() {}

    /** Reads the files of each input ({@code files}: input and file), one parser per file as a backfill has it. */
    static Events read(List<Map.Entry<Input, Path>> files, DetectionConfig config) {
        List<DnsQuery> resolver = new ArrayList<>();
        List<DnsQuery> client = new ArrayList<>();
        List<NetworkFlow> flows = new ArrayList<>();
        long[] dead = {0};
        for (Map.Entry<Input, Path> file : files) {
            Input input = file.getKey();
            RecordParser parser = new RecordParser(input, config).forNewFile();
            List<DnsQuery> queries = input == Input.DNS_CLIENT_EVENTS ? client : resolver;
            JsonLines.forEachLine(file.getValue(), line -> {
                ParsedRecord r = parser.parse(line);
                if (r == null) return;
                if (r.dnsQuery != null) queries.add(r.dnsQuery);
                if (r.flow != null) flows.add(r.flow);
                if (r.deadLetter != null) dead[0]++;
            });
        }
        return new Events(resolver, client, flows, dead[0]);
    }

    static Alerts alerts(Events e, DetectionConfig config) {
        DomainRules domains = ReferenceDetector.domainRules(config);
        List<DnsEvent> dnsEvents = new ArrayList<>();
        for (DnsQuery q : e.resolverQueries()) dnsEvents.add(ReferenceDetector.asDnsEvent(q));
        List<Flow> outbound = new ArrayList<>();
        for (NetworkFlow f : e.flows()) {
            if (f.outbound) {
                outbound.add(new Flow(f.time, f.sourceAddress, f.destinationAddress, f.destinationPort, f.bytesFromClient,
                        f.bytesToClient, f.dataType));
            }
        }
        List<RareDnsAlert> rare = ReferenceDetector.detect(dnsEvents, outbound, config, domains);

        List<DnsQuery> all = new ArrayList<>(e.clientQueries());
        all.addAll(e.resolverQueries());
        List<TxtQuery> txtQueries = new ArrayList<>();
        for (DnsQuery q : all) {
            TxtQuery t = TxtQueries.fromDnsQuery(q);
            if (t != null) txtQueries.add(t);
        }
        List<DnsTxtAlert> txt = ReferenceTxtDetector.detect(txtQueries, config, domains);
        // The rules that count questions count an exchange once: a record that repeats the question of a request the
        // log holds apart (a Suricata response) is not another query. The answer rules read every record.
        List<DnsQuery> questions = new ArrayList<>();
        for (DnsQuery q : all) if (!q.repeatsRequest) questions.add(q);

        // One file for every rule, sorted as text: the order a job's output is compared in, whatever its parallelism.
        List<String> lines = new ArrayList<>();
        for (RareDnsAlert a : rare) lines.add(AlertJson.toJson(a));
        for (DnsTxtAlert a : txt) lines.add(AlertJson.toJson(a));
        for (TunnelSubdomainsAlert a : ReferenceTunnelDetector.detect(questions, domains, config.tunnel())) lines.add(a.toJson());
        for (ExfilVolumeAlert a : ReferenceExfilDetector.detect(questions, domains, config.exfil())) lines.add(a.toJson());
        for (NxdomainBurstAlert a : ReferenceNxdomainDetector.detect(all, domains, config.nxdomain())) lines.add(a.toJson());
        for (TxtPayloadAlert a : ReferenceTxtPayloadDetector.detect(all, domains, TxtPayloadRule.SUPPRESSION_MILLIS)) {
            lines.add(a.toJson());
        }
        lines.sort(null);
        return new Alerts(rare, txt, lines);
    }
}
