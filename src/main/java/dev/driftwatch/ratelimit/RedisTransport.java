package dev.driftwatch.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One way of talking to the limiter's Redis: the Redis protocol or Upstash's REST API. Same calls, same failures. */
interface RedisTransport extends AutoCloseable {

    /** Runs a loaded script; a {@code NOSCRIPT} reply comes back as a REPLY failure starting with NOSCRIPT. */
    List<?> evalsha(String sha, List<String> keys, List<String> args, Duration timeout) throws RedisFailure;

    /** Loads a script and returns its SHA-1. */
    String scriptLoad(String script, Duration timeout) throws RedisFailure;

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
