package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertJson;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.generate.ReferenceExfilDetector;
import dev.dnshunter.generate.ReferenceNxdomainDetector;
import dev.dnshunter.generate.ReferenceTunnelDetector;
import dev.dnshunter.generate.ReferenceTxtDetector;
import dev.dnshunter.generate.ReferenceTxtPayloadDetector;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import dev.dnshunter.rules.txtburst.TxtQueries;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ground truth of the streaming tests: the independent in-memory references of each rule (package
 * {@code generate}), never the job, over the normalized events as the input format carries them; and the Sysmon view
 * of events (what an event-22 row keeps of a query).
 */
public final class ReferenceAlerts {
    private ReferenceAlerts() {}

    /** The alerts of every enabled rule over the events, as the job writes them (native JSON), sorted. */
    public static List<String> of(List<DnsQuery> queries, List<NetworkFlow> flows, DetectionConfig config) {
        DomainRules domains = ReferenceDetector.domainRules(config);
        List<String> alerts = new ArrayList<>();
        if (enabled(config, RareDnsAlert.RULE)) {
            List<DnsEvent> lookups = new ArrayList<>();
            for (DnsQuery q : queries) {
                lookups.add(new DnsEvent(q.time, DnsEventParser.LOOKUP_QUERY, q.clientAddress, q.name, q.addresses, null, q.clientHost));
            }
            List<Flow> outbound = new ArrayList<>();
            for (NetworkFlow f : flows) {
                if (f.outbound) {
                    outbound.add(new Flow(f.time, f.sourceAddress, f.destinationAddress, f.destinationPort, f.bytesFromClient,
                            f.bytesToClient, f.dataType));
                }
            }
            for (RareDnsAlert a : ReferenceDetector.detect(lookups, outbound, config, domains)) alerts.add(AlertJson.toJson(a));
        }
        if (enabled(config, DnsTxtAlert.RULE)) {
            List<TxtQuery> txt = new ArrayList<>();
            for (DnsQuery q : queries) {
                TxtQuery t = TxtQueries.fromDnsQuery(q);
                if (t != null) txt.add(t);
            }
            for (DnsTxtAlert a : ReferenceTxtDetector.detect(txt, config, domains)) alerts.add(AlertJson.toJson(a));
        }
        if (enabled(config, TunnelSubdomainsAlert.RULE)) {
            for (TunnelSubdomainsAlert a : ReferenceTunnelDetector.detect(queries, domains, config.tunnel())) alerts.add(a.toJson());
        }
        if (enabled(config, ExfilVolumeAlert.RULE)) {
            for (ExfilVolumeAlert a : ReferenceExfilDetector.detect(queries, domains, config.exfil())) alerts.add(a.toJson());
        }
        if (enabled(config, NxdomainBurstAlert.RULE)) {
            for (NxdomainBurstAlert a : ReferenceNxdomainDetector.detect(queries, domains, config.nxdomain())) alerts.add(a.toJson());
        }
        if (enabled(config, TxtPayloadAlert.RULE)) {
            for (TxtPayloadAlert a : ReferenceTxtPayloadDetector.detect(queries, domains, TxtPayloadRule.SUPPRESSION_MILLIS)) {
                alerts.add(a.toJson());
            }
        }
        alerts.sort(null);
        return alerts;
    }

    private static boolean enabled(DetectionConfig config, String rule) {
        return config.enabledRules() == null || config.enabledRules().contains(rule);
    }

    /** A host name standing for a client address ({@code 10.50.0.7} → {@code ws-10-50-0-7.corp.example}). */
    public static String host(String address) {
        return "ws-" + address.replace('.', '-').replace(':', '-') + ".corp.example";
    }

    /**
     * What Sysmon's event 22 keeps of each query: the host instead of the address, no query type, the status as the
     * response code (NXDOMAIN stays NXDOMAIN, anything else is success) and the answer addresses, no other answers.
     */
    public static List<DnsQuery> onHosts(List<DnsQuery> queries) {
        List<DnsQuery> out = new ArrayList<>();
        for (DnsQuery q : queries) {
            out.add(new DnsQuery(q.time, null, host(q.clientAddress), q.name, DnsQuery.ABSENT, q.responseCode == 3 ? 3 : 0,
                    q.addresses, null, "sysmon-events", "Sysmon", "C:\\Windows\\System32\\svchost.exe"));
        }
        return out;
    }

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * Sentinel {@code WindowsEvent} rows of Sysmon event 22 (the carrier of Azure-Sentinel's
     * {@code _ASim_Dns_MicrosoftSysmonWindowsEvent} parser: {@code EventData} a JSON object of the event data names).
     */
    public static List<String> windowsEventRows(List<DnsQuery> hostQueries) {
        List<String> rows = new ArrayList<>();
        for (DnsQuery q : hostQueries) {
            StringBuilder results = new StringBuilder();
            if (q.addresses != null) {
                for (String a : q.addresses.split(",")) results.append(a.indexOf(':') < 0 ? "::ffff:" : "").append(a.trim()).append(';');
            }
            rows.add("{\"TimeGenerated\":\"" + Instant.ofEpochMilli(q.time + 1_000) + "\",\"Provider\":\"Microsoft-Windows-Sysmon\","
                    + "\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"" + q.clientHost + "\",\"EventID\":22,"
                    + "\"EventLevel\":4,\"EventData\":{\"RuleName\":\"-\",\"UtcTime\":\"" + UTC_TIME.format(Instant.ofEpochMilli(q.time))
                    + "\",\"ProcessGuid\":\"{5b8c2f3e-1a2b-4c3d-8e9f-000000000101}\",\"ProcessId\":\"4242\",\"QueryName\":\""
                    + q.name + "\",\"QueryStatus\":\"" + (q.responseCode == 3 ? "9003" : "0") + "\",\"QueryResults\":\""
                    + (results.length() == 0 ? "-" : results) + "\",\"Image\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\","
                    + "\"User\":\"NT AUTHORITY\\\\SYSTEM\"},\"Type\":\"WindowsEvent\"}");
        }
        return rows;
    }
}
