package dev.dnshunter.rare;

import dev.dnshunter.alert.Evidence;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One rare lookup as a rare alert lists it: its time, the name as the log wrote it (case and final dot kept) and its
 * answers as written, each text bounded by {@link Evidence#item}, at most {@link Evidence#MAX_ITEMS} answers and the
 * count of the rest. Kept in keyed state (a {@link LookupFlood}'s samples) and in the alerts awaiting their baseline.
 */
public class LookupEvidence {
    /** The order evidence is listed and kept in: time, then name, then answers; independent of arrival order. */
    public static final Comparator<LookupEvidence> ORDER = Comparator.comparingLong((LookupEvidence e) -> e.time)
            .thenComparing(e -> e.name, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> String.join(",", e.answers == null ? new String[0] : e.answers))
            .thenComparingInt(e -> e.answersOmitted);

    public long time;
    public String name;
    public String[] answers;
    public int answersOmitted;

    public LookupEvidence() {}

    public LookupEvidence(long time, String name, String[] answers, int answersOmitted) {
        this.time = time;
        this.name = name;
        this.answers = answers;
        this.answersOmitted = answersOmitted;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LookupEvidence e)) return false;
        return time == e.time && answersOmitted == e.answersOmitted && Objects.equals(name, e.name)
                && Arrays.equals(answers, e.answers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, name);
    }

    @Override
    public String toString() {
        return "LookupEvidence{" + time + " " + name + " " + Arrays.toString(answers)
                + (answersOmitted == 0 ? "" : " +" + answersOmitted) + "}";
    }
}
