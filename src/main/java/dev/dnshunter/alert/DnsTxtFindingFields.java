package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * DnsTxtTunneling's part of the alert formats: one host's burst of TXT queries. DnsEvents know the client by its
 * address, DNS client events by its computer name.
 */
final class DnsTxtFindingFields implements FindingFields {
    static final String TITLE = "DNS TXT tunneling";

    @Override
    public void fill(JsonNode a, Finding f) {
        f.ruleTitle = TITLE;
        String host = a.path("host").asText(null);
        String source = a.path("source").asText();
        if ("DnsEvents".equals(source)) f.clientIp = host; else f.hostName = host;
        f.queryType = "TXT";
        for (JsonNode n : a.path("queryNames")) f.queryNames.add(n.asText());
        for (JsonNode d : a.path("registeredDomains")) f.registeredDomains.add(d.asText());
        f.firstSeen = Findings.millis(a.get("firstQueryTime"));
        f.lastSeen = Findings.millis(a.get("lastQueryTime"));
        f.message = String.format(Locale.ROOT, "%s made %d TXT queries in %d s under %s (%s)", host,
                a.path("queryCount").asInt(), (f.lastSeen - f.firstSeen) / 1000, String.join(", ", f.registeredDomains), source);
        f.unmapped.set("source", a.get("source"));
        f.unmapped.set("queryCount", a.get("queryCount"));
        for (String name : new String[] {"queryNamesOmitted", "registeredDomainsOmitted"}) {
            if (a.has(name)) f.unmapped.set(name, a.get(name));
        }
    }
}
