package dev.driftwatch.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The limiter algorithms of @upstash/ratelimit 2.0.8 (single region), with the same key layout
 * ({@code <prefix>:<identifier>[:<window number>]}), the same KEYS/ARGV contract and the library's own script text
 * (the {@code *.lua} resources next to this class, copied byte for byte from its {@code dist/index.js}
 * {@code fixedWindowLimitScript}, {@code slidingWindowLimitScript} and {@code tokenBucketLimitScript}; MIT licence,
 * Copyright (c) 2021 Upstash, Inc.). Same text, same SHA-1: the canary's {@code EVALSHA} hits the script the app
 * already cached, and {@link #sha()} is the library's {@code SCRIPTS.singleRegion.*.limit.hash}.
 */
public enum Algorithm {
    /** Weighted count of the current and previous fixed windows. */
    SLIDING_WINDOW("sliding-window", "977fb636fb5ceb7e98a96d1b3a1272ba018efdae"),
    /** One counter per fixed window. */
    FIXED_WINDOW("fixed-window", "472e55443b62f60d0991028456c57815a387066d"),
    /** A bucket of {@code limit} tokens refilled at {@code refillRate} per window. */
    TOKEN_BUCKET("token-bucket", "b35c5bc0b7fdae7dd0573d4529911cabaf9d1d89");

    /** KEYS[n] for the library's optional dynamic-limit key; the app leaves dynamic limits off, so it is empty. */
    private static final String NO_DYNAMIC_LIMIT_KEY = "";

    private final String label;
    private final String sha;
    private final String script;

    Algorithm(String label, String sha) {
        this.label = label;
        this.sha = sha;
        try (InputStream in = Algorithm.class.getResourceAsStream(label + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing limiter script " + label + ".lua");
            }
            this.script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String label() {
        return label;
    }

    public String script() {
        return script;
    }

    /** The library's hash of {@link #script()}, which its {@code safeEval} runs with EVALSHA. */
    public String sha() {
        return sha;
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
            case SLIDING_WINDOW -> new Call(List.of(base + ":" + bucket, base + ":" + (bucket - 1), NO_DYNAMIC_LIMIT_KEY),
                    List.of(Integer.toString(limit), Long.toString(nowMillis), Long.toString(windowMillis), "1"));
            case FIXED_WINDOW -> new Call(List.of(base + ":" + bucket, NO_DYNAMIC_LIMIT_KEY),
                    List.of(Integer.toString(limit), Long.toString(windowMillis), "1"));
            case TOKEN_BUCKET -> new Call(List.of(base, NO_DYNAMIC_LIMIT_KEY),
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

    /** Keys and arguments of one script run; the canary's own keys are those that are not empty. */
    record Call(List<String> keys, List<String> args) {
        List<String> written() {
            return keys.stream().filter(k -> !k.isEmpty()).toList();
        }
    }
}
