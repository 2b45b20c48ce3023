package dev.driftwatch.provider;

import java.time.Duration;

/**
 * The raw result of one request to a provider: a response (status, body, Retry-After) or, when none arrived,
 * a description of the transport failure that names no URL and quotes no exception message.
 */
record HttpOutcome(int status, String body, Duration retryAfter, String failure) {

    static HttpOutcome response(int status, String body, Duration retryAfter) {
        return new HttpOutcome(status, body == null ? "" : body, retryAfter, null);
    }

    static HttpOutcome failed(String failure) {
        return new HttpOutcome(0, "", null, failure);
    }

    boolean failed() {
        return failure != null;
    }
}
