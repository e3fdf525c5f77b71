package dev.dnshunter.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable alert identifiers: the same key always gives the same id, in every run and every JVM, so a consumer
 * (or a compacted Kafka topic) can de-duplicate alerts that a restarted job writes again.
 */
public final class AlertIds {
    private AlertIds() {}

    /** First 128 bits of SHA-256 over the key parts joined by a unit separator, as 32 hex digits. */
    public static String of(String... keyParts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        for (int i = 0; i < keyParts.length; i++) {
            if (i > 0) sha.update((byte) 0x1f);
            sha.update(String.valueOf(keyParts[i]).getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = sha.digest();
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < 16; i++) {
            hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
        }
        return hex.toString();
    }
}
