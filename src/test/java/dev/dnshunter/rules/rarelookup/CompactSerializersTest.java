package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rules.CompactType;
import dev.dnshunter.rules.QueryRules;
import dev.dnshunter.rules.SubdomainQuery;
import dev.dnshunter.rules.SubdomainQuerySerializer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dnshunter.event.Flow;
import dev.dnshunter.net.IpAddress;
import dev.dnshunter.rare.DnsLookup;
import dev.dnshunter.rare.RareLookup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The hand-written serializers of the rare rule and of the name rules' queries: every field of each record class round-trips (found by reflection, so a
 * field added to the class and not to its serializer fails here), with nulls, empty, long and non-ASCII strings and
 * arrays; and the Flink contracts around them (copies, duplicates, snapshots, the types' equality).
 */
class CompactSerializersTest {
    record Case<T>(Class<T> type, TypeSerializer<T> serializer, TypeInformation<T> batchType, TypeInformation<T> streamingType) {
        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static List<Case<?>> cases() {
        return List.of(
                new Case<>(DnsLookup.class, DnsLookupSerializer.INSTANCE, RareRecordTypes.lookups(true), RareRecordTypes.lookups(false)),
                new Case<>(RareLookup.class, RareLookupSerializer.INSTANCE, RareRecordTypes.rareLookups(true), RareRecordTypes.rareLookups(false)),
                new Case<>(Flow.class, FlowSerializer.INSTANCE, RareRecordTypes.flows(true), RareRecordTypes.flows(false)),
                new Case<>(SubdomainQuery.class, SubdomainQuerySerializer.INSTANCE, QueryRules.subdomainQueries(true), QueryRules.subdomainQueries(false)));
    }

    /** Strings a record can carry: from the logs, so anything (Jackson turns {@code \ud800} into a lone surrogate). */
    static final List<String> STRINGS = List.of("", "a", "203.0.113.7", "2001:db8::1", "x".repeat(300), "é".repeat(70),
            "\u0000", "\u007f", "\u0080", "\u00ff", "\u0100", "münchen.example", "例え.テスト", "\ud83d\ude00 emoji",
            "\ud800 lone high", "lone low \udfff", "Palo Alto Networks", "y".repeat(100_000),
            // Addresses cross as their bits when they are dotted quads: the edges, and texts that look like one but are not.
            "0.0.0.0", "255.255.255.255", "10.0.0.5", "01.2.3.4", "1.2.3.4 ", "256.1.1.1", "1.2.3", "::ffff:1.2.3.4");

    static final List<String[]> ARRAYS = List.of(new String[0], new String[] {null}, new String[] {""},
            new String[] {"198.51.100.1", null, "2001:db8::2", "é"}, STRINGS.toArray(new String[0]));

    static final long[] LONGS = {0, 1, -1, 63, 64, -64, -65, 127, 128, 1_763_900_000_000L, -1_763_900_000_000L,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};

    static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) fields.add(f);
        }
        return fields;
    }

    /** The {@code i}-th test value of a field's type; a type this test does not know fails, so it gets written. */
    static Object value(Field f, int i) {
        Class<?> t = f.getType();
        if (t == long.class) return LONGS[i % LONGS.length];
        if (t == int.class) return (int) LONGS[i % LONGS.length];
        if (t == boolean.class) return i % 2 == 1;
        if (t == String.class) return i % (STRINGS.size() + 1) == STRINGS.size() ? null : STRINGS.get(i % (STRINGS.size() + 1));
        if (t == String[].class) return i % (ARRAYS.size() + 1) == ARRAYS.size() ? null : ARRAYS.get(i % (ARRAYS.size() + 1));
        return fail(f + " has a type this test cannot fill: add it to the serializer and here");
    }

    /** A record whose every field has its own value: field {@code j} takes value {@code seed + 7j}. */
    static <T> T filled(Class<T> type, int seed) throws Exception {
        T r = type.getConstructor().newInstance();
        List<Field> fields = fields(type);
        for (int j = 0; j < fields.size(); j++) fields.get(j).set(r, value(fields.get(j), seed + 7 * j));
        return r;
    }

    static void assertSameFields(Object expected, Object actual) throws Exception {
        assertSame(expected.getClass(), actual.getClass());
        for (Field f : fields(expected.getClass())) {
            assertTrue(Objects.deepEquals(f.get(expected), f.get(actual)), () -> f.getName() + " did not round-trip");
        }
    }

    static <T> byte[] bytes(TypeSerializer<T> s, T record) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(record, out);
        return out.getCopyOfBuffer();
    }

    static <T> T roundTrip(TypeSerializer<T> s, T record) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes(s, record));
        T back = s.deserialize(in);
        assertEquals(0, in.available(), "every byte written is read back");
        return back;
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void everyFieldRoundTripsWithEveryValue(Case<T> c) throws Exception {
        // Enough seeds that every field meets every test value of its type, in different combinations.
        for (int seed = 0; seed < 60; seed++) {
            T r = filled(c.type(), seed);
            assertSameFields(r, roundTrip(c.serializer(), r));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void aChangeOfAnyOneFieldIsCarried(Case<T> c) throws Exception {
        // A field the serializer forgot, or wrote into another, comes back at its default or as the other's value.
        for (Field f : fields(c.type())) {
            for (int i = 0; i < 40; i++) {
                T r = filled(c.type(), 3);
                f.set(r, value(f, i));
                assertSameFields(r, roundTrip(c.serializer(), r));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void aNewRecordAndOneOfNullsRoundTrip(Case<T> c) throws Exception {
        T fresh = c.type().getConstructor().newInstance();
        assertSameFields(fresh, roundTrip(c.serializer(), fresh));
        T nulls = c.type().getConstructor().newInstance();
        for (Field f : fields(c.type())) if (!f.getType().isPrimitive()) f.set(nulls, null);
        T back = roundTrip(c.serializer(), nulls);
        for (Field f : fields(c.type())) if (!f.getType().isPrimitive()) assertNull(f.get(back), f.getName());
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void recordsBackToBackAreReadInTurnAndCopiedStreamToStream(Case<T> c) throws Exception {
        List<T> records = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) records.add(filled(c.type(), seed));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (T r : records) c.serializer().serialize(r, out);
        byte[] all = out.getCopyOfBuffer();

        DataInputDeserializer in = new DataInputDeserializer(all);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        for (int i = 0; i < records.size(); i++) c.serializer().copy(in, copied);
        assertArrayEquals(all, copied.getCopyOfBuffer());

        in = new DataInputDeserializer(all);
        T reuse = c.serializer().createInstance();
        for (T r : records) {
            T back = c.serializer().deserialize(reuse, in);
            assertNotSame(reuse, back, "a record handed on may be kept, so none is reused");
            assertSameFields(r, back);
        }
        assertEquals(0, in.available());
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void copiesAreDeep(Case<T> c) throws Exception {
        T r = filled(c.type(), 11);
        T copy = c.serializer().copy(r);
        assertNotSame(r, copy);
        assertSameFields(r, copy);
        assertSameFields(r, c.serializer().copy(r, c.serializer().createInstance()));
        for (Field f : fields(c.type())) {
            if (f.getType().isArray() && f.get(r) != null) assertNotSame(f.get(r), f.get(copy), f.getName());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void serializerContracts(Case<T> c) throws Exception {
        TypeSerializer<T> s = c.serializer();
        assertFalse(s.isImmutableType());
        assertEquals(-1, s.getLength());
        assertEquals(s, s.duplicate());
        assertEquals(s.hashCode(), s.duplicate().hashCode());
        for (Case<?> other : cases()) if (other.type() != c.type()) assertNotEquals(s, other.serializer());

        TypeSerializerSnapshot<T> snapshot = s.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(snapshot.getClass(), read.getClass());
        assertEquals(s, read.restoreSerializer());
        assertTrue(s.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs());
        for (Case<?> other : cases()) {
            if (other.type() != c.type()) assertNotEquals(snapshot, other.serializer().snapshotConfiguration());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void batchTypeIsCompactAndStreamingKeepsThePojoType(Case<T> c) throws Exception {
        assertEquals(TypeInformation.of(c.type()), c.streamingType());
        assertTrue(c.streamingType() instanceof PojoTypeInfo, "streaming keeps the POJO type its savepoints hold");

        TypeInformation<T> batch = c.batchType();
        assertTrue(batch instanceof CompactType);
        assertEquals(c.type(), batch.getTypeClass());
        assertEquals(new CompactType<>(c.type(), c.serializer()), batch);
        assertEquals(new CompactType<>(c.type(), c.serializer()).hashCode(), batch.hashCode());
        assertNotEquals(c.streamingType(), batch);
        assertNotEquals(batch, c.streamingType());
        for (Case<?> other : cases()) if (other.type() != c.type()) assertNotEquals(batch, other.batchType());
        assertEquals(c.serializer(), batch.createSerializer(new SerializerConfigImpl()));
        assertFalse(batch.isKeyType());

        // The job graph carries types and serializers as Java-serialized objects.
        assertEquals(batch, javaRoundTrip(batch));
        assertEquals(c.serializer(), javaRoundTrip(c.serializer()));
        T r = filled(c.type(), 5);
        assertSameFields(r, roundTrip(javaRoundTrip(batch).createSerializer(new SerializerConfigImpl()), r));
    }

    /** The fields a key selector reads as addresses, by record type. */
    static List<String> addressFields(Class<?> type) {
        // Not Flow's: most flows are dropped by the filter before their key is used twice, and writing their
        // addresses again from bits cost the kql backfill more than it saved (docs/performance.md).
        if (type == RareLookup.class) return List.of("clientIp", "address");
        if (type == SubdomainQuery.class) return List.of("identity");
        return List.of();
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void aDottedQuadOfAKeyCrossesAsItsBitsAndComesBackKnown(Case<T> c) throws Exception {
        for (String name : addressFields(c.type())) {
            Field f = c.type().getField(name);
            T r = filled(c.type(), 2);
            if (c.type() == SubdomainQuery.class) ((SubdomainQuery) r).byAddress = true;
            f.set(r, null);
            int withNull = bytes(c.serializer(), r).length;
            for (String quad : List.of("203.0.113.7", "0.0.0.0", "255.255.255.255")) {
                f.set(r, quad);
                // A kind byte and 4 bytes of bits, where null is a kind byte and a null header.
                assertEquals(withNull + 3, bytes(c.serializer(), r).length, name + " " + quad);
                T back = roundTrip(c.serializer(), r);
                assertSameFields(r, back);
                assertEquals(IpAddress.ipv4Bits(quad), ipv4Of(back, name), name);
            }
            f.set(r, "01.2.3.4");
            assertEquals(withNull + 8, bytes(c.serializer(), r).length, "not a dotted quad: its text");
            assertEquals(-1, ipv4Of(roundTrip(c.serializer(), r), name));
        }
    }

    /** What the record's key selector reads as the bits of its address field {@code name}. */
    static long ipv4Of(Object r, String name) {
        if (r instanceof RareLookup l) return name.equals("clientIp") ? l.clientIpv4() : l.addressIpv4();
        return ((SubdomainQuery) r).identityIpv4();
    }

    @ParameterizedTest
    @MethodSource("cases")
    <T> void typicalRecordsTakeFewerBytesThanThePojoSerializer(Case<T> c) throws Exception {
        T r = typical(c.type());
        int compact = bytes(c.serializer(), r).length;
        int pojo = bytes(c.streamingType().createSerializer(new SerializerConfigImpl()), r).length;
        assertTrue(compact < pojo, c + ": " + compact + " bytes, POJO " + pojo);
    }

    static <T> T typical(Class<T> type) {
        long time = 1_763_900_000_000L;
        Object r;
        if (type == DnsLookup.class) {
            r = new DnsLookup(time, "evil.example", "10.0.0.5", new String[] {"203.0.113.7"})
                    .withEvidence("x1.evil.example", "203.0.113.7, 10.1.1.1");
        } else if (type == RareLookup.class) {
            DnsLookup l = new DnsLookup(time, "evil.example", "10.0.0.5", new String[] {"203.0.113.7"})
                    .withEvidence("x1.evil.example", "203.0.113.7");
            r = RareLookup.of(l, "203.0.113.7");
        } else if (type == SubdomainQuery.class) {
            r = new SubdomainQuery(time, "10.0.0.5", true, null, "evil.example", "mzxw6ytboi2dqnrz", 16);
        } else {
            r = new Flow(time, "10.0.0.5", "203.0.113.7", 443, 5_000_000, 1000, Flow.VM_CONNECTION);
        }
        return type.cast(r);
    }

    @Test
    void aFlowsDataTypeLabelComesBackAsTheConstantAndAnyOtherTextAsItself() throws Exception {
        for (String label : FlowSerializer.LABELS) {
            Flow f = new Flow(1, "10.0.0.1", "203.0.113.9", 53, 2, 3, label);
            assertSame(label, roundTrip(FlowSerializer.INSTANCE, f).dataType);
            assertEquals(bytes(FlowSerializer.INSTANCE, new Flow(1, "10.0.0.1", "203.0.113.9", 53, 2, 3, null)).length,
                    bytes(FlowSerializer.INSTANCE, f).length, "a label is one byte, as null is");
        }
        for (String other : new String[] {"", "Palo Alto Networks ", "palo alto networks", "Zeek2", "x".repeat(1000)}) {
            assertEquals(other, roundTrip(FlowSerializer.INSTANCE, new Flow(1, "a", "b", 1, 2, 3, other)).dataType);
        }
    }

    @Test
    void aVariableLengthIntegerBeyond64BitsIsAnError() {
        // Ten bytes of 0xff: a varint beyond 64 bits.
        byte[] bad = new byte[11];
        java.util.Arrays.fill(bad, (byte) 0xff);
        assertThrows(IOException.class, () -> RareLookupSerializer.INSTANCE.deserialize(new DataInputDeserializer(bad)));
    }

    @SuppressWarnings("unchecked")
    static <X> X javaRoundTrip(X o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (X) in.readObject();
        }
    }
}
