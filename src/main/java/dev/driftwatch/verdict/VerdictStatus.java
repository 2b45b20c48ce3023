package dev.driftwatch.verdict;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code pass}: all ok. {@code warn}: only warning/info drift, or unknown outcomes of optional or non-critical checks.
 * {@code fail}: critical drift. {@code unknown}: a check has no fresh observation, or a critical check that is not
 * optional cannot see.
 */
public enum VerdictStatus {
    PASS, WARN, FAIL, UNKNOWN;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
