package dev.dnshunter.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Times;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.DataSetGenerator.Injected;
import dev.dnshunter.generate.DataSetGenerator.InjectedTxt;
import dev.dnshunter.generate.DataSetGenerator.Summary;
import java.nio.file.Path;

/** The data set's description ({@code dataset.json}) and its planted attacks ({@code injected.jsonl}) as JSON. */
final class DataSetJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataSetJson() {}

    static String injected(Injected i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", RareDnsAlert.RULE);
        o.put("client", i.client());
        o.put("domain", i.domain());
        o.put("name", i.name());
        o.put("destinationIp", i.destinationIp());
        o.put("destinationPort", i.destinationPort());
        o.put("dataType", i.dataType());
        o.put("lookupTime", Times.iso(i.lookupTime()));
        o.put("firstFlowTime", Times.iso(i.firstFlowTime()));
        o.put("flows", i.flows());
        o.put("sentBytes", i.sentBytes());
        return write(o);
    }

    static String injected(InjectedTxt i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("rule", DnsTxtAlert.RULE);
        o.put("source", i.source());
        o.put("host", i.host());
        o.put("name", i.name());
        o.put("registeredDomain", i.registeredDomain());
        o.put("firstQueryTime", Times.iso(i.firstQueryTime()));
        o.put("lastQueryTime", Times.iso(i.lastQueryTime()));
        o.put("queries", i.queries());
        o.put("suppressed", i.suppressed());
        return write(o);
    }

    /**
     * The description. A Sentinel data set without added attacks is described exactly as before the other formats
     * existed; any other also says its format, attacks, inputs and the backfill arguments that read it.
     */
    static String dataSet(Summary s) throws JsonProcessingException {
        GeneratorOptions o = s.options();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode opts = root.putObject("options");
        opts.put("days", o.days());
        opts.put("seed", o.seed());
        opts.put("clients", o.clients());
        opts.put("lookupsPerDay", o.lookupsPerDay());
        opts.put("flowsPerLookup", o.flowsPerLookup());
        opts.put("exfiltrations", o.exfiltrations());
        opts.put("start", Times.iso(o.startMillis()));
        opts.put("gzip", o.gzip());
        boolean classic = o.format() == DataSetFormat.SENTINEL && !o.attacks().any();
        if (!classic) {
            opts.put("format", o.format().id);
            opts.putObject("attacks").put("tunnels", o.attacks().tunnels()).put("volumeExfiltrations", o.attacks().volumeExfiltrations())
                    .put("nxdomainBursts", o.attacks().nxdomainBursts()).put("txtPayloads", o.attacks().txtPayloads());
        }
        root.put("end", Times.iso(o.endMillis()));
        // null: the expected alerts were detected from the first event on.
        if (s.detectFromMillis() == Long.MIN_VALUE) root.putNull("detectFrom");
        else root.put("detectFrom", Times.iso(s.detectFromMillis()));
        root.put("mode", DetectionConfig.defaults().mode().name());
        ObjectNode files = root.putObject("files");
        Path out = o.outDir();
        files.put("dnsEvents", relative(out, s.dnsEventsFile()));
        files.put("firewallEvents", relative(out, s.firewallEventsFile()));
        files.put("vmConnections", relative(out, s.vmConnectionsFile()));
        files.put("dnsClientEvents", relative(out, s.dnsClientEventsFile()));
        files.put("expectedAlerts", relative(out, s.expectedAlertsFile()));
        files.put("injected", relative(out, s.injectedFile()));
        ObjectNode lines = root.putObject("lines");
        lines.put("dnsEvents", s.dnsEventLines());
        lines.put("firewallEvents", s.firewallEventLines());
        lines.put("vmConnections", s.vmConnectionLines());
        lines.put("dnsClientEvents", s.dnsClientEventLines());
        ObjectNode bad = root.putObject("badLines");
        bad.put("dnsEvents", s.badDnsEventLines());
        bad.put("firewallEvents", s.badFirewallEventLines());
        bad.put("vmConnections", s.badVmConnectionLines());
        bad.put("dnsClientEvents", s.badDnsClientEventLines());
        root.put("expectedAlerts", s.expectedAlerts());
        root.put("expectedTxtAlerts", s.expectedTxtAlerts());
        root.put("injected", s.injected().size());
        root.put("injectedTxt", s.injectedTxt().size());
        if (!classic) {
            ObjectNode inputs = root.putObject("inputs");
            o.format().inputs().forEach((input, dir) -> inputs.put(input.id, dir));
            var args = root.putArray("backfillArguments");
            for (String a : s.backfillArguments(Path.of("."))) args.add(a);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String relative(Path out, Path file) {
        return file == null ? null : out.relativize(file).toString();
    }
}
