package dev.driftwatch.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftwatch.config.Severity;

/** One way the live schema differs from what is expected, on one qualified object ({@code public.sessions.expires_at}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Difference(DifferenceKind kind, Severity severity, String object, String expected, String actual) {

    public static Difference of(DifferenceKind kind, String object, String expected, String actual) {
        return new Difference(kind, kind.severity(), object, expected, actual);
    }

    /** One line a human can act on: {@code missing column public.auth_api_keys.revoked (expected boolean not null)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(kind.description()).append(' ').append(object);
        if (expected != null && actual != null) {
            s.append(" (expected ").append(expected).append(", actual ").append(actual).append(')');
        } else if (expected != null) {
            s.append(" (expected ").append(expected).append(')');
        } else if (actual != null) {
            s.append(" (").append(actual).append(')');
        }
        return s.toString();
    }
}
