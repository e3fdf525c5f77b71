package dev.dnshunter.rare;

import dev.dnshunter.config.DetectionConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;

/**
 * Writes what {@link DomainBaselineFunction} would hold after reading historical lookups: the per-bucket counts of
 * each domain, with the timers that evict them. A streaming job started from the resulting savepoint knows which
 * domains are common on its very first day instead of warming up for a week.
 */
public class BaselineBootstrapFunction extends KeyedStateBootstrapFunction<Tuple2<Long, Long>, DnsLookup> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private transient MapState<Long, Long> countsByBucket;

    public BaselineBootstrapFunction(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        countsByBucket = getRuntimeContext().getMapState(DomainBaselineFunction.countsDescriptor());
    }

    @Override
    public void processElement(DnsLookup lookup, Context ctx) throws Exception {
        long bucket = config.bucketOf(lookup.time);
        Long count = countsByBucket.get(bucket);
        countsByBucket.put(bucket, count == null ? lookup.lookups : count + lookup.lookups);
        ctx.timerService().registerEventTimeTimer(DomainBaselineFunction.evictionTime(config, bucket));
    }
}
