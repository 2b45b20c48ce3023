package dev.driftwatch.ratelimit;

import java.util.List;

/**
 * The limiter algorithms of @upstash/ratelimit (v2, single region), with the same key layout
 * ({@code <prefix>:<identifier>[:<window number>]}) and the same KEYS/ARGV contract as its scripts. The script
 * text is driftwatch's own, so it is loaded under its own SHA rather than sharing the app's script cache entry.
 */
public enum Algorithm {
    /** Weighted count of the current and previous fixed windows. */
    SLIDING_WINDOW("sliding-window", """
            local limit = tonumber(ARGV[1])
            local now = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local increment = tonumber(ARGV[4])
            local inCurrent = tonumber(redis.call("GET", KEYS[1]) or "0")
            local inPrevious = tonumber(redis.call("GET", KEYS[2]) or "0")
            local weighted = math.floor((1 - (now % window) / window) * inPrevious)
            if increment > 0 and weighted + inCurrent >= limit then
              return {-1, limit}
            end
            local updated = redis.call("INCRBY", KEYS[1], increment)
            if updated == increment then
              redis.call("PEXPIRE", KEYS[1], window * 2 + 1000)
            end
            return {limit - (updated + weighted), limit}
            """),
    /** One counter per fixed window. */
    FIXED_WINDOW("fixed-window", """
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local increment = tonumber(ARGV[3])
            local count = redis.call("INCRBY", KEYS[1], increment)
            if count == increment then
              redis.call("PEXPIRE", KEYS[1], window)
            end
            return {count, limit}
            """),
    /** A bucket of {@code limit} tokens refilled at {@code refillRate} per window. */
    TOKEN_BUCKET("token-bucket", """
            local maxTokens = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local refillRate = tonumber(ARGV[3])
            local now = tonumber(ARGV[4])
            local increment = tonumber(ARGV[5])
            local bucket = redis.call("HMGET", KEYS[1], "refilledAt", "tokens")
            local refilledAt = now
            local tokens = maxTokens
            if bucket[1] then
              refilledAt = tonumber(bucket[1])
              tokens = tonumber(bucket[2])
            end
            if now >= refilledAt + interval then
              local refills = math.floor((now - refilledAt) / interval)
              tokens = math.min(maxTokens, tokens + refills * refillRate)
              refilledAt = refilledAt + refills * interval
            end
            if tokens == 0 and increment > 0 then
              return {-1, refilledAt + interval, maxTokens}
            end
            local remaining = tokens - increment
            redis.call("HSET", KEYS[1], "refilledAt", refilledAt, "tokens", remaining)
            local expireAt = math.ceil((maxTokens - remaining) / refillRate) * interval
            if expireAt > 0 then
              redis.call("PEXPIRE", KEYS[1], expireAt)
            end
            return {remaining, refilledAt + interval, maxTokens}
            """);

    private final String label;
    private final String script;

    Algorithm(String label, String script) {
        this.label = label;
        this.script = script;
    }

    public String label() {
        return label;
    }

    public String script() {
        return script;
    }

    public static Algorithm parse(String text) {
        for (Algorithm a : values()) {
            if (a.label.equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("must be one of sliding-window, fixed-window, token-bucket");
    }

    /** One limiter call for {@code identifier} at {@code nowMillis}: the keys and arguments the script takes. */
    Call call(String prefix, String identifier, long nowMillis, int limit, long windowMillis, int refillRate) {
        String base = prefix + ":" + identifier;
        long bucket = nowMillis / windowMillis;
        return switch (this) {
            case SLIDING_WINDOW -> new Call(List.of(base + ":" + bucket, base + ":" + (bucket - 1)),
                    List.of(Integer.toString(limit), Long.toString(nowMillis), Long.toString(windowMillis), "1"));
            case FIXED_WINDOW -> new Call(List.of(base + ":" + bucket),
                    List.of(Integer.toString(limit), Long.toString(windowMillis), "1"));
            case TOKEN_BUCKET -> new Call(List.of(base),
                    List.of(Integer.toString(limit), Long.toString(windowMillis), Integer.toString(refillRate), Long.toString(nowMillis), "1"));
        };
    }

    /** Whether the script's reply lets the request through, as the library reads it. */
    boolean allowed(List<?> reply) {
        long first = ((Number) reply.get(0)).longValue();
        return switch (this) {
            case SLIDING_WINDOW, TOKEN_BUCKET -> first >= 0;
            case FIXED_WINDOW -> first <= ((Number) reply.get(1)).longValue();
        };
    }

    /** Keys and arguments of one script run. */
    record Call(List<String> keys, List<String> args) {
    }
}
