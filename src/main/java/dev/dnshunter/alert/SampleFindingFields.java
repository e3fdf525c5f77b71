package dev.dnshunter.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The part of the alert formats of the rules whose evidence is a sample of names (DnsTunnelingSubdomains,
 * DnsExfiltrationVolume, DnsNxdomainBurst) or one TXT answer (DnsTxtPayload): the identity, the names (each an
 * evidence of the DNS query), the domain, and for a payload its answer. Every native field other than the envelope
 * stays under unmapped with its native name, as for a rule without fields of its own, so these documents only gain
 * attributes; their title and message are still the generic ones.
 */
final class SampleFindingFields implements FindingFields {
    private static final Set<String> ENVELOPE = Set.of("rule", "severity", "alertId", "time", "mitreTechniques");

    /** How a rule's sample becomes the names looked up. */
    enum Names {
        /** {@code sampleNames}: whole names under {@code domain}. */
        NAMES,
        /** {@code sampleSubdomains}: subdomains of {@code domain}. */
        SUBDOMAINS,
        /** {@code sampleDomains}: registrable domains, the names themselves not kept. */
        DOMAINS,
        /** {@code queryName} and its TXT answer {@code answerExcerpt}. */
        TXT_ANSWER
    }

    private final Names names;

    SampleFindingFields(Names names) {
        this.names = names;
    }

    @Override
    public void fill(JsonNode a, Finding f) {
        f.clientIp = a.path("clientIp").asText(null);
        f.hostName = a.path("host").asText(null);
        String domain = a.path("domain").asText(null);
        switch (names) {
            case NAMES -> a.path("sampleNames").forEach(n -> f.queryNames.add(n.asText()));
            case SUBDOMAINS -> a.path("sampleSubdomains").forEach(n -> f.queryNames.add(n.asText() + "." + domain));
            case DOMAINS -> a.path("sampleDomains").forEach(n -> {
                f.queryNames.add(n.asText());
                f.registeredDomains.add(n.asText());
            });
            case TXT_ANSWER -> {
                f.queryType = "TXT";
                f.lookups.add(new Finding.Lookup(a.path("queryName").asText(), "TXT", Findings.millis(a.get("time")),
                        java.util.List.of(a.path("answerExcerpt").asText())));
            }
        }
        if (domain != null) f.registeredDomains.add(domain);
        // An alert without a sample (never emitted: a rule alerts on at least one name) still gets a DNS question.
        if (f.queryNames.isEmpty() && f.lookups.isEmpty() && domain != null) f.queryNames.add(domain);
        a.fields().forEachRemaining(e -> {
            if (!ENVELOPE.contains(e.getKey())) f.unmapped.set(e.getKey(), e.getValue());
        });
    }
}
