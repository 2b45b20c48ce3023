package dev.driftwatch.status;

/** A status page request that cannot be answered: its HTTP status and a message that says what to fix. */
final class StatusException extends RuntimeException {
    private final int status;

    StatusException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static StatusException badParameter(String name, String problem) {
        return new StatusException(400, "parameter " + name + ": " + problem);
    }

    int status() {
        return status;
    }
}
