package dev.driftwatch.platform.vercel;

/**
 * What Vercel's API gave: a value, or why there is none. A failure is never the environment's fault by itself
 * (a rejected driftwatch token, a 429, a 5xx, a timeout): callers report it as {@code unknown}.
 *
 * @param status the HTTP status of a failed answer, 0 when none arrived
 */
public record VercelAnswer<T>(T value, String failure, int status) {

    public static <T> VercelAnswer<T> of(T value) {
        return new VercelAnswer<>(value, null, 200);
    }

    public static <T> VercelAnswer<T> failed(String failure, int status) {
        return new VercelAnswer<>(null, failure, status);
    }

    public boolean ok() {
        return failure == null;
    }

    public <U> VercelAnswer<U> mapFailure() {
        return new VercelAnswer<>(null, failure, status);
    }
}
