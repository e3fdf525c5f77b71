package dev.dnshunter.exclusions;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.Reasons;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.net.PublicSuffixList;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How broad an exclusion may be without saying {@code force: true}: a domain at least a registrable domain (not a
 * public suffix or TLD, by the domain rule of the active mode), an IPv4 range of /16 or narrower, an IPv6 range of /32
 * or narrower. One entry for {@code com} or {@code 0.0.0.0/0} would switch every rule off; written by mistake or by
 * whoever got write access to the control topic, it must not pass unnoticed.
 */
public final class Guardrails implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The widest IPv4 range accepted without force. */
    public static final int MIN_IPV4_PREFIX = 16;
    /** The widest IPv6 range accepted without force. */
    public static final int MIN_IPV6_PREFIX = 32;

    private final DetectionMode mode;
    /** Null for the list bundled with Guava. */
    private final String publicSuffixListPath;

    private transient DomainRules rules;

    private Guardrails(DetectionMode mode, String publicSuffixListPath) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.publicSuffixListPath = publicSuffixListPath;
    }

    /** The guardrails of the job's domain rule: its mode and Public Suffix List. */
    public static Guardrails of(DetectionConfig config) {
        return new Guardrails(config.mode(), config.publicSuffixListPath());
    }

    /** DEFAULT mode with the bundled Public Suffix List. */
    public static Guardrails defaults() {
        return new Guardrails(DetectionMode.DEFAULT, null);
    }

    /**
     * Why {@code e} is broader than allowed, or null if it is not. Written without force, the entry is refused with
     * this reason; with force, it is accepted as written.
     */
    public String refusal(ExclusionEntry e) {
        if (e == null || e.kind == null || e.value == null) return null;
        switch (e.kind) {
            case ExclusionEntry.DOMAIN:
                if (!rules().isPublicSuffix(e.value)) return null;
                return "domain " + Reasons.quote(e.value) + " is a public suffix, broader than a registrable domain"
                        + " (it would exclude every name below it); write force: true if that is meant";
            case ExclusionEntry.ADDRESS:
                Cidr c = Cidr.parse(e.value);
                if (c == null) return null;
                int min = c.isIpv4() ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
                if (c.prefixLength() >= min) return null;
                return "address " + Reasons.quote(e.value) + " is wider than /" + min + " for "
                        + (c.isIpv4() ? "IPv4" : "IPv6") + "; write force: true if that is meant";
            default:
                return null;
        }
    }

    private DomainRules rules() {
        DomainRules r = rules;
        if (r == null) {
            try {
                PublicSuffixList list = publicSuffixListPath == null ? PublicSuffixList.bundled()
                        : PublicSuffixList.load(Path.of(publicSuffixListPath));
                r = new DomainRules(list, mode);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read the Public Suffix List " + publicSuffixListPath, ex);
            }
            rules = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return "Guardrails[" + mode + (publicSuffixListPath == null ? "" : ", " + publicSuffixListPath) + "]";
    }
}
