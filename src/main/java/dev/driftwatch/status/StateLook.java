package dev.driftwatch.status;

import dev.driftwatch.config.Severity;
import io.quarkus.qute.TemplateData;
import java.util.Locale;

/**
 * How a check state or a verdict reads on the page: a word and an icon that say it, and a CSS class whose colour only
 * repeats them. {@code rank} orders the worst first.
 */
@TemplateData
public record StateLook(String state, String label, String icon, String css, int rank) {
    static final StateLook PASS = new StateLook("pass", "Pass", "✓", "ok", 0);
    static final StateLook WARN = new StateLook("warn", "Warn", "!", "warn", 1);
    static final StateLook UNKNOWN = new StateLook("unknown", "Unknown", "?", "unknown", 2);
    static final StateLook FAIL = new StateLook("fail", "Fail", "✕", "fail", 3);

    /** A verdict: pass, warn, unknown or fail (whatever the case of the value). */
    static StateLook verdict(Object verdict) {
        return switch (String.valueOf(verdict).toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "warn" -> WARN;
            case "fail" -> FAIL;
            default -> UNKNOWN;
        };
    }

    /** A check's state in a verdict (ok, drift, unknown, stale, missing) with the severity of its observation. */
    static StateLook check(Object state, Severity severity) {
        return switch (String.valueOf(state).toLowerCase(Locale.ROOT)) {
            case "ok" -> new StateLook("ok", "OK", "✓", "ok", 0);
            case "drift" -> severity == Severity.CRITICAL
                    ? new StateLook("drift", "Drift", "✕", "fail", 5)
                    : new StateLook("drift", "Drift (" + (severity == null ? "warning" : severity.label()) + ")", "!", "warn", 3);
            case "stale" -> new StateLook("stale", "Stale", "⌛", "unknown", 4);
            case "missing" -> new StateLook("missing", "No data yet", "…", "unknown", 4);
            default -> new StateLook("unknown", "Unknown", "?", "unknown", 4);
        };
    }

    boolean ok() {
        return rank == 0;
    }
}
