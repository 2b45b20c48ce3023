package dev.driftwatch.platform.supabase;

/**
 * What the Supabase Management API gave: a value, or why there is none (a status, a malformed body, no answer).
 *
 * @param status the HTTP status of a failed answer, 0 when none arrived
 */
public record SupabaseAnswer<T>(T value, String failure, int status) {

    public static <T> SupabaseAnswer<T> of(T value) {
        return new SupabaseAnswer<>(value, null, 200);
    }

    public static <T> SupabaseAnswer<T> failed(String failure, int status) {
        return new SupabaseAnswer<>(null, failure, status);
    }

    public boolean ok() {
        return failure == null;
    }
}
