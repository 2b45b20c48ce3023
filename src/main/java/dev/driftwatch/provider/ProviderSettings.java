package dev.driftwatch.provider;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.vercel.VercelConnection;
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
 * @param keyFromVercel     the variable of the environment's Vercel project that holds the key
 *                          ({@code keyFromVercel: OPENAI_API_KEY}), read at each run; null when {@code key} is configured
 * @param vercel            where {@code keyFromVercel} is read; null when {@code key} is configured
 */
public record ProviderSettings(String name, ProviderType type, URI baseUrl, Secret key, String expectFingerprint,
                               List<PeerKey> distinctFrom, Duration minInterval, String keyFromVercel,
                               VercelConnection vercel) implements HasSecrets {

    /** These settings with the key the deployed app reads, for one run. */
    ProviderSettings withKey(Secret key) {
        return new ProviderSettings(name, type, baseUrl, key, expectFingerprint, distinctFrom, minInterval, keyFromVercel, vercel);
    }

    /** A key another environment uses, known only by its fingerprint. */
    public record PeerKey(String environment, String provider, String fingerprint) {
    }

    ProviderKey providerKey() {
        return new ProviderKey(type, baseUrl, key);
    }

    @Override
    public List<Secret> secrets() {
        return vercel == null ? List.of(key) : List.of(key, vercel.project().token());
    }
}
