package dev.dnshunter.pipeline;

import dev.dnshunter.event.DeadLetter;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, declared once. */
public final class SideOutputs {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private SideOutputs() {}
}
