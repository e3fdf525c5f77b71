package dev.dnshunter.rare;

import dev.dnshunter.rules.rarelookup.PartitionKey;
import dev.dnshunter.alert.Evidence;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import java.util.Objects;

/**
 * A qualifying lookup (a LookupQuery with answers), reduced to what the rare-domain rule needs; in a backfill, also
 * a pre-aggregated count of lookups that need no verdict ({@link #tally}).
 */
public class DnsLookup {
    public long time;
    /** Registrable domain of the queried name, by the active mode's rule. */
    public String domain;
    /** {@link PartitionKey#ofDomain} of the domain, computed once where the record is made. */
    public long domainKeyHigh;
    public long domainKeyLow;
    /** Client address in canonical form (or the raw text if it does not parse). */
    public String clientIp;
    /** Public resolved addresses, canonical, de-duplicated; may be empty (the lookup still counts for the baseline). */
    public String[] publicAddresses;
    /** How many lookups the record stands for: 1, or a {@link #tally}'s count. */
    public long lookups = 1;
    /**
     * The evidence the alert lists (fields added for POJO schema evolution: null or 0 in a record restored from a
     * savepoint of an earlier release): the name as the log wrote it, bounded by {@link Evidence#item}, and the first
     * {@link Evidence#MAX_ITEMS} answers as written, with the count of the rest.
     */
    public String queryName;
    public String[] answers;
    public int answersOmitted;

    public DnsLookup() {}

    public DnsLookup(long time, String domain, String clientIp, String[] publicAddresses) {
        this(time, domain, PartitionKey.ofDomain(domain), clientIp, publicAddresses);
    }

    /** @param domainKey the domain's {@link PartitionKey#ofDomain}, when the caller has it already */
    public DnsLookup(long time, String domain, Tuple2<Long, Long> domainKey, String clientIp, String[] publicAddresses) {
        this.time = time;
        this.domain = domain;
        this.domainKeyHigh = domainKey.f0;
        this.domainKeyLow = domainKey.f1;
        this.clientIp = clientIp;
        this.publicAddresses = publicAddresses;
    }

    /** This lookup with its evidence: the name and the comma-separated answers as the log wrote them. */
    public DnsLookup withEvidence(String nameAsWritten, String answersAsWritten) {
        queryName = Evidence.item(nameAsWritten);
        List<String> all = Evidence.answers(answersAsWritten);
        answers = Evidence.firstItems(all);
        answersOmitted = (int) Evidence.omitted(all.size(), answers.length);
        return this;
    }

    /** The key the baseline is partitioned by. */
    public Tuple2<Long, Long> domainKey() {
        return Tuple2.of(domainKeyHigh, domainKeyLow);
    }

    /**
     * {@code lookups} lookups of {@code domain} in the bucket starting at {@code bucketStart} that only count for the
     * baseline: no client and no addresses, so no verdict is asked of it.
     */
    public static DnsLookup tally(long bucketStart, String domain, Tuple2<Long, Long> domainKey, long lookups) {
        DnsLookup l = new DnsLookup(bucketStart, domain, domainKey, "", new String[0]);
        l.lookups = lookups;
        return l;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsLookup l)) return false;
        return time == l.time && lookups == l.lookups && Objects.equals(domain, l.domain) && Objects.equals(clientIp, l.clientIp)
                && Arrays.equals(publicAddresses, l.publicAddresses) && Objects.equals(queryName, l.queryName)
                && Arrays.equals(answers, l.answers) && answersOmitted == l.answersOmitted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, domain, clientIp);
    }

    @Override
    public String toString() {
        return "DnsLookup{" + time + " " + domain + " " + clientIp + " " + Arrays.toString(publicAddresses)
                + (lookups == 1 ? "" : " x" + lookups) + "}";
    }
}
