package dev.dnshunter.rare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {
    @Test
    void aDomainKeyIsTheFirst128BitsOfItsSha256() {
        // sha256("example.com") = a379a6f6eeafb9a5 5e378c118034e275 1e682fab9f2d30ab13d2125586ce1947
        assertEquals(Tuple2.of(0xa379a6f6eeafb9a5L, 0x5e378c118034e275L), PartitionKey.ofDomain("example.com"));
        assertNotEquals(PartitionKey.ofDomain("example.com"), PartitionKey.ofDomain("example.net"));
    }

    @Test
    void twoIpv4AddressesAreTheirExactBitsInTheFirstHalf() {
        // Flink's sorter compares the first 8 bytes of a key before it reads whole records: they must differ.
        assertEquals(Tuple2.of(0x0A000005_CB007207L, 0L), PartitionKey.ofPair("10.0.0.5", "203.0.114.7"));
        assertNotEquals(PartitionKey.ofPair("10.0.0.5", "203.0.114.7"), PartitionKey.ofPair("203.0.114.7", "10.0.0.5"));
    }

    @Test
    void otherPairsAreDigestsThatNeverEqualAnIpv4PairKey() {
        Tuple2<Long, Long> v6 = PartitionKey.ofPair("10.0.0.5", "2606:4700::1");
        Tuple2<Long, Long> raw = PartitionKey.ofPair("not-an-address", "203.0.114.7");
        assertNotEquals(0L, (long) v6.f1);
        assertNotEquals(0L, (long) raw.f1);
        assertNotEquals(v6, raw);
        assertEquals(v6, PartitionKey.ofPair("10.0.0.5", "2606:4700::1"));
    }

    @Test
    void theKeyTypeSortsAsAFixedLengthKey() {
        // A fixed serialized length is what makes Flink's BATCH sort use a fixed-length key comparator.
        assertEquals(16, PartitionKey.TYPE.createSerializer(new SerializerConfigImpl()).getLength());
    }
}
