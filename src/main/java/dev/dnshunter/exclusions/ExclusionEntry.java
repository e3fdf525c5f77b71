package dev.dnshunter.exclusions;

import dev.dnshunter.event.Reasons;
import dev.dnshunter.net.IpAddress;
import java.io.Serializable;
import java.util.Objects;

/**
 * One known-good thing an analyst excluded from alerting: a domain (and every name below it), a client address or
 * range, or a host. Values are kept in normal form so that matching is a plain comparison.
 *
 * <p>The matching methods never throw, whatever the fields or arguments hold: an entry that cannot match simply does
 * not, and the event goes on to be judged.
 */
public class ExclusionEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DOMAIN = "domain";
    public static final String ADDRESS = "address";
    public static final String HOST = "host";

    public static final long NEVER = Long.MAX_VALUE;

    /** Unique within a list; defaults to {@code <kind>:<value>}. */
    public String id;
    /** {@link #DOMAIN}, {@link #ADDRESS} or {@link #HOST}. */
    public String kind;
    /** Domain lowercased without trailing dot; canonical address or masked CIDR range; host lowercased. */
    public String value;
    /** Why the thing is known-good, for whoever later wonders about a missing alert. */
    public String comment;
    /** The first instant at which the entry no longer applies, epoch ms; {@link #NEVER} if it does not expire. */
    public long expiresMillis = NEVER;
    /**
     * Who wrote the entry: the control record's author header or the entry's {@code author} field; null if unknown.
     * Added after the first release: broadcast state of older savepoints restores with it null (POJO evolution).
     */
    public String author;

    /** The parsed range of an address entry, rebuilt when {@link #value} changes; not part of the record's state. */
    private transient volatile ParsedRange parsed;

    public ExclusionEntry() {}

    /** Takes the fields as given, without validation; see {@link #create} for the checked form. */
    public ExclusionEntry(String id, String kind, String value, String comment, long expiresMillis) {
        this.id = id;
        this.kind = kind;
        this.value = value;
        this.comment = comment;
        this.expiresMillis = expiresMillis;
    }

    /**
     * A validated entry with its value in normal form.
     *
     * @param id null for the default {@code <kind>:<value>}
     * @throws IllegalArgumentException with the same reasons an exclusion file would give
     */
    public static ExclusionEntry create(String kind, String value, String comment, long expiresMillis, String id) {
        if (!DOMAIN.equals(kind) && !ADDRESS.equals(kind) && !HOST.equals(kind)) {
            throw new IllegalArgumentException("unknown kind " + Reasons.quote(kind));
        }
        String normal = Values.normalise(kind, value);
        if (normal == null) throw new IllegalArgumentException(Values.invalidReason(kind, value));
        if (comment == null || comment.isBlank()) throw new IllegalArgumentException("comment is required");
        if (id != null && id.isBlank()) throw new IllegalArgumentException("id must not be blank");
        return new ExclusionEntry(id == null ? defaultId(kind, normal) : id.trim(), kind, normal, comment.trim(),
                expiresMillis);
    }

    static String defaultId(String kind, String normalValue) {
        return kind + ":" + normalValue;
    }

    ExclusionEntry copy() {
        ExclusionEntry e = new ExclusionEntry(id, kind, value, comment, expiresMillis);
        e.author = author;
        return e;
    }

    public boolean activeAt(long t) {
        return t < expiresMillis;
    }

    /**
     * For a domain entry: whether {@code name} is the domain or lies below it ({@code a.b.example.com} but not
     * {@code notexample.com} for {@code example.com}). Names are expected normalised; case and one trailing dot are
     * forgiven anyway, since a miss here means a false alert.
     */
    public boolean matchesName(String name) {
        String v = value;
        if (!DOMAIN.equals(kind) || v == null || v.isEmpty() || name == null) return false;
        int n = name.length();
        if (n > 0 && name.charAt(n - 1) == '.') n--;
        int length = v.length();
        if (n == length) return name.regionMatches(true, 0, v, 0, length);
        return n > length && name.charAt(n - length - 1) == '.' && name.regionMatches(true, n - length, v, 0, length);
    }

    /** For an address entry: whether {@code ip} is the address or inside the range; false for anything unparsable. */
    public boolean matchesAddress(String ip) {
        if (!ADDRESS.equals(kind) || ip == null) return false;
        return matchesAddress(IpAddress.parse(ip.trim()));
    }

    /** As {@link #matchesAddress(String)}, for callers that test one address against many entries. */
    public boolean matchesAddress(IpAddress ip) {
        if (!ADDRESS.equals(kind) || ip == null) return false;
        Cidr range = range();
        return range != null && range.contains(ip);
    }

    /** For a host entry: whether {@code host} is that host, ignoring case. */
    public boolean matchesHost(String host) {
        String v = value;
        return HOST.equals(kind) && v != null && !v.isEmpty() && v.equalsIgnoreCase(host);
    }

    /** Whether the entry matches the address, the host or any of the names; any argument may be null. */
    public boolean matches(IpAddress address, String host, Iterable<String> names) {
        if (kind == null) return false;
        switch (kind) {
            case ADDRESS:
                return matchesAddress(address);
            case HOST:
                return matchesHost(host);
            case DOMAIN:
                if (names == null) return false;
                for (String name : names) {
                    if (matchesName(name)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    private Cidr range() {
        String v = value;
        ParsedRange p = parsed;
        if (p == null || !Objects.equals(p.text, v)) {
            p = new ParsedRange(v, Cidr.parse(v));
            parsed = p;
        }
        return p.range;
    }

    /** Text and range together, so a reader never pairs one value's text with another's range. */
    private static final class ParsedRange {
        final String text;
        final Cidr range;

        ParsedRange(String text, Cidr range) {
            this.text = text;
            this.range = range;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExclusionEntry e)) return false;
        return expiresMillis == e.expiresMillis && Objects.equals(id, e.id) && Objects.equals(kind, e.kind)
                && Objects.equals(value, e.value) && Objects.equals(comment, e.comment) && Objects.equals(author, e.author);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, value, comment, expiresMillis, author);
    }

    @Override
    public String toString() {
        return "ExclusionEntry{" + id + " " + kind + "=" + value + " expires=" + expiresMillis + " \"" + comment + "\""
                + (author == null ? "" : " by " + author) + "}";
    }
}
