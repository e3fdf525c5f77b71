package dev.dnshunter.outputs;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.alert.Severity;
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
        return a;
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
                new Named("txt-server", AlertRecord.of(txtFromServer())));
    }

    record Named(String name, AlertRecord alert) {}

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }
}
