package dev.driftwatch.provider;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One provider key of one environment: which API, where, the key itself, and what the environment expects of it.
 *
 * @param name              the entry's name under {@code providers:}; the check's target and the metrics' {@code provider} label
 * @param expectFingerprint the fingerprint the key must have ({@code sha256:xxxxxxxx}), or null
 * @param distinctFrom      the keys of other environments this key must differ from, resolved when the file was read
 * @param minInterval       the shortest time between two requests to the provider for this key
 */
public record ProviderSettings(String name, ProviderType type, URI baseUrl, Secret key, String expectFingerprint,
                               List<PeerKey> distinctFrom, Duration minInterval) implements HasSecrets {

    /** A key another environment uses, known only by its fingerprint. */
    public record PeerKey(String environment, String provider, String fingerprint) {
    }

    KeyTarget target() {
        return new KeyTarget(type, baseUrl, key);
    }

    @Override
    public List<Secret> secrets() {
        return List.of(key);
    }
}
