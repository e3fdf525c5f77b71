package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the outbound flows to public destinations and turns each into the rule's {@link Flow}, both addresses written
 * canonically so they compare as addresses.
 */
public class FlowNormaliser implements FlatMapFunction<NetworkFlow, Flow> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;

    public FlowNormaliser(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public void flatMap(NetworkFlow f, Collector<Flow> out) {
        if (!f.outbound) return;
        String destination = AddressRules.publicCanonicalOrNull(f.destinationAddress, config.mode());
        if (destination == null) return;
        out.collect(new Flow(f.time, AddressRules.canonicalOrRaw(f.sourceAddress), destination, f.destinationPort,
                f.bytesFromClient, f.bytesToClient, f.dataType));
    }
}
