package dev.dnshunter.rules;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link SubdomainQuery} field by field, for the name rules' exchanges and sorts in a BATCH job
 * ({@link QueryRules#subdomainQueries}); a streaming job keeps the POJO type. Every field of the class is written:
 * a test compares them with the class's fields.
 */
public final class SubdomainQuerySerializer extends CompactSerializer<SubdomainQuery> {
    private static final long serialVersionUID = 1L;

    public static final SubdomainQuerySerializer INSTANCE = new SubdomainQuerySerializer();

    @Override
    public SubdomainQuery createInstance() {
        return new SubdomainQuery();
    }

    @Override
    public SubdomainQuery copy(SubdomainQuery q) {
        return new SubdomainQuery(q.time, q.identity, q.byAddress, q.name, q.domain, q.subdomain, q.queryType);
    }

    @Override
    public void serialize(SubdomainQuery q, DataOutputView out) throws IOException {
        writeLong(q.time, out);
        writeString(q.identity, out);
        out.writeBoolean(q.byAddress);
        writeString(q.name, out);
        writeString(q.domain, out);
        writeString(q.subdomain, out);
        writeInt(q.queryType, out);
    }

    @Override
    public SubdomainQuery deserialize(DataInputView in) throws IOException {
        return new SubdomainQuery(readLong(in), readString(in), in.readBoolean(), readString(in), readString(in),
                readString(in), readInt(in));
    }

    @Override
    public TypeSerializerSnapshot<SubdomainQuery> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: the format is the class's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SubdomainQuery> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
