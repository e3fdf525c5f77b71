package dev.dnshunter.pipeline;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.rules.rarelookup.BaselineBootstrapFunction;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rules.rarelookup.DomainBaselineFunction;
import dev.dnshunter.rules.rarelookup.LookupPreAggregator;
import dev.dnshunter.rules.rarelookup.PartitionKey;
import dev.dnshunter.rules.rarelookup.LookupQualifier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bootstrap job: historical DnsEvents in, a savepoint out that holds the domain baseline under the uid of the
 * streaming job's baseline operator, so {@code stream} started from it detects on day one.
 */
public final class BaselineSavepoint {
    /** Fixed, so savepoints (and this bootstrap) stay restorable at any parallelism up to it. */
    public static final int MAX_PARALLELISM = 128;

    private BaselineSavepoint() {}

    public static void build(StreamExecutionEnvironment env, Sources sources, DetectionConfig config, String savepointPath) {
        DataStream<ParsedRecord> records = sources.records(env, new RecordParser(Input.DNS_EVENTS, config),
                WatermarkStrategy.<ParsedRecord>noWatermarks().withTimestampAssigner((r, ts) -> r.time));
        DataStream<DnsQuery> queries = null;
        if (records != null) {
            queries = records.process(new RecordRouter<DnsQuery>(Input.DNS_EVENTS, r -> r.dnsQuery), TypeInformation.of(DnsQuery.class))
                    .uid("parse-dns-events").name("Events and dead letters of dns-events");
        }
        for (Input input : Input.DNS_QUERIES) {
            DataStream<ParsedRecord> more = sources.records(env, new RecordParser(input, config),
                    WatermarkStrategy.<ParsedRecord>noWatermarks().withTimestampAssigner((r, ts) -> r.time));
            if (more == null) continue;
            DataStream<DnsQuery> q = more.process(new RecordRouter<DnsQuery>(input, r -> r.dnsQuery), TypeInformation.of(DnsQuery.class))
                    .uid("parse-" + input.id).name("Events and dead letters of " + input.id);
            queries = queries == null ? q : queries.union(q);
        }
        if (queries == null) throw new IllegalArgumentException("the bootstrap needs DnsEvents or another log of DNS queries");
        DataStream<DnsLookup> lookups = queries
                .flatMap(new LookupQualifier(config), TypeInformation.of(DnsLookup.class))
                .uid("qualify-lookups").name("Qualifying lookups")
                // History only builds counts: with no detection start, every lookup folds into a daily tally.
                .transform("Fold lookups into daily tallies", TypeInformation.of(DnsLookup.class),
                        new LookupPreAggregator(config.withDetectFromMillis(Long.MAX_VALUE), LookupPreAggregator.DEFAULT_MAX_DOMAINS))
                .uid("pre-aggregate-lookups");
        StateBootstrapTransformation<DnsLookup> baseline = OperatorTransformation.bootstrapWith(lookups)
                .keyBy(DomainBaselineFunction.KEY, PartitionKey.TYPE)
                .transform(new BaselineBootstrapFunction(config));
        SavepointWriter.newSavepoint(env, new HashMapStateBackend(), MAX_PARALLELISM)
                .withOperator(OperatorIdentifier.forUid("domain-baseline"), baseline)
                .write(savepointPath);
    }
}
