package dev.driftwatch.ratelimit;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The states the app falls into from its configuration alone, before any request reaches Redis: read as
 * @upstash/redis 1.36.3 reads {@code UPSTASH_REDIS_REST_URL} and {@code UPSTASH_REDIS_REST_TOKEN}.
 */
final class AppConfiguration {
    /**
     * {@code HttpClient}'s constructor (nodejs.js, pkg/http.ts): the URL, one trailing slash removed, must match this
     * or it throws {@code UrlError} ("Upstash Redis client was passed an invalid URL"). An empty URL passes (only a
     * warning), and so does an empty token.
     */
    static final Pattern SDK_URL = Pattern.compile("^https?://[^\\s#$./?].\\S*$");

    /** A state read from configuration: {@code appErrors} when the SDK throws outside the app's try/catch. */
    record State(String reason, boolean appErrors) {
    }

    private AppConfiguration() {
    }

    static Optional<State> read(RateLimitSettings settings) {
        boolean upstash = settings.transport() == RateLimitSettings.Transport.UPSTASH;
        String what = upstash ? RateLimitCheckGroup.URL_VARIABLE : "the Redis URL";
        String raw = settings.url().reveal();
        String url = raw.trim();
        if (url.isEmpty()) {
            return failOpen(what + " is missing or empty: the app's limiter calls fail and it allows every request");
        }
        if (upstash && !SDK_URL.matcher(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw).matches()) {
            return Optional.of(new State(what + " is not an http(s) URL the SDK accepts (expected https://<name>.upstash.io"
                    + (raw.equals(url) ? "" : ", and no surrounding whitespace") + "): new Redis() throws UrlError when the"
                    + " limiter is built, outside the app's try/catch, so every rate-limited route answers 500", true));
        }
        if (upstash && settings.token().reveal().isBlank()) {
            return failOpen(RateLimitCheckGroup.TOKEN_VARIABLE + " is missing or empty: the app's limiter allows every request");
        }
        for (String pattern : settings.placeholders()) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (url.toLowerCase(Locale.ROOT).contains(p)) {
                return failOpen(what + " contains the placeholder '" + pattern + "': the app's limiter allows every request");
            }
            if (settings.token().reveal().toLowerCase(Locale.ROOT).contains(p)) {
                return failOpen(RateLimitCheckGroup.TOKEN_VARIABLE + " contains the placeholder '" + pattern
                        + "': the app's limiter allows every request");
            }
        }
        try {
            if (upstash) {
                URI uri = URI.create(url);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
            } else {
                RedisURI uri = RedisURI.create(url);
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    throw new IllegalArgumentException("no host");
                }
            }
        } catch (RuntimeException e) {
            // the SDK accepts it, fetch() rejects it on every call: thrown inside limit(), caught by the app
            return failOpen(what + " is not a valid URL (" + (upstash ? "expected https://<name>.upstash.io"
                    : "expected redis://host:port or rediss://host:port") + "): the app's limiter allows every request");
        }
        return Optional.empty();
    }

    private static Optional<State> failOpen(String reason) {
        return Optional.of(new State(reason, false));
    }
}
