package dev.driftwatch.probe;

import java.util.Map;

/**
 * A number a probe read, exported by the metrics package as {@code driftwatch_<name>} with the labels given
 * plus {@code environment}; for example {@code schema_differences{target,kind}}.
 */
public record Measurement(String name, Map<String, String> labels, double value) {
}
