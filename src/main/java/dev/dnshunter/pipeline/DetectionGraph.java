package dev.dnshunter.pipeline;

import dev.dnshunter.operators.SideOutputs;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.AlertFormat;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.exclusions.AlertExclusionFunction;
import dev.dnshunter.exclusions.ExclusionChange;
import dev.dnshunter.exclusions.ExclusionChangeGate;
import dev.dnshunter.exclusions.ExclusionEntry;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.rules.DetectionRule;
import dev.dnshunter.rules.RuleInputs;
import dev.dnshunter.rules.Rules;
import dev.dnshunter.outputs.AlertFormatter;
import dev.dnshunter.rules.KeyedStages;
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
 * those and in the execution mode: sources → normalized model streams ({@link RuleInputs}) → each enabled rule's
 * alerts ({@link DetectionRule}, chosen by {@code --rules}) → exclusions → severity filter → size limit → sinks.
 * Every operator has a stable uid (savepoints map state by it) and a readable name.
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
        KeyedStages stages = new KeyedStages(batch);
        RuleInputs inputs = new RuleInputs(config, batch, queryFeeds(env, sources, dnsQueryInputs()),
                queryFeeds(env, sources, List.of(Input.DNS_CLIENT_EVENTS)), flowFeeds(env, sources), stages);
        List<DataStream<AlertRecord>> alerts = new ArrayList<>();
        for (DetectionRule rule : Rules.enabled(config.enabledRules())) {
            DataStream<AlertRecord> a = rule.alerts(inputs);
            if (a != null) alerts.add(a);
        }
        deadLetters.addAll(stages.allDeadLetters());

        if (!alerts.isEmpty()) {
            DataStream<AlertRecord> all = alerts.get(0);
            for (int i = 1; i < alerts.size(); i++) all = all.union(alerts.get(i));
            // Every alert fits the sinks' limit, or becomes a dead letter: one oversized record must not stop the job.
            SingleOutputStreamOperator<AlertRecord> fitting = formatted(atMinimumSeverity(excluding(env, sources, all, sinks)), sinks)
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

    /** The resolver and network logs of DNS queries: DnsEvents first, as always, then the others. */
    private static List<Input> dnsQueryInputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(Input.DNS_EVENTS);
        inputs.addAll(Input.DNS_QUERIES);
        return inputs;
    }

    /** The DNS queries of each of the inputs that is present. */
    private List<RuleInputs.Feed<DnsQuery>> queryFeeds(StreamExecutionEnvironment env, Sources sources, List<Input> inputs) {
        List<RuleInputs.Feed<DnsQuery>> feeds = new ArrayList<>();
        for (Input input : inputs) {
            DataStream<DnsQuery> queries = dnsQueries(env, sources, input);
            if (queries != null) feeds.add(new RuleInputs.Feed<>(input.id, queries));
        }
        return feeds;
    }

    /** The flows of each flow input that is present, in the order their streams are united. */
    private List<RuleInputs.Feed<NetworkFlow>> flowFeeds(StreamExecutionEnvironment env, Sources sources) {
        List<RuleInputs.Feed<NetworkFlow>> feeds = new ArrayList<>();
        for (Input input : Input.FLOWS) {
            DataStream<NetworkFlow> flows = flows(env, sources, input);
            if (flows != null) feeds.add(new RuleInputs.Feed<>(input.id, flows));
        }
        return feeds;
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
                    .process(new RecordRouter<>(input, r -> r.dnsQuery, r -> r.flow, SideOutputs.FLOWS), TypeInformation.of(DnsQuery.class))
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
                .transform("Late events " + input.id + (uid.contains("flows") ? " (flows)" : ""), TypeInformation.of(type),
                        new LateEventFilter<T>(input))
                .uid(uid + input.id);
        deadLetters.add(onTime.getSideOutput(SideOutputs.DEAD_LETTERS));
        return onTime;
    }

    private WatermarkStrategy<ParsedRecord> watermarks() {
        return WatermarkStrategy
                .<ParsedRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrdernessMillis()))
                .withTimestampAssigner((r, ts) -> r.time)
                .withIdleness(Duration.ofMillis(config.idleTimeoutMillis()));
    }

    private <T> DataStream<T> parsed(StreamExecutionEnvironment env, Sources sources, Input input, RecordRouter.Field<T> field,
            Class<T> type) {
        DataStream<ParsedRecord> records = sources.records(env, new RecordParser(input, config), watermarks());
        if (records == null) return null;
        SingleOutputStreamOperator<T> events = records
                .process(new RecordRouter<>(input, field), TypeInformation.of(type))
                .uid("parse-" + input.id).name("Events and dead letters of " + input.id);
        deadLetters.add(events.getSideOutput(SideOutputs.DEAD_LETTERS));
        return batch ? events : onTime(events, input, "late-filter-", type);
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
                    .transform("Backdated exclusion changes", TypeInformation.of(ExclusionChange.class),
                            new ExclusionChangeGate(Input.EXCLUSION_UPDATES.id, config.maxOutOfOrdernessMillis(),
                                    SideOutputs.DEAD_LETTERS))
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
     * The chosen alert format's documents. Native alerts pass untouched, and the job has no such operator then, so a
     * native job's graph is what it always was; the operator is stateless, so a job can switch format on restore.
     */
    private DataStream<AlertRecord> formatted(DataStream<AlertRecord> alerts, Sinks sinks) {
        if (config.alertFormat() == AlertFormat.NATIVE) return alerts;
        sinks.nativeAlertsForReport(alerts);
        return alerts
                .map(new AlertFormatter(config.alertFormat()), TypeInformation.of(AlertRecord.class))
                .uid("alert-format").name("Alerts as " + config.alertFormat().id());
    }

}
