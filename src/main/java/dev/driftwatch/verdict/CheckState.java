package dev.driftwatch.verdict;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftwatch.config.Severity;
import java.time.Instant;

/**
 * How one check counted in a verdict: its latest outcome, or {@code stale}/{@code missing} when it had no
 * observation young enough.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckState(String check, String state, Severity severity, String reason, Instant observedAt) {
}
