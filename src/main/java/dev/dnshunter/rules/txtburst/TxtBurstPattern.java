package dev.dnshunter.rules.txtburst;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import java.time.Duration;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;

/**
 * The TXT burst: N TXT queries of one host (relaxed contiguity: other queries in between do not break it) whose
 * last comes less than the span after the first. Flink CEP prunes a partial match once event time reaches
 * first + span, which is exactly {@code last - first < span}. After a match the next one starts after its last query.
 */
public final class TxtBurstPattern {
    public static final String STAGE = "txt";

    private TxtBurstPattern() {}

    public static Pattern<TxtQuery, TxtQuery> of(DetectionConfig config) {
        return Pattern.<TxtQuery>begin(STAGE, AfterMatchSkipStrategy.skipPastLastEvent())
                .times(config.txtQueryCount())
                .within(Duration.ofMillis(config.txtSpanMillis()));
    }

    /** Queries at the same millisecond are taken in name order, so which ones form a match never depends on arrival. */
    public static EventComparator<TxtQuery> tieBreaker() {
        return new ByName();
    }

    private static final class ByName implements EventComparator<TxtQuery> {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(TxtQuery a, TxtQuery b) {
            return a.name.compareTo(b.name);
        }
    }

    public static String key(TxtQuery q) {
        return q.source + '|' + q.host;
    }
}
