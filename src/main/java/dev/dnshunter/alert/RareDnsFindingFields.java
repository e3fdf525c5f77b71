package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** RareDnsLookupWithDataTransfer's part of the alert formats: a client, one rare domain, one destination. */
final class RareDnsFindingFields implements FindingFields {
    static final String TITLE = "Rare DNS lookup with data transfer";

    @Override
    public void fill(JsonNode a, Finding f) {
        f.ruleTitle = TITLE;
        f.clientIp = a.path("clientIp").asText(null);
        // The alert's domain is already the registrable domain of the names looked up (the mode's rule).
        String domain = a.path("domain").asText();
        f.queryNames.add(domain);
        f.registeredDomains.add(domain);
        f.destinationIp = a.path("destinationIp").asText(null);
        f.destinationPort = a.path("destinationPort").asInt();
        f.sentBytes = a.path("sentBytes").asLong();
        f.receivedBytes = a.path("receivedBytes").asLong();
        f.firstSeen = Findings.millis(a.get("firstLookupTime"));
        f.lastSeen = Findings.millis(a.get("lastLookupTime"));
        f.message = String.format(Locale.ROOT, "%s looked up the rare domain %s, then sent %d bytes (received %d) to %s:%d"
                        + " over %d connections (%s)", f.clientIp, domain, f.sentBytes, f.receivedBytes, f.destinationIp,
                f.destinationPort, a.path("connectionCount").asLong(), a.path("dataType").asText());
        for (String name : new String[] {"windowStart", "windowEnd", "dataType", "connectionCount", "lookupCount",
                "dailyAvgLookupCountOverLookback", "firstFlowTime", "lastFlowTime", "lookups", "lookupsOmitted"}) {
            if (a.has(name)) f.unmapped.set(name, a.get(name));
        }
        for (JsonNode l : a.path("lookups")) f.lookups.add(FindingFields.lookup(l, null));
    }
}
