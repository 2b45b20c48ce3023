package dev.driftwatch.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the app's limiter on a canary identifier of its own under the app's prefix: {@code limit} requests must pass
 * with the count advancing, and one more must be blocked. Every call is timed against the limiter's timeout; the
 * canary's keys expire within seconds and are deleted at the end. No other key is touched.
 */
final class LimiterCanary {
    /** The canary's window: short, so its keys expire within seconds even if the deletion never comes. */
    static final long WINDOW_MILLIS = 2000;

    private final RedisTransport transport;
    private final Algorithm algorithm;

    /** What the canary saw: round trips of every limiter call, which calls passed, and the keys it wrote. */
    record Run(List<Duration> roundTrips, List<Boolean> allowed, boolean advancing, List<String> keys) {
        Duration median() {
            List<Duration> sorted = roundTrips.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        boolean blocksPastLimit(int limit) {
            for (int i = 0; i < limit; i++) {
                if (!allowed.get(i)) {
                    return false;
                }
            }
            return !allowed.get(limit);
        }
    }

    LimiterCanary(RedisTransport transport, Algorithm algorithm) {
        this.transport = transport;
        this.algorithm = algorithm;
    }

    Run run(String prefix, int limit, Duration limiterTimeout) throws RedisFailure {
        String identifier = "driftwatch-canary:" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        // One timestamp for the whole run, as if every request arrived at once: no window boundary can split it.
        long now = System.currentTimeMillis();
        List<Duration> trips = new ArrayList<>();
        List<Boolean> allowed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        boolean advancing = true;
        for (int i = 0; i <= limit; i++) {
            Algorithm.Call call = algorithm.call(prefix, identifier, now, limit, WINDOW_MILLIS, limit);
            call.written().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
            long start = System.nanoTime();
            List<?> reply = limit(call, start, limiterTimeout);
            Duration trip = Duration.ofNanos(System.nanoTime() - start);
            if (trip.compareTo(limiterTimeout) > 0) {
                // the library's timeout promise resolved first: {success: true, reason: "timeout"}
                throw new RedisFailure(RedisFailure.Kind.TIMEOUT, "answered after " + trip.toMillis() + "ms");
            }
            trips.add(trip);
            if (reply.isEmpty() || !(reply.get(0) instanceof Number)) {
                throw new RedisFailure(RedisFailure.Kind.PROTOCOL, "the limiter script answered " + reply);
            }
            boolean pass = algorithm.allowed(reply);
            allowed.add(pass);
            if (pass) {
                long used = used(reply);
                advancing &= used > previous;
                previous = used;
            }
        }
        return new Run(trips, allowed, advancing, keys);
    }

    /** Tokens used so far, read from the reply the way each script reports it. */
    private long used(List<?> reply) {
        long first = ((Number) reply.get(0)).longValue();
        return algorithm == Algorithm.FIXED_WINDOW ? first : -first;
    }

    /**
     * One {@code limit()} call of the library: {@code safeEval} runs EVALSHA with the library's hash and, on an error
     * naming NOSCRIPT, EVAL with the script text. The whole call races the limiter timeout, as the library's
     * {@code applyTimeout} does: whatever is left of it after EVALSHA is EVAL's time.
     */
    private List<?> limit(Algorithm.Call call, long startNanos, Duration limiterTimeout) throws RedisFailure {
        try {
            return transport.evalsha(algorithm.sha(), call.keys(), call.args(), limiterTimeout);
        } catch (RedisFailure e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            Duration left = limiterTimeout.minusNanos(System.nanoTime() - startNanos);
            if (left.isNegative() || left.isZero()) {
                throw new RedisFailure(RedisFailure.Kind.TIMEOUT, "EVALSHA answered NOSCRIPT after the limiter timeout");
            }
            return transport.eval(algorithm.script(), call.keys(), call.args(), left);
        }
    }
}
