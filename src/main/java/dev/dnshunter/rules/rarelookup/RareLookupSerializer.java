package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.CompactSerializer;
import dev.dnshunter.rare.RareLookup;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link RareLookup} field by field, for the exchange into the correlator of a BATCH job and its sort
 * ({@link RareRecordTypes}). Every field of the class is written: a test compares them with the class's fields.
 */
public final class RareLookupSerializer extends CompactSerializer<RareLookup> {
    private static final long serialVersionUID = 1L;

    public static final RareLookupSerializer INSTANCE = new RareLookupSerializer();

    @Override
    public RareLookup createInstance() {
        return new RareLookup();
    }

    @Override
    public RareLookup copy(RareLookup from) {
        RareLookup r = new RareLookup(from.time, from.domain, from.clientIp, from.address);
        r.queryName = from.queryName;
        r.answers = copy(from.answers);
        r.answersOmitted = from.answersOmitted;
        return r;
    }

    @Override
    public void serialize(RareLookup r, DataOutputView out) throws IOException {
        writeLong(r.time, out);
        writeString(r.domain, out);
        writeAddress(r.clientIp, r.clientIpv4(), out);
        writeAddress(r.address, r.addressIpv4(), out);
        writeString(r.queryName, out);
        writeStrings(r.answers, out);
        writeInt(r.answersOmitted, out);
    }

    @Override
    public RareLookup deserialize(DataInputView in) throws IOException {
        RareLookup r = new RareLookup();
        r.time = readLong(in);
        r.domain = readString(in);
        long client = readAddressBits(in);
        if (client >= 0) r.clientFromIpv4(client); else r.clientIp = readString(in);
        long address = readAddressBits(in);
        if (address >= 0) r.addressFromIpv4(address); else r.address = readString(in);
        r.queryName = readString(in);
        r.answers = readStrings(in);
        r.answersOmitted = readInt(in);
        return r;
    }

    @Override
    public TypeSerializerSnapshot<RareLookup> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration: the format is the class's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RareLookup> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
