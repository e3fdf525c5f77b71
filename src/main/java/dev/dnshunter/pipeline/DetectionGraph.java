package dev.dnshunter.pipeline;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.tunnel.TxtQueries;
import dev.dnshunter.alert.DnsTxtAlert;
import dev.dnshunter.exclusions.AlertExclusionFunction;
import dev.dnshunter.exclusions.ExclusionChangeGate;
import dev.dnshunter.exclusions.ExclusionChange;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.tunnel.TxtAlertSuppressor;
import dev.dnshunter.tunnel.TxtBurstPattern;
import dev.dnshunter.tunnel.TxtBurstToAlert;
import dev.dnshunter.tunnel.TxtQueryCap;
import org.apache.flink.cep.CEP;
import org.apache.flink.util.Collector;
import dev.dnshunter.rare.AlertBaselineEnricher;
import dev.dnshunter.rare.BucketBaseline;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.DomainBaselineFunction;
import dev.dnshunter.rare.FlowNormaliser;
import dev.dnshunter.rare.LookupPreAggregator;
import dev.dnshunter.rare.LookupQualifier;
import dev.dnshunter.rare.PartitionKey;
import dev.dnshunter.rare.RareAlertFinaliser;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rare.RarePairFlowFilter;
import dev.dnshunter.rare.TransferCorrelator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Builds the whole detection job from a {@link Sources} and a {@link Sinks}: backfill and streaming differ only in
 * those and in the execution mode. Every operator has a stable uid (savepoints map state by it) and a readable name.
 */
public final class DetectionGraph {
    private final DetectionConfig config;
    private final boolean batch;
    private final List<ExclusionEntry> exclusions;
    private final List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();

    private DetectionGraph(DetectionConfig config, boolean batch, List<ExclusionEntry> exclusions) {
        this.config = config;
        this.batch = batch;
        this.exclusions = exclusions;
    }

    /**
     * @param batch whether the job runs in BATCH execution mode: nothing is late there, and keyed inputs arrive
     *     sorted by key and time, which the keyed functions use to decide as they go.
     */
    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, DetectionConfig config, boolean batch) {
        build(env, sources, sinks, config, batch, List.of());
    }

    /** @param exclusions the entries of the start-up exclusion file, in force from the beginning of time */
    public static void build(StreamExecutionEnvironment env, Sources sources, Sinks sinks, DetectionConfig config, boolean batch,
            List<ExclusionEntry> exclusions) {
        // Chained operators hand records on without a defensive copy (profiles showed a deep POJO copy, by reflection,
        // on every chained hop of every record). Safe because no function changes a record it was handed while another
        // operator can still see it: parsers build a new record per line, the one function that fills in a
        // field of its input (AlertBaselineEnricher) receives it over a keyed exchange, as its own copy, and the
        // RareAlertFinaliser chained after it sets the severity of an alert the enricher has let go of.
        env.getConfig().enableObjectReuse();
        new DetectionGraph(config, batch, exclusions).wire(env, sources, sinks);
    }

    private void wire(StreamExecutionEnvironment env, Sources sources, Sinks sinks) {
        DataStream<DnsQuery> dnsEvents = dnsQueries(env, sources, Input.DNS_EVENTS);
        DataStream<Flow> flows = null;
        for (Input input : Input.FLOWS) flows = union(flows, publicFlows(flows(env, sources, input), input));
        List<DataStream<AlertRecord>> alerts = new ArrayList<>();
        // Each log of DNS queries feeds both rules; the DNS client log, which only has TXT queries, the TXT rule.
        DataStream<DnsQuery> lookups = dnsEvents;
        DataStream<TxtQuery> txt = txtQueries(dnsQueries(env, sources, Input.DNS_CLIENT_EVENTS), Input.DNS_CLIENT_EVENTS);
        txt = union(txt, txtQueries(dnsEvents, Input.DNS_EVENTS));
        for (Input input : Input.DNS_QUERIES) {
            DataStream<DnsQuery> queries = dnsQueries(env, sources, input);
            lookups = union(lookups, queries);
            txt = union(txt, txtQueries(queries, input));
        }
        if (lookups != null && flows != null) alerts.add(rareLookupWithTransfer(lookups, flows));
        if (txt != null) alerts.add(txtTunneling(txt));

        if (!alerts.isEmpty()) {
            DataStream<AlertRecord> all = alerts.get(0);
            for (int i = 1; i < alerts.size(); i++) all = all.union(alerts.get(i));
            // Every alert fits the sinks' limit, or becomes a dead letter: one oversized record must not stop the job.
            SingleOutputStreamOperator<AlertRecord> fitting = atMinimumSeverity(excluding(env, sources, all, sinks))
                    .process(new OutputLimit.Alerts(config.maxRecordBytes()), TypeInformation.of(AlertRecord.class))
                    .uid("alert-size-limit").name("Alerts within the record size limit");
            deadLetters.add(fitting.getSideOutput(SideOutputs.DEAD_LETTERS));
            sinks.alerts(fitting);
        }
        if (!deadLetters.isEmpty()) {
            DataStream<DeadLetter> all = deadLetters.get(0);
            for (int i = 1; i < deadLetters.size(); i++) all = all.union(deadLetters.get(i));
            sinks.deadLetters(all
                    .map(new OutputLimit.DeadLetters(config.maxRecordBytes()), TypeInformation.of(DeadLetter.class))
                    .uid("dead-letter-size-limit").name("Dead letters within the record size limit"));
        }
    }

    private DataStream<DnsQuery> dnsQueries(StreamExecutionEnvironment env, Sources sources, Input input) {
        if (Input.FLOWS.contains(input)) return twoKinds(env, sources, input).queries;
        return parsed(env, sources, input, r -> r.dnsQuery, DnsQuery.class);
    }

    private DataStream<NetworkFlow> flows(StreamExecutionEnvironment env, Sources sources, Input input) {
        if (Input.DNS_QUERIES.contains(input)) return twoKinds(env, sources, input).flows;
        return parsed(env, sources, input, r -> r.flow, NetworkFlow.class);
    }

    /** The DNS queries and the flows of an input that gives both (Suricata eve, ECS). */
    private record TwoKinds(DataStream<DnsQuery> queries, DataStream<NetworkFlow> flows) {}

    private final java.util.Map<Input, TwoKinds> twoKinds = new java.util.EnumMap<>(Input.class);

    /**
     * Such an input is read once: one source and one router (uid {@code parse-<input>}, which counts each line once
     * and sends its dead letters once), queries on its main output and flows on a side output.
     */
    private TwoKinds twoKinds(StreamExecutionEnvironment env, Sources sources, Input input) {
        TwoKinds done = twoKinds.get(input);
        if (done != null) return done;
        DataStream<ParsedRecord> records = sources.records(env, new RecordParser(input, config), watermarks());
        if (records == null) {
            done = new TwoKinds(null, null);
        } else {
            SingleOutputStreamOperator<DnsQuery> queries = records
                    .process(new RecordRouter<>(r -> r.dnsQuery, r -> r.flow, SideOutputs.FLOWS), TypeInformation.of(DnsQuery.class))
                    .uid("parse-" + input.id).name("Events and dead letters of " + input.id);
            deadLetters.add(queries.getSideOutput(SideOutputs.DEAD_LETTERS));
            DataStream<NetworkFlow> flows = queries.getSideOutput(SideOutputs.FLOWS);
            done = batch ? new TwoKinds(queries, flows)
                    : new TwoKinds(onTime(queries, input, "late-filter-", DnsQuery.class), onTime(flows, input, "late-filter-flows-", NetworkFlow.class));
        }
        twoKinds.put(input, done);
        return done;
    }

    private <T> DataStream<T> onTime(DataStream<T> events, Input input, String uid, Class<T> type) {
        SingleOutputStreamOperator<T> onTime = events
                .process(new LateEventFilter<>(input), TypeInformation.of(type))
                .uid(uid + input.id).name("Late events " + input.id + (uid.contains("flows") ? " (flows)" : ""));
        deadLetters.add(onTime.getSideOutput(SideOutputs.DEAD_LETTERS));
        return onTime;
    }

    private WatermarkStrategy<ParsedRecord> watermarks() {
        return WatermarkStrategy
                .<ParsedRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrdernessMillis()))
                .withTimestampAssigner((r, ts) -> r.time)
                .withIdleness(Duration.ofMillis(config.idleTimeoutMillis()));
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : b == null ? a : a.union(b);
    }

    /** The TXT queries among an input's DNS queries. */
    private static DataStream<TxtQuery> txtQueries(DataStream<DnsQuery> queries, Input input) {
        if (queries == null) return null;
        return queries
                .flatMap((DnsQuery q, Collector<TxtQuery> out) -> {
                    TxtQuery t = TxtQueries.fromDnsQuery(q);
                    if (t != null) out.collect(t);
                }, TypeInformation.of(TxtQuery.class))
                .uid("txt-queries-" + input.id).name("TXT queries of " + input.id);
    }

    private <T> DataStream<T> parsed(StreamExecutionEnvironment env, Sources sources, Input input, RecordRouter.Field<T> field,
            Class<T> type) {
        DataStream<ParsedRecord> records = sources.records(env, new RecordParser(input, config), watermarks());
        if (records == null) return null;
        SingleOutputStreamOperator<T> events = records
                .process(new RecordRouter<>(field), TypeInformation.of(type))
                .uid("parse-" + input.id).name("Events and dead letters of " + input.id);
        deadLetters.add(events.getSideOutput(SideOutputs.DEAD_LETTERS));
        return batch ? events : onTime(events, input, "late-filter-", type);
    }

    private DataStream<AlertRecord> txtTunneling(DataStream<TxtQuery> queries) {
        DataStream<TxtQuery> capped = queries
                .keyBy(TxtBurstPattern::key, Types.STRING)
                .process(new TxtQueryCap(config), TypeInformation.of(TxtQuery.class))
                .uid("txt-query-cap").name("TXT queries per host and span, capped");
        return CEP.pattern(capped.keyBy(TxtBurstPattern::key, Types.STRING), TxtBurstPattern.of(config), TxtBurstPattern.tieBreaker())
                .inEventTime()
                .process(new TxtBurstToAlert(config), TypeInformation.of(DnsTxtAlert.class))
                .uid("txt-burst-pattern").name("TXT burst pattern (CEP)")
                .keyBy(a -> a.source + '|' + a.host, Types.STRING)
                .process(new TxtAlertSuppressor(config), TypeInformation.of(DnsTxtAlert.class))
                .uid("txt-suppression").name("TXT alert suppression")
                .map(AlertRecord::of, TypeInformation.of(AlertRecord.class))
                .uid("txt-alert-records").name("DnsTxtTunneling alerts");
    }

    /** Every rule's alerts pass the analysts' exclusion list (start-up file plus control stream). */
    private DataStream<AlertRecord> excluding(StreamExecutionEnvironment env, Sources sources, DataStream<AlertRecord> alerts, Sinks sinks) {
        DataStream<ExclusionChange> changes = parsed(env, sources, Input.EXCLUSION_UPDATES, r -> r.exclusionChange,
                ExclusionChange.class);
        if (changes == null) {
            // An empty control stream keeps the operator (and its uid) in every job, so a savepoint of a job without
            // updates restores into one with them.
            changes = env.fromData(List.of(new ExclusionChange()), TypeInformation.of(ExclusionChange.class))
                    .filter(c -> false).uid("exclusion-updates-none").name("No exclusion updates");
        } else if (!batch) {
            // One instance judges every change against the data's event time (the alerts' watermark), so that all
            // instances of the exclusion function receive the same changes.
            SingleOutputStreamOperator<ExclusionChange> recent = alerts
                    .connect(changes)
                    .process(new ExclusionChangeGate(Input.EXCLUSION_UPDATES.id, config.maxOutOfOrdernessMillis(),
                            SideOutputs.DEAD_LETTERS), TypeInformation.of(ExclusionChange.class))
                    .setParallelism(1)
                    .uid("exclusion-updates-backdated").name("Backdated exclusion changes");
            deadLetters.add(recent.getSideOutput(SideOutputs.DEAD_LETTERS));
            changes = recent;
        }
        // Ended entries are kept as long as the baseline looks back; no alert about older events is judged any more.
        long retain = config.bucketMillis() > Long.MAX_VALUE / config.lookbackBuckets() ? Long.MAX_VALUE
                : config.lookbackBuckets() * config.bucketMillis();
        SingleOutputStreamOperator<AlertRecord> kept = alerts
                .keyBy(a -> a.alertId, Types.STRING)
                .connect(changes.broadcast(AlertExclusionFunction.CHANGES))
                .process(new AlertExclusionFunction(exclusions, batch, retain), TypeInformation.of(AlertRecord.class))
                .uid("exclusions").name("Analyst exclusions");
        sinks.excluded(kept.getSideOutput(AlertExclusionFunction.EXCLUDED));
        return kept;
    }

    /**
     * Every rule's alerts, after the exclusions (whose audit output stays complete): those below --min-severity are
     * counted and dropped. Present at every minimum, so its uid is in every job.
     */
    private DataStream<AlertRecord> atMinimumSeverity(DataStream<AlertRecord> alerts) {
        return alerts
                .process(new MinimumSeverityFilter(config.minSeverity()), TypeInformation.of(AlertRecord.class))
                .uid("min-severity").name("Alerts at or above " + config.minSeverity().label());
    }

    /**
     * Per input, before the union: chained to its source, the flows to private addresses (most of a VM's) are dropped
     * before they are serialized.
     */
    private DataStream<Flow> publicFlows(DataStream<NetworkFlow> flows, Input input) {
        if (flows == null) return null;
        return flows
                .flatMap(new FlowNormaliser(config), TypeInformation.of(Flow.class))
                .uid("normalise-flows-" + input.id).name("Outbound flows to public addresses of " + input.id);
    }

    private DataStream<AlertRecord> rareLookupWithTransfer(DataStream<DnsQuery> dnsQueries, DataStream<Flow> publicFlows) {
        DataStream<DnsLookup> lookups = dnsQueries
                .flatMap(new LookupQualifier(config), TypeInformation.of(DnsLookup.class))
                .uid("qualify-lookups").name("Qualifying lookups");
        if (batch) {
            lookups = lookups
                    .transform("Fold lookups that cannot be rare", TypeInformation.of(DnsLookup.class),
                            new LookupPreAggregator(config, LookupPreAggregator.DEFAULT_MAX_DOMAINS))
                    .uid("pre-aggregate-lookups");
        }

        SingleOutputStreamOperator<RareLookup> rare = lookups
                .keyBy(DomainBaselineFunction.KEY, PartitionKey.TYPE)
                .process(new DomainBaselineFunction(config, batch), TypeInformation.of(RareLookup.class))
                .uid("domain-baseline").name("Domain baseline and rare verdicts");
        DataStream<BucketBaseline> baselines = rare.getSideOutput(DomainBaselineFunction.BASELINES);

        DataStream<Flow> flows = publicFlows;
        if (batch) {
            flows = publicFlows
                    .connect(rare.map(TransferCorrelator.LOOKUP_KEY::getKey, PartitionKey.TYPE)
                            .uid("rare-pairs").name("Pairs of rare lookups")
                            .broadcast(RarePairFlowFilter.RARE_PAIRS))
                    .process(new RarePairFlowFilter(), TypeInformation.of(Flow.class))
                    .uid("flows-of-rare-pairs").name("Flows of pairs with a rare lookup");
        }

        DataStream<RareDnsAlert> transfers = rare
                .connect(flows)
                .keyBy(TransferCorrelator.LOOKUP_KEY, TransferCorrelator.FLOW_KEY, PartitionKey.TYPE)
                .process(new TransferCorrelator(config, batch), TypeInformation.of(RareDnsAlert.class))
                .uid("transfer-correlator").name("Correlate rare lookups with transfers");

        return transfers
                .connect(baselines)
                .keyBy(a -> a.domain, b -> b.domain, Types.STRING)
                .process(new AlertBaselineEnricher(config), TypeInformation.of(RareDnsAlert.class))
                .uid("alert-baseline").name("Add the domain's daily average")
                .map(new RareAlertFinaliser(config), TypeInformation.of(AlertRecord.class))
                .uid("rare-alert-records").name("RareDnsLookupWithDataTransfer alerts");
    }
}
