package dev.driftwatch.api;

/** An API error with its HTTP status; the message is shown to the caller as is, so it never carries a secret. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(400, "parameter " + parameter + ": " + problem);
    }
}
