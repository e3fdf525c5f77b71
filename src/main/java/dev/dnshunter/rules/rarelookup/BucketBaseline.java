package dev.dnshunter.rules.rarelookup;

import java.util.Objects;

/** A domain's lookup count over the lookback buckets that precede {@code bucket}: what its average is computed from. */
public class BucketBaseline {
    public String domain;
    public long bucket;
    public long baselineCount;

    public BucketBaseline() {}

    public BucketBaseline(String domain, long bucket, long baselineCount) {
        this.domain = domain;
        this.bucket = bucket;
        this.baselineCount = baselineCount;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BucketBaseline b)) return false;
        return bucket == b.bucket && baselineCount == b.baselineCount && Objects.equals(domain, b.domain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, bucket, baselineCount);
    }

    @Override
    public String toString() {
        return "BucketBaseline{" + domain + " bucket=" + bucket + " count=" + baselineCount + "}";
    }
}
