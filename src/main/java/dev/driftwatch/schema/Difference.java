package dev.driftwatch.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftwatch.config.Severity;

/**
 * One way the live schema differs from what is expected, on one qualified object ({@code public.sessions.expires_at}).
 * {@code parent} and {@code name} locate the object in the snapshots for the forward fix (a table key and a member
 * name, or a top-level key and null); they are not part of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Difference(DifferenceKind kind, Severity severity, String object, String expected, String actual,
                         @JsonIgnore String parent, @JsonIgnore String name) {

    public Difference(DifferenceKind kind, Severity severity, String object, String expected, String actual) {
        this(kind, severity, object, expected, actual, null, null);
    }

    public static Difference of(DifferenceKind kind, String object, String expected, String actual) {
        return new Difference(kind, kind.severity(), object, expected, actual);
    }

    /** The same difference, located at {@code parent}'s member {@code name} for the forward fix. */
    Difference at(String parent, String name) {
        return new Difference(kind, severity, object, expected, actual, parent, name);
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
