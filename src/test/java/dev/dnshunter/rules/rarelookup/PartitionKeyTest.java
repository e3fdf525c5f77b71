package dev.dnshunter.rules.rarelookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {
    @Test
    void aShortAsciiDomainIsItsOwnBytes() {
        assertEquals(Tuple2.of(0x6578616d706c652eL, 0x636f6d0000000000L), PartitionKey.ofDomain("example.com"));
        assertEquals(Tuple2.of(0x6162636465666768L, 0x696a6b6c6d6e6f70L), PartitionKey.ofDomain("abcdefghijklmnop"));
        assertNotEquals(PartitionKey.ofDomain("example.com"), PartitionKey.ofDomain("example.net"));
    }

    @Test
    void aLongerDomainIsTheFirst128BitsOfItsSha256WithTheTopBitSet() {
        String domain = "a-longer-domain.example";
        byte[] sha = sha256(domain);
        long high = java.nio.ByteBuffer.wrap(sha).getLong(0) | Long.MIN_VALUE;
        long low = java.nio.ByteBuffer.wrap(sha).getLong(8);
        assertEquals(Tuple2.of(high, low), PartitionKey.ofDomain(domain));
        // With the top bit set, a digest can never be the bytes of a short ASCII name.
        assertEquals(true, PartitionKey.ofDomain("abcdefghijklmnopq").f0 < 0);
        assertEquals(true, PartitionKey.ofDomain("bücher.de").f0 < 0, "non-ASCII names are digested");
        assertEquals(true, PartitionKey.ofDomain("a\0").f0 < 0, "so are names with a NUL, which pads short names");
    }

    static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
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
