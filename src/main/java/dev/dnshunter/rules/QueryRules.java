package dev.dnshunter.rules;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.rarelookup.DomainRulesLoader;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * The wiring the rules that read every DNS query input share: each input through the rule's own selection, their
 * union keyed into the rule's function, its alerts mapped to records. The uids and names are the rule's.
 */
public final class QueryRules {
    /** The hand-written type of BATCH jobs, where no savepoint holds it. */
    private static final TypeInformation<SubdomainQuery> BATCH_SUBDOMAIN_QUERIES =
            new CompactType<>(SubdomainQuery.class, SubdomainQuerySerializer.INSTANCE);

    private QueryRules() {}

    /**
     * The type the name rules declare for their {@link SubdomainQuery} records: in a BATCH job a {@link CompactType}
     * (no reflection at every network and sort buffer: the DnsExfiltrationVolume stage sorts every query), in a
     * streaming job the POJO type it always had, so its graph and savepoints stay as they were.
     */
    public static TypeInformation<SubdomainQuery> subdomainQueries(boolean batch) {
        return batch ? BATCH_SUBDOMAIN_QUERIES : TypeInformation.of(SubdomainQuery.class);
    }

    /**
     * Each DNS query input ({@link RuleInputs#allQueries()} order) through a new {@code select}, with uid
     * {@code uidPrefix + inputId} and name {@code namePrefix + inputId}; their union, or null when there is none.
     */
    public static <T> DataStream<T> eachInput(RuleInputs in, Supplier<? extends FlatMapFunction<DnsQuery, T>> select,
            Class<T> type, String uidPrefix, String namePrefix) {
        return eachInput(in, select, TypeInformation.of(type), uidPrefix, namePrefix);
    }

    /** {@link #eachInput(RuleInputs, Supplier, Class, String, String)} with a declared type. */
    public static <T> DataStream<T> eachInput(RuleInputs in, Supplier<? extends FlatMapFunction<DnsQuery, T>> select,
            TypeInformation<T> type, String uidPrefix, String namePrefix) {
        DataStream<T> all = null;
        for (RuleInputs.Feed<DnsQuery> f : in.allQueries()) {
            DataStream<T> s = f.stream().flatMap(select.get(), type)
                    .uid(uidPrefix + f.inputId()).name(namePrefix + f.inputId());
            all = all == null ? s : all.union(s);
        }
        return all;
    }

    /**
     * The alert records of {@code function} keyed by {@code key} over {@code selected} (uid {@code uid}, name
     * {@code name}), mapped by {@code toRecord} (uid {@code uid + "-alert-records"}, name {@code rule + " alerts"});
     * null when {@code selected} is.
     */
    public static <T, A> DataStream<AlertRecord> keyedAlerts(RuleInputs in, DataStream<T> selected, KeySelector<T, String> key,
            KeyedProcessFunction<String, T, A> function, Class<A> alertType, String uid, String name, String rule,
            MapFunction<A, AlertRecord> toRecord) {
        if (selected == null) return null;
        return in.stages().keyed(selected.keyBy(key, Types.STRING), function, TypeInformation.of(alertType), uid, name)
                .map(toRecord, TypeInformation.of(AlertRecord.class))
                .uid(uid + "-alert-records").name(rule + " alerts");
    }

    /** A selection of an input's queries by the shared definitions, which it loads when it opens. */
    public abstract static class Selection<O> extends RichFlatMapFunction<DnsQuery, O> {
        private static final long serialVersionUID = 1L;
        private final DetectionConfig config;
        /** The shared definitions, once open. */
        protected transient DomainRules domains;

        protected Selection(DetectionConfig config) {
            this.config = config;
        }

        @Override
        public void open(OpenContext ctx) {
            domains = DomainRulesLoader.load(config);
        }
    }
}
