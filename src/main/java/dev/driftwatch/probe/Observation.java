package dev.driftwatch.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.driftwatch.config.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answer of one run of one check. */
public record Observation(String environment, String check, Outcome outcome, Severity severity, String reason,
                          Map<String, Object> details, Instant observedAt, @JsonIgnore Duration duration,
                          @JsonIgnore List<Measurement> measurements) {

    @JsonProperty("durationSeconds")
    public double durationSeconds() {
        return duration.toNanos() / 1e9;
    }
}
