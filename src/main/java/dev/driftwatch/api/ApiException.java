package dev.driftwatch.api;

import java.util.Map;

/** An API error with its HTTP status; the message is shown to the caller as is, so it never carries a secret. */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    /** An error whose response also carries these headers ({@code Retry-After}, {@code WWW-Authenticate}). */
    public ApiException(int status, String message, Map<String, String> headers) {
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

    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(400, "parameter " + parameter + ": " + problem);
    }
}
