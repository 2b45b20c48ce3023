package dev.driftwatch.probe;

import dev.driftwatch.config.Severity;
import java.util.List;
import java.util.Map;

/**
 * What a probe found. The runner adds identity, time and duration to make it an {@link Observation}.
 *
 * @param severity the severity of a drift; null lets the check's configured severity decide
 */
public record ProbeResult(Outcome outcome, Severity severity, String reason, Map<String, Object> details,
                          List<Measurement> measurements) {

    public static ProbeResult ok(String reason) {
        return new ProbeResult(Outcome.OK, null, reason, Map.of(), List.of());
    }

    public static ProbeResult drift(Severity severity, String reason) {
        return new ProbeResult(Outcome.DRIFT, severity, reason, Map.of(), List.of());
    }

    public static ProbeResult unknown(String reason) {
        return new ProbeResult(Outcome.UNKNOWN, null, reason, Map.of(), List.of());
    }

    public ProbeResult withDetails(Map<String, Object> details) {
        return new ProbeResult(outcome, severity, reason, details, measurements);
    }

    public ProbeResult withMeasurements(List<Measurement> measurements) {
        return new ProbeResult(outcome, severity, reason, details, measurements);
    }
}
