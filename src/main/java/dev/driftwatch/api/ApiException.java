package dev.driftwatch.api;

import dev.driftwatch.probe.EnvironmentEndpoint;
import java.util.Map;

/**
 * An API error with its HTTP status; the message is shown to the caller as is, so it never carries a secret. It is a
 * {@link EnvironmentEndpoint.Refusal}, the same answer a check kind's endpoint gives, so one mapper serves both.
 */
public class ApiException extends EnvironmentEndpoint.Refusal {

    public ApiException(int status, String message) {
        super(status, message);
    }

    /** An error whose response also carries these headers ({@code Retry-After}, {@code WWW-Authenticate}). */
    public ApiException(int status, String message, Map<String, String> headers) {
        super(status, message, headers);
    }

    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(400, "parameter " + parameter + ": " + problem);
    }
}
