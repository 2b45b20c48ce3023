package dev.driftwatch.ratelimit;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A rate-limit check: how the app reaches its limiter's Redis, and the limiter it runs there.
 *
 * @param url            for {@code redis}: the Redis URL (it may carry the password, so it is a secret);
 *                       for {@code upstash}: the REST URL. Empty when the app has none (a fail-open state).
 * @param token          the Upstash REST token; empty for {@code redis}
 * @param limiterTimeout the app limiter's own timeout: slower answers make it let requests through
 */
public record RateLimitSettings(Transport transport, Secret url, Secret token, Path caCertificate, String prefix,
                                Algorithm algorithm, int limit, Duration window, int refillRate, Duration limiterTimeout,
                                List<String> placeholders, int canaryLimit) implements HasSecrets {

    /** The protocol the app uses to reach Redis. */
    public enum Transport {
        REDIS("redis"), UPSTASH("upstash");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Override
    public List<Secret> secrets() {
        return List.of(url, token);
    }
}
