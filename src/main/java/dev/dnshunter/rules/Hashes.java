package dev.dnshunter.rules;

/** Hash arithmetic the rules share. Pure Java. */
public final class Hashes {
    private Hashes() {}

    /**
     * The finaliser of MurmurHash3's 64-bit hash: every input bit flips about half the output bits. Not keyed: where
     * an attacker could choose inputs that collide, a collision must cost only performance (a Bloom filter's false
     * positive), or the input must be hashed with a cryptographic digest instead.
     */
    public static long murmur3Finaliser(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
