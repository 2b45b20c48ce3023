package dev.driftwatch.api;

/** What an error status means to the caller, for errors raised outside the resources (no message of their own). */
final class StatusMessages {
    private StatusMessages() {
    }

    static String of(int status) {
        return switch (status) {
            case 400 -> "the request cannot be read: check the parameters and the body";
            case 404 -> "no such path (see /q/openapi)";
            case 405 -> "this path does not answer that method (see /q/openapi)";
            case 406 -> "this path answers application/json only";
            case 413 -> "the body is larger than " + WriteGuard.MAX_BODY / 1024 + " KB, the most a write endpoint accepts";
            case 415 -> "unsupported Content-Type: send application/json";
            case 431 -> "request headers too large";
            case 414 -> "request line too long";
            default -> status >= 500 ? "internal error: it is logged; the daemon keeps running" : "request refused";
        };
    }
}
