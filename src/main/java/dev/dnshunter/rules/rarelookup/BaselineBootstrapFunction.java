package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.DnsLookup;

import dev.dnshunter.config.DetectionConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
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
    private transient ValueState<long[]> counts;

    public BaselineBootstrapFunction(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(DomainBaselineFunction.countsDescriptor());
    }

    @Override
    public void processElement(DnsLookup lookup, Context ctx) throws Exception {
        DomainBaselineFunction.count(counts, ctx.timerService(), config, config.bucketOf(lookup.time), lookup.lookups);
    }
}
