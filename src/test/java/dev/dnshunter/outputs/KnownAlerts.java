package dev.dnshunter.outputs;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Severity;
import dev.dnshunter.rare.LookupEvidence;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeAlert;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstAlert;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import java.time.Instant;
import java.util.List;

/** One alert of every rule, with known values, and the version the expected documents name. */
final class KnownAlerts {
    static final String VERSION = "0.1.0-test";

    private KnownAlerts() {}

    static RareDnsAlert rare() {
        RareDnsAlert a = new RareDnsAlert();
        a.windowStart = at("2026-05-04T10:00:00Z");
        a.windowEnd = at("2026-05-04T11:00:00Z");
        a.clientIp = "10.1.2.3";
        a.domain = "bucket348749.s3.amazonaws.com";
        a.destinationIp = "193.104.195.29";
        a.destinationPort = 443;
        a.dataType = "Palo Alto Networks";
        a.sentBytes = 12_390_221;
        a.receivedBytes = 64_996;
        a.connectionCount = 4;
        a.lookupCount = 1;
        a.firstLookupTime = at("2026-05-04T10:12:30.500Z");
        a.lastLookupTime = at("2026-05-04T10:12:30.500Z");
        a.baselineCount = 3;
        a.lookbackBuckets = 7;
        a.severity = Severity.HIGH;
        a.lookupCount = 12;
        a.lastLookupTime = at("2026-05-04T10:40:00Z");
        a.lookups = new LookupEvidence[] {
                new LookupEvidence(at("2026-05-04T10:12:30.500Z"), "Bucket348749.S3.amazonaws.com.", new String[] {"193.104.195.29", "10.9.8.7"}, 0),
                new LookupEvidence(at("2026-05-04T10:40:00Z"), "bucket348749.s3.amazonaws.com", new String[] {"193.104.195.29"}, 3)};
        a.lookupsOmitted = 10;
        a.firstFlowTime = at("2026-05-04T10:13:02Z");
        a.lastFlowTime = at("2026-05-04T10:58:41.250Z");
        return a;
    }

    static TunnelSubdomainsAlert tunnel() {
        TunnelSubdomainsAlert a = new TunnelSubdomainsAlert();
        a.identity = "10.1.2.3";
        a.byAddress = true;
        a.domain = "tunnel.example";
        a.time = at("2026-05-04T11:03:00Z");
        a.distinctNames = 12;
        a.queryCount = 14;
        a.firstQueryTime = at("2026-05-04T11:00:00Z");
        a.lastQueryTime = at("2026-05-04T11:03:00Z");
        a.sampleNames = new String[] {"0a1b2c3d4e5f60718293a4b5.tunnel.example", "1a1b2c3d4e5f60718293a4b5.tunnel.example"};
        a.queryTypes = new int[] {5, 16};
        return a;
    }

    static ExfilVolumeAlert exfil() {
        ExfilVolumeAlert a = new ExfilVolumeAlert();
        a.identity = "ws-042.corp.example";
        a.byAddress = false;
        a.domain = "drop.example";
        a.tier = "1h";
        a.time = at("2026-05-04T12:00:00Z");
        a.volumeChars = 4_040;
        a.distinctSubdomains = 101;
        a.queryCount = 101;
        a.firstQueryTime = at("2026-05-04T11:10:00Z");
        a.lastQueryTime = at("2026-05-04T12:00:00Z");
        a.sampleSubdomains = new String[] {"mfrggzdfmztwq2lknnwg23tpobyxe43u", "nfxgq2lknnwg23tpobyxe43uov3ho6dz"};
        return a;
    }

    static NxdomainBurstAlert nxdomain() {
        NxdomainBurstAlert a = new NxdomainBurstAlert();
        a.identity = "10.1.2.4";
        a.byAddress = true;
        a.time = at("2026-05-04T13:20:00Z");
        a.distinctDomains = 25;
        a.queryCount = 31;
        a.firstQueryTime = at("2026-05-04T13:00:00Z");
        a.lastQueryTime = at("2026-05-04T13:20:00Z");
        a.sampleDomains = new String[] {"qwhxkzpl.com", "zmvtrbqa.net"};
        return a;
    }

    static TxtPayloadAlert txtPayload() {
        return new TxtPayloadAlert(at("2026-05-04T14:00:00Z"), "10.1.2.5", true, "evil.example", "stage.evil.example",
                "iex", "powershell -nop -c \"iex(...)\"");
    }

    /** A burst seen by the DNS client log: the host is a computer name. */
    static DnsTxtAlert txtFromClient() {
        DnsTxtAlert a = new DnsTxtAlert();
        a.host = "WS-042.corp.example";
        a.source = "DnsClientEvents";
        a.firstQueryTime = at("2026-05-04T09:00:00Z");
        a.lastQueryTime = at("2026-05-04T09:02:30Z");
        a.queryCount = 7;
        a.queryNames = new String[] {"launcher.evil.example", "1.evil.example", "2.evil.example"};
        a.registeredDomains = new String[] {"evil.example"};
        return a;
    }

    /** A burst seen by the DNS server log: the host is the client's address. */
    static DnsTxtAlert txtFromServer() {
        DnsTxtAlert a = txtFromClient();
        a.host = "2001:db8::17";
        a.source = "DnsEvents";
        return a;
    }

    /** Every rule's alerts, by a name the expected documents are filed under. */
    static List<Named> all() {
        return List.of(new Named("rare", AlertRecord.of(rare())), new Named("txt-client", AlertRecord.of(txtFromClient())),
                new Named("txt-server", AlertRecord.of(txtFromServer())), new Named("tunnel", tunnel().toRecord()),
                new Named("exfil", exfil().toRecord()), new Named("nxdomain", nxdomain().toRecord()),
                new Named("txt-payload", txtPayload().toRecord()));
    }

    record Named(String name, AlertRecord alert) {}

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }
}
