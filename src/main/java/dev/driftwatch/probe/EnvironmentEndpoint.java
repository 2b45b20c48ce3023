package dev.driftwatch.probe;

import dev.driftwatch.config.EnvironmentConfig;
import java.util.Map;

/**
 * What a check kind answers over HTTP about one environment (the live schema, the release markers). The {@code api}
 * package owns the URL {@code /api/v1/environments/{env}/<path>} and its documentation, looks the environment up
 * (404, 503), verifies the bearer token before a {@link #post} and turns a {@link Refusal} into a JSON error; the kind
 * provides one CDI bean per path and never imports {@code api}.
 */
public interface EnvironmentEndpoint {

    /** The path below the environment, for example {@code schema} or {@code releases}. */
    String path();

    /** Answers {@code GET}; a JSON body is serialized (a String is sent as is). */
    Answer get(EnvironmentConfig environment);

    /** Answers {@code POST} with the request body; called only after the caller's token was verified. */
    default Answer post(EnvironmentConfig environment, String body) {
        throw new Refusal(405, "POST is not supported here");
    }

    /** A response: its status, body and media type. */
    record Answer(int status, Object body, String mediaType) {
        public static final String JSON = "application/json";

        public Answer(int status, Object body) {
            this(status, body, JSON);
        }

        public static Answer ok(Object body) {
            return new Answer(200, body);
        }

        /** A plain-text body ({@code text/plain; charset=UTF-8}). */
        public static Answer text(String body) {
            return new Answer(200, body, "text/plain;charset=UTF-8");
        }
    }

    /** The request cannot be answered; the message is shown to the caller as is, so it never carries a secret. */
    class Refusal extends RuntimeException {
        private final int status;
        private final Map<String, String> headers;

        public Refusal(int status, String message) {
            this(status, message, Map.of());
        }

        /** A refusal whose response also carries these headers ({@code Retry-After}). */
        public Refusal(int status, String message, Map<String, String> headers) {
            super(message, null, false, false);
            this.status = status;
            this.headers = Map.copyOf(headers);
        }

        public int status() {
            return status;
        }

        public Map<String, String> headers() {
            return headers;
        }
    }
}
