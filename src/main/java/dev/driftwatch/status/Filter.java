package dev.driftwatch.status;

import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which environments the grid shows. {@code q}: part of the name, a label value, or {@code key=value} for one label;
 * {@code state}: {@code all}, {@code problems} (not pass), or one verdict.
 */
@TemplateData
public record Filter(String q, String state) {
    static final List<String> STATES = List.of("all", "problems", "fail", "unknown", "warn", "pass");
    private static final int MAX_QUERY = 200;

    /** The filter of the query parameters; a bad one is a {@link StatusException} naming it. */
    static Filter of(String q, String state) {
        String query = q == null ? "" : q.strip();
        if (query.length() > MAX_QUERY) {
            throw StatusException.badParameter("q", "is longer than " + MAX_QUERY + " characters");
        }
        String s = state == null || state.isBlank() ? "all" : state.strip().toLowerCase(Locale.ROOT);
        if (!STATES.contains(s)) {
            throw StatusException.badParameter("state", "must be one of " + String.join(", ", STATES));
        }
        return new Filter(query, s);
    }

    boolean active() {
        return !q.isEmpty() || !state.equals("all");
    }

    boolean matches(String name, Map<String, String> labels, StateLook verdict) {
        boolean stateOk = switch (state) {
            case "all" -> true;
            case "problems" -> !verdict.ok();
            default -> verdict.state().equals(state);
        };
        if (!stateOk || q.isEmpty()) {
            return stateOk;
        }
        String needle = q.toLowerCase(Locale.ROOT);
        int eq = needle.indexOf('=');
        if (eq > 0) {
            String key = needle.substring(0, eq).strip();
            String value = needle.substring(eq + 1).strip();
            return labels.entrySet().stream().anyMatch(l -> l.getKey().toLowerCase(Locale.ROOT).equals(key)
                    && l.getValue().toLowerCase(Locale.ROOT).equals(value));
        }
        return name.toLowerCase(Locale.ROOT).contains(needle)
                || labels.values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(needle));
    }
}
