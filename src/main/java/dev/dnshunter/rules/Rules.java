package dev.dnshunter.rules;

import dev.dnshunter.rules.exfilvolume.ExfilVolumeRule;
import dev.dnshunter.rules.rarelookup.RareLookupRule;
import dev.dnshunter.rules.txtburst.TxtBurstRule;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Every rule the job knows, in the order the graph unites their alerts. Adding a rule = one line here. */
public final class Rules {
    private Rules() {}

    /** A new list of every rule. */
    public static List<DetectionRule> all() {
        return List.of(new RareLookupRule(), new TxtBurstRule(), new TunnelSubdomainsRule(),
                new ExfilVolumeRule(), new dev.dnshunter.rules.nxdomainburst.NxdomainBurstRule(), new dev.dnshunter.rules.txtpayload.TxtPayloadRule());
    }

    /** The names of every rule, in order: what {@code --rules} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (DetectionRule r : all()) names.add(r.name());
        return names;
    }

    /**
     * The rules named, in the order of {@link #all()}; every rule when {@code enabled} is null.
     *
     * @throws IllegalArgumentException naming the choices, for a name that is no rule's
     */
    public static List<DetectionRule> enabled(Collection<String> enabled) {
        List<String> known = names();
        if (enabled == null) return all();
        for (String n : enabled) {
            if (!known.contains(n)) throw new IllegalArgumentException("unknown rule '" + n + "'; rules: " + String.join(", ", known));
        }
        List<DetectionRule> out = new ArrayList<>();
        for (DetectionRule r : all()) if (enabled.contains(r.name())) out.add(r);
        return out;
    }
}
