package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rules.BehindWatermark.Upstream;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.KeyedStages;
import dev.dnshunter.rules.RuleInputs;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * RareDnsLookupWithDataTransfer: a lookup of a domain that is rare against its own baseline, followed by a transfer
 * to an address it resolved to. Reads the resolver and network logs' DNS queries and every flow input.
 */
public final class RareLookupRule implements DetectionRule {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return RareDnsAlert.RULE;
    }

    @Override
    public DataStream<AlertRecord> alerts(RuleInputs in) {
        DataStream<DnsQuery> queries = RuleInputs.union(in.dnsQueries());
        DataStream<Flow> flows = null;
        for (RuleInputs.Feed<NetworkFlow> f : in.flows()) {
            DataStream<Flow> normalised = publicFlows(f, in.config(), in.batch());
            flows = flows == null ? normalised : flows.union(normalised);
        }
        if (queries == null || flows == null) return null;
        return rareLookupWithTransfer(queries, flows, in.config(), in.batch(), in.stages());
    }

    /**
     * Per input, before the union: chained to its source, the flows to private addresses (most of a VM's) are dropped
     * before they are serialized.
     */
    private static DataStream<Flow> publicFlows(RuleInputs.Feed<NetworkFlow> feed, DetectionConfig config, boolean batch) {
        return feed.stream()
                .flatMap(new FlowNormaliser(config), RareRecordTypes.flows(batch))
                .uid("normalise-flows-" + feed.inputId()).name("Outbound flows to public addresses of " + feed.inputId());
    }

    private static DataStream<AlertRecord> rareLookupWithTransfer(DataStream<DnsQuery> dnsQueries, DataStream<Flow> publicFlows,
            DetectionConfig config, boolean batch, KeyedStages stages) {
        DataStream<DnsLookup> lookups = dnsQueries
                .flatMap(new LookupQualifier(config), RareRecordTypes.lookups(batch))
                .uid("qualify-lookups").name("Qualifying lookups");
        if (batch) {
            lookups = lookups
                    .transform("Fold lookups that cannot be rare", RareRecordTypes.lookups(batch),
                            new LookupPreAggregator(config, LookupPreAggregator.DEFAULT_MAX_DOMAINS))
                    .uid("pre-aggregate-lookups");
        }

        SingleOutputStreamOperator<RareLookup> rare = stages.keyed(lookups.keyBy(DomainBaselineFunction.KEY, PartitionKey.TYPE),
                new DomainBaselineFunction(config, batch), RareRecordTypes.rareLookups(batch), "domain-baseline",
                "Domain baseline and rare verdicts");
        DataStream<BucketBaseline> baselines = rare.getSideOutput(DomainBaselineFunction.BASELINES);

        DataStream<Flow> flows = publicFlows;
        DataStream<RareLookup> rareLookups = rare;
        if (batch) {
            // A semi-join in each direction before the correlator's sort: the flows of pairs with a rare lookup, then
            // the rare lookups of pairs with one of those flows. Lambdas, not method references: javac deserializes two
            // bound references to the same method (KeySelector::getKey) as the first one, with its cast.
            flows = publicFlows
                    .connect(rare.map(l -> TransferCorrelator.LOOKUP_KEY.getKey(l), PartitionKey.TYPE)
                            .uid("rare-pairs").name("Pairs of rare lookups")
                            .broadcast(RarePairFlowFilter.RARE_PAIRS))
                    .process(new RarePairFlowFilter(), RareRecordTypes.flows(batch))
                    .uid("flows-of-rare-pairs").name("Flows of pairs with a rare lookup");
            rareLookups = rare
                    .connect(flows.map(f -> TransferCorrelator.FLOW_KEY.getKey(f), PartitionKey.TYPE)
                            .uid("flow-pairs").name("Pairs of the flows kept")
                            .broadcast(FlowPairLookupFilter.FLOW_PAIRS))
                    .process(new FlowPairLookupFilter(), RareRecordTypes.rareLookups(batch))
                    .uid("rare-lookups-with-flows").name("Rare lookups of pairs with a flow");
        }

        DataStream<RareDnsAlert> transfers = stages.keyed(rareLookups.connect(flows)
                        .keyBy(TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE),
                // The rare lookups were judged at domain-baseline; the flows come from their inputs.
                Upstream.KEYED_STAGE, Upstream.EVENTS,
                new TransferCorrelator(config, batch), TypeInformation.of(RareDnsAlert.class), "transfer-correlator",
                "Correlate rare lookups with transfers");

        return stages.keyed(transfers.connect(baselines).keyBy(a -> a.domain, b -> b.domain, Types.STRING),
                        Upstream.KEYED_STAGE, Upstream.KEYED_STAGE, new AlertBaselineEnricher(config), TypeInformation.of(RareDnsAlert.class), "alert-baseline",
                        "Add the domain's daily average")
                .map(new RareAlertFinaliser(config), TypeInformation.of(AlertRecord.class))
                .uid("rare-alert-records").name("RareDnsLookupWithDataTransfer alerts");
    }
}
