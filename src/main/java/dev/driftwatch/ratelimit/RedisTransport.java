package dev.driftwatch.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One way of talking to the limiter's Redis: the Redis protocol or Upstash's REST API. Same calls, same failures. */
interface RedisTransport extends AutoCloseable {

    /** Runs a loaded script; a {@code NOSCRIPT} reply comes back as a REPLY failure starting with NOSCRIPT. */
    List<?> evalsha(String sha, List<String> keys, List<String> args, Duration timeout) throws RedisFailure;

    /** Runs a script by its text ({@code EVAL}), as @upstash/ratelimit's {@code safeEval} does after NOSCRIPT. */
    List<?> eval(String script, List<String> keys, List<String> args, Duration timeout) throws RedisFailure;

    /**
     * Proves that a client connecting now, as the app's next instance would, is let in: a kept connection stays
     * authenticated after a password change. Answers how long the new connection took until its first answer, or
     * empty where every request carries its credentials and there is no connection to open (REST).
     */
    default Optional<Duration> verifyNewClient(Duration timeout) throws RedisFailure {
        return Optional.empty();
    }

    /**
     * The housekeeping reads of one run, batched where the transport allows: {@code maxmemory-policy},
     * {@code maxmemory} and {@code used_memory} (absent where the service does not expose them), and the deletion
     * of the canary's own keys.
     */
    Map<String, String> inspectAndDelete(List<String> canaryKeys, Duration timeout) throws RedisFailure;

    /** Host and port for reasons and details, without credentials. */
    String display();

    @Override
    void close();
}
