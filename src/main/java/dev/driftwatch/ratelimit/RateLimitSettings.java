package dev.driftwatch.ratelimit;

import dev.driftwatch.config.HasSecrets;
import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.vercel.VercelConnection;
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
 * @param fromVercel     for {@code upstash: {fromVercel: true}}: where each run reads UPSTASH_REDIS_REST_URL and
 *                       UPSTASH_REDIS_REST_TOKEN (url and token are then empty here); null when they are configured
 */
public record RateLimitSettings(Transport transport, Secret url, Secret token, Path caCertificate, String prefix,
                                Algorithm algorithm, int limit, Duration window, int refillRate, Duration limiterTimeout,
                                List<String> placeholders, int canaryLimit, VercelConnection fromVercel) implements HasSecrets {

    public RateLimitSettings(Transport transport, Secret url, Secret token, Path caCertificate, String prefix,
                             Algorithm algorithm, int limit, Duration window, int refillRate, Duration limiterTimeout,
                             List<String> placeholders, int canaryLimit) {
        this(transport, url, token, caCertificate, prefix, algorithm, limit, window, refillRate, limiterTimeout,
                placeholders, canaryLimit, null);
    }

    /** These settings with the URL and token the app reads (from Vercel), for one run. */
    RateLimitSettings withCredentials(Secret url, Secret token) {
        return new RateLimitSettings(transport, url, token, caCertificate, prefix, algorithm, limit, window, refillRate,
                limiterTimeout, placeholders, canaryLimit, fromVercel);
    }

    /** The check's own time budget, so that a limiter that is slow but within its timeout is never cut short. */
    public Budget budget() {
        // Redis protocol: a new client's handshake (a limiter timeout per round trip) and PING, then the inspection;
        // REST: the inspection only (one /pipeline request).
        int housekeeping = transport == Transport.REDIS ? LettuceTransport.HANDSHAKE_ROUND_TRIPS + 2 : 1;
        return new Budget(canaryLimit + 1, limiterTimeout, limiterTimeout.multipliedBy(housekeeping), Budget.MARGIN);
    }

    /**
     * {@code limiterCalls} sequential limiter calls of up to {@code perCall} each (the library races each
     * {@code limit()} against its timeout on its own), then housekeeping: over the Redis protocol a new client's
     * handshake and PING, and the inspection with the canary's deletion, each round trip bounded by the limiter
     * timeout; plus a margin for driftwatch itself.
     */
    public record Budget(int limiterCalls, Duration perCall, Duration housekeeping, Duration margin) {
        static final Duration MARGIN = Duration.ofSeconds(1);

        public Duration total() {
            return perCall.multipliedBy(limiterCalls).plus(housekeeping).plus(margin);
        }
    }

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
        return fromVercel == null ? List.of(url, token) : List.of(url, token, fromVercel.project().token());
    }
}
