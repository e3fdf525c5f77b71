package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.net.IpAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The 128-bit keys of the two keyed stages that carry most records: the domain baseline (by domain) and the
 * correlation (by client and address).
 *
 * <p>Why not the strings themselves: a backfill sorts every keyed input by key and time, and a variable-length key
 * is compared on the serialized records, byte by byte, whenever two records share its first bytes, which all records
 * of one domain do (a fifth of a backfill's CPU in a profile at 10 M events). A fixed-length key sorts as one
 * normalized key. Flink's sorter compares only the first 8 bytes of it before it reads the records, so those must
 * tell keys apart.
 *
 * <p>A hashed key must not let anyone choose a name that shares another's state: a rare domain that shared a popular
 * domain's counts would never be rare. So it is the first 128 bits of SHA-256, where finding a name with the same
 * key as a given one takes some 2^127 tries. Short domains and pairs of IPv4 addresses, the common cases, are
 * their exact bits.
 */
public final class PartitionKey {
    public static final TypeInformation<Tuple2<Long, Long>> TYPE = Types.TUPLE(Types.LONG, Types.LONG);

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private PartitionKey() {}

    /**
     * The key of a registrable domain: a name of at most 16 ASCII characters is its own bytes (most are that short,
     * and need no digest); a longer one the first 128 bits of the SHA-256 of its UTF-8 text with the top bit set,
     * which no ASCII text has, so the two kinds cannot meet.
     */
    public static Tuple2<Long, Long> ofDomain(String domain) {
        if (domain.length() <= 16) {
            long high = 0;
            long low = 0;
            boolean ascii = true;
            for (int i = 0; i < 16; i++) {
                char c = i < domain.length() ? domain.charAt(i) : 0;
                // NUL pads a short name, so a name with a NUL in it could equal a shorter one: digest those too.
                if (c >= 128 || (c == 0 && i < domain.length())) {
                    ascii = false;
                    break;
                }
                if (i < 8) high = high << 8 | c; else low = low << 8 | c;
            }
            if (ascii) return Tuple2.of(high, low);
        }
        Tuple2<Long, Long> d = digest(domain);
        d.f0 |= Long.MIN_VALUE;
        return d;
    }

    /**
     * The key of a (client, address) pair: both IPv4 addresses exactly in the first 64 bits (the second zero),
     * otherwise a digest of both texts whose second 64 bits are never zero, so the two kinds cannot meet.
     */
    public static Tuple2<Long, Long> ofPair(String client, String address) {
        long c = IpAddress.ipv4Bits(client);
        return ofPair(client, c, address, c < 0 ? -1 : IpAddress.ipv4Bits(address));
    }

    /**
     * {@link #ofPair(String, String)} of texts whose {@link IpAddress#ipv4Bits} the caller knows: {@code clientIpv4}
     * and {@code addressIpv4} (-1 for a text that is not a dotted quad).
     */
    public static Tuple2<Long, Long> ofPair(String client, long clientIpv4, String address, long addressIpv4) {
        if (clientIpv4 >= 0 && addressIpv4 >= 0) return Tuple2.of(clientIpv4 << 32 | addressIpv4, 0L);
        Tuple2<Long, Long> d = digest(client + '|' + address);
        d.f1 |= 1;
        return d;
    }

    private static Tuple2<Long, Long> digest(String text) {
        ByteBuffer sha = ByteBuffer.wrap(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
        return Tuple2.of(sha.getLong(), sha.getLong());
    }
}
