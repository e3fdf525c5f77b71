package dev.dnshunter.rules;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.pipeline.Input;
import dev.dnshunter.pipeline.ParsedRecord;
import dev.dnshunter.pipeline.Sources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Test sources for the rules' graph tests: queries fed as the DnsEvents input. */
public final class QuerySources {
    private QuerySources() {}

    /** The queries as DnsEvents records, in time order as a log is (a streaming run would find the rest late). */
    public static Sources dnsEvents(List<DnsQuery> queries) {
        List<DnsQuery> ordered = new ArrayList<>(queries);
        ordered.sort(Comparator.comparingLong(q -> q.time));
        return (env, parser, watermarks) -> {
            if (parser.input() != Input.DNS_EVENTS) return null;
            List<ParsedRecord> records = new ArrayList<>();
            for (DnsQuery q : ordered) {
                ParsedRecord r = new ParsedRecord();
                r.time = q.time;
                r.dnsQuery = q;
                records.add(r);
            }
            return env.fromData(records, TypeInformation.of(ParsedRecord.class)).uid("test-source")
                    .assignTimestampsAndWatermarks(watermarks).uid("test-watermarks");
        };
    }
}
