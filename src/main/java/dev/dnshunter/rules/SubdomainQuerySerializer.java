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
        writeAddress(q.identity, q.identityIpv4(), out);
        out.writeBoolean(q.byAddress);
        writeString(q.name, out);
        writeString(q.domain, out);
        writeString(q.subdomain, out);
        writeInt(q.queryType, out);
    }

    @Override
    public SubdomainQuery deserialize(DataInputView in) throws IOException {
        SubdomainQuery q = new SubdomainQuery();
        q.time = readLong(in);
        long identity = readAddressBits(in);
        if (identity >= 0) q.identityFromIpv4(identity); else q.identity = readString(in);
        q.byAddress = in.readBoolean();
        q.name = readString(in);
        q.domain = readString(in);
        q.subdomain = readString(in);
        q.queryType = readInt(in);
        return q;
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
