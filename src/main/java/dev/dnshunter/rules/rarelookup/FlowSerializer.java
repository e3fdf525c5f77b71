package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.CompactSerializer;
import dev.dnshunter.event.Flow;
import dev.dnshunter.model.NetworkFlow;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link Flow} field by field, for the exchange into the correlator of a BATCH job and its sort
 * ({@link RareRecordTypes}). The data type, one of a few labels on almost every flow, is written as its index among
 * {@link #LABELS}; any other text as itself. Every field of the class is written: a test compares them with the
 * class's fields.
 */
public final class FlowSerializer extends CompactSerializer<Flow> {
    private static final long serialVersionUID = 1L;

    public static final FlowSerializer INSTANCE = new FlowSerializer();

    /** Append only: an index is what the serialized form holds. 0 is null, {@code LABELS.size() + 1} a text. */
    static final List<String> LABELS = List.of(Flow.PALO_ALTO, Flow.VM_CONNECTION, NetworkFlow.ZEEK, NetworkFlow.SURICATA,
            NetworkFlow.ECS, NetworkFlow.ASIM);

    @Override
    public Flow createInstance() {
        return new Flow();
    }

    @Override
    public Flow copy(Flow f) {
        return new Flow(f.time, f.sourceIp, f.destinationIp, f.destinationPort, f.sentBytes, f.receivedBytes, f.dataType);
    }

    @Override
    public void serialize(Flow f, DataOutputView out) throws IOException {
        writeLong(f.time, out);
        writeString(f.sourceIp, out);
        writeString(f.destinationIp, out);
        writeInt(f.destinationPort, out);
        writeLong(f.sentBytes, out);
        writeLong(f.receivedBytes, out);
        int label = f.dataType == null ? 0 : LABELS.indexOf(f.dataType) + 1;
        if (label == 0 && f.dataType != null) {
            out.writeByte(LABELS.size() + 1);
            writeString(f.dataType, out);
        } else {
            out.writeByte(label);
        }
    }

    @Override
    public Flow deserialize(DataInputView in) throws IOException {
        Flow f = new Flow(readLong(in), readString(in), readString(in), readInt(in), readLong(in), readLong(in), null);
        int label = in.readUnsignedByte();
        if (label == LABELS.size() + 1) {
            f.dataType = readString(in);
        } else if (label > 0) {
            if (label > LABELS.size()) throw new IOException("no data type label " + label);
            f.dataType = LABELS.get(label - 1);
        }
        return f;
    }

    @Override
    public TypeSerializerSnapshot<Flow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: the format is the class's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Flow> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
