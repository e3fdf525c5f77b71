package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.CompactSerializer;
import dev.dnshunter.rare.DnsLookup;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link DnsLookup} field by field, for the exchange into the domain baseline of a BATCH job and its sort
 * ({@link RareRecordTypes}). Every field of the class is written: a test compares them with the class's fields.
 */
public final class DnsLookupSerializer extends CompactSerializer<DnsLookup> {
    private static final long serialVersionUID = 1L;

    public static final DnsLookupSerializer INSTANCE = new DnsLookupSerializer();

    @Override
    public DnsLookup createInstance() {
        return new DnsLookup();
    }

    @Override
    public DnsLookup copy(DnsLookup from) {
        DnsLookup l = new DnsLookup();
        l.time = from.time;
        l.domain = from.domain;
        l.domainKeyHigh = from.domainKeyHigh;
        l.domainKeyLow = from.domainKeyLow;
        l.clientIp = from.clientIp;
        l.publicAddresses = copy(from.publicAddresses);
        l.lookups = from.lookups;
        l.queryName = from.queryName;
        l.answers = copy(from.answers);
        l.answersOmitted = from.answersOmitted;
        return l;
    }

    @Override
    public void serialize(DnsLookup l, DataOutputView out) throws IOException {
        writeLong(l.time, out);
        writeString(l.domain, out);
        // Digest bits: a variable-length form would only make them longer.
        out.writeLong(l.domainKeyHigh);
        out.writeLong(l.domainKeyLow);
        writeString(l.clientIp, out);
        writeStrings(l.publicAddresses, out);
        writeLong(l.lookups, out);
        writeString(l.queryName, out);
        writeStrings(l.answers, out);
        writeInt(l.answersOmitted, out);
    }

    @Override
    public DnsLookup deserialize(DataInputView in) throws IOException {
        DnsLookup l = new DnsLookup();
        l.time = readLong(in);
        l.domain = readString(in);
        l.domainKeyHigh = in.readLong();
        l.domainKeyLow = in.readLong();
        l.clientIp = readString(in);
        l.publicAddresses = readStrings(in);
        l.lookups = readLong(in);
        l.queryName = readString(in);
        l.answers = readStrings(in);
        l.answersOmitted = readInt(in);
        return l;
    }

    @Override
    public TypeSerializerSnapshot<DnsLookup> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: the format is the class's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DnsLookup> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
