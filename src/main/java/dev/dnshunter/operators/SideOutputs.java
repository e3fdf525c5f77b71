package dev.dnshunter.operators;

import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.model.NetworkFlow;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, declared once. */
public final class SideOutputs {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    /** The flows of an input that gives DNS queries too (its main output). */
    public static final OutputTag<NetworkFlow> FLOWS = new OutputTag<>("flows") {};

    private SideOutputs() {}
}
