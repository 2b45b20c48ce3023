package dev.driftwatch.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A change of a check's outcome ({@code check} set) or of an environment's verdict ({@code check} null):
 * when production started drifting, when it recovered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Transition(Instant at, String environment, String check, String from, String to, String reason) {
}
