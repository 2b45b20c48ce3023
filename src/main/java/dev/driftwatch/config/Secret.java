package dev.driftwatch.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A credential from the environments file. Only {@link #reveal()} gives the value, for the outbound request;
 * everything else (toString, JSON, logs) sees the fingerprint: the first 8 hex digits of its SHA-256.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    public Secret(String value) {
        this.value = value;
        this.fingerprint = fingerprintOf(value);
    }

    public static String fingerprintOf(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String reveal() {
        return value;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(
                s.value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return fingerprint;
    }
}
