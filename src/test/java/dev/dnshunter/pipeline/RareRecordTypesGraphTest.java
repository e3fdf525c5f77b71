package dev.dnshunter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.config.DetectionMode;
import dev.dnshunter.event.Flow;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rules.rarelookup.DnsLookupSerializer;
import dev.dnshunter.rules.rarelookup.FlowSerializer;
import dev.dnshunter.rules.rarelookup.RareLookupSerializer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which serializers the rare rule's records cross the job's exchanges with: a backfill (BATCH) the hand-written ones,
 * a streaming job exactly the POJO serializers it always had (its graph and savepoints must not change). The graph is
 * built, not run.
 */
class RareRecordTypesGraphTest {
    static Map<String, StreamNode> nodesByUid(boolean batch, DetectionMode mode) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(ExecutionOptions.RUNTIME_MODE, batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        Sources sources = (e, parser, watermarks) -> e.fromData(Types.STRING, "{}").uid("test-source-" + parser.input().id)
                .flatMap((String line, org.apache.flink.util.Collector<ParsedRecord> out) -> {
                    ParsedRecord r = parser.parse(line);
                    if (r != null) out.collect(r);
                }, TypeInformation.of(ParsedRecord.class)).uid("test-parse-" + parser.input().id)
                .assignTimestampsAndWatermarks(watermarks).uid("test-watermarks-" + parser.input().id);
        Sinks sinks = new Sinks() {
            @Override
            public void alerts(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.alert.AlertRecord> alerts) {
                alerts.sinkTo(new DiscardingSink<>()).uid("test-alerts");
            }

            @Override
            public void deadLetters(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.event.DeadLetter> d) {
                d.sinkTo(new DiscardingSink<>()).uid("test-dead-letters");
            }

            @Override
            public void excluded(org.apache.flink.streaming.api.datastream.DataStream<dev.dnshunter.alert.ExcludedAlert> x) {
                x.sinkTo(new DiscardingSink<>()).uid("test-excluded");
            }
        };
        DetectionGraph.build(env, sources, sinks, DetectionConfig.defaults().withMode(mode), batch);
        StreamGraph graph = env.getStreamGraph();
        Map<String, StreamNode> byUid = new TreeMap<>();
        for (StreamNode n : graph.getStreamNodes()) {
            if (n.getTransformationUID() != null) byUid.put(n.getTransformationUID(), n);
        }
        return byUid;
    }

    static SerializerConfig config() {
        return new org.apache.flink.api.common.serialization.SerializerConfigImpl();
    }

    static StreamNode node(Map<String, StreamNode> nodes, String uid) {
        StreamNode n = nodes.get(uid);
        assertNotNull(n, uid + " in " + nodes.keySet());
        return n;
    }

    @ParameterizedTest
    @EnumSource(DetectionMode.class)
    void aBackfillSendsTheRareRulesRecordsWithTheHandWrittenSerializers(DetectionMode mode) {
        Map<String, StreamNode> nodes = nodesByUid(true, mode);
        assertEquals(List.of(DnsLookupSerializer.INSTANCE), Arrays.asList(node(nodes, "domain-baseline").getTypeSerializersIn()));
        assertEquals(List.of(RareLookupSerializer.INSTANCE, FlowSerializer.INSTANCE),
                Arrays.asList(node(nodes, "transfer-correlator").getTypeSerializersIn()));
        assertEquals(FlowSerializer.INSTANCE, node(nodes, "normalise-flows-firewall-events").getTypeSerializerOut());
        assertEquals(FlowSerializer.INSTANCE, node(nodes, "normalise-flows-vm-connections").getTypeSerializerOut());
        assertEquals(DnsLookupSerializer.INSTANCE, node(nodes, "qualify-lookups").getTypeSerializerOut());
    }

    @ParameterizedTest
    @EnumSource(DetectionMode.class)
    void aStreamingJobKeepsThePojoSerializersEverywhere(DetectionMode mode) {
        Map<String, StreamNode> nodes = nodesByUid(false, mode);
        TypeSerializer<DnsLookup> lookups = TypeInformation.of(DnsLookup.class).createSerializer(config());
        TypeSerializer<RareLookup> rare = TypeInformation.of(RareLookup.class).createSerializer(config());
        TypeSerializer<Flow> flows = TypeInformation.of(Flow.class).createSerializer(config());
        assertEquals(List.of(lookups), Arrays.asList(node(nodes, "domain-baseline").getTypeSerializersIn()));
        assertEquals(List.of(rare, flows), Arrays.asList(node(nodes, "transfer-correlator").getTypeSerializersIn()));
        assertEquals(flows, node(nodes, "normalise-flows-firewall-events").getTypeSerializerOut());
        assertEquals(lookups, node(nodes, "qualify-lookups").getTypeSerializerOut());
        assertEquals(rare, node(nodes, "domain-baseline").getTypeSerializerOut());
        for (StreamNode n : nodes.values()) {
            List<TypeSerializer<?>> all = new java.util.ArrayList<>(Arrays.asList(n.getTypeSerializersIn()));
            all.add(n.getTypeSerializerOut());
            for (TypeSerializer<?> s : all) {
                assertFalse(s != null && s.getClass().getPackageName().equals(DnsLookupSerializer.class.getPackageName()),
                        n.getTransformationUID() + " uses " + s);
            }
        }
    }

    /**
     * The TXT pattern reads the cap's output without an exchange (forward, chained): through one, a watermark of a
     * cap subtask without queries could overtake another's queries after the source's idleness, and CEP would take
     * them as late. The cap passes each query on unchanged, so the output is already partitioned by the key.
     */
    @ParameterizedTest
    @EnumSource(value = RuntimeExecutionMode.class, names = {"BATCH", "STREAMING"})
    void theTxtPatternReadsTheCapWithoutAnExchange(RuntimeExecutionMode runtime) {
        Map<String, StreamNode> nodes = nodesByUid(runtime == RuntimeExecutionMode.BATCH, DetectionMode.DEFAULT);
        StreamNode cep = node(nodes, "txt-burst-pattern");
        assertEquals(1, cep.getInEdges().size());
        org.apache.flink.streaming.api.graph.StreamEdge in = cep.getInEdges().get(0);
        assertEquals(node(nodes, "txt-query-cap").getId(), in.getSourceId());
        assertEquals(org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner.class, in.getPartitioner().getClass());
    }
}
