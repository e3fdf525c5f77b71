package dev.dnshunter.rare;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.net.AddressRules;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Keeps flows to public destinations and writes both addresses canonically, so they compare as addresses. */
public class FlowNormaliser implements FlatMapFunction<Flow, Flow> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;

    public FlowNormaliser(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void flatMap(Flow f, Collector<Flow> out) {
        String destination = AddressRules.publicCanonicalOrNull(f.destinationIp, config.mode());
        if (destination == null) return;
        out.collect(new Flow(f.time, AddressRules.canonicalOrRaw(f.sourceIp), destination, f.destinationPort,
                f.sentBytes, f.receivedBytes, f.dataType));
    }
}
