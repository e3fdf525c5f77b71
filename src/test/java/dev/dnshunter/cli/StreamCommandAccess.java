package dev.dnshunter.cli;

import dev.dnshunter.pipeline.Sinks;
import dev.dnshunter.pipeline.Sources;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Lets tests in other packages build the streaming job exactly as {@code stream} does, with their own edges. */
public final class StreamCommandAccess {
    private StreamCommandAccess() {}

    public static StreamCommand.Plan plan(List<String> args) {
        return StreamCommand.plan(args);
    }

    public static StreamExecutionEnvironment environment(StreamCommand.Plan plan) {
        return StreamCommand.environment(plan);
    }

    public static void checkTransactionTimeout(dev.dnshunter.io.KafkaSettings settings, java.io.PrintStream err) {
        StreamCommand.checkTransactionTimeout(settings, err);
    }

    public static void build(StreamExecutionEnvironment env, StreamCommand.Plan plan, Sources sources, Sinks sinks) {
        StreamCommand.build(env, plan, sources, sinks);
    }
}
