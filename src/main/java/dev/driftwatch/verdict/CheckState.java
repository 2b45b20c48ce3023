package dev.driftwatch.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Outcome;
import java.time.Instant;
import java.util.Locale;

/**
 * How one check counted in a verdict: its latest outcome, or {@code stale}/{@code missing} when it had no
 * observation young enough.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckState(String check, State state, Severity severity, String reason, Instant observedAt) {

    /** The latest outcome of a check, or why none counts; serialized in lower case. */
    public enum State {
        OK, DRIFT, UNKNOWN,
        /** The latest observation is older than the max age, or not newer than {@code since}. */
        STALE,
        /** The check has not answered yet. */
        MISSING;

        public static State of(Outcome outcome) {
            return switch (outcome) {
                case OK -> OK;
                case DRIFT -> DRIFT;
                case UNKNOWN -> UNKNOWN;
            };
        }

        /** True when no observation young enough counts for the check. */
        public boolean unverified() {
            return this == STALE || this == MISSING;
        }

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
