package dev.driftwatch.config;

import java.util.List;
import java.util.Map;

/** A named deployment and the checks that watch it. */
public record EnvironmentConfig(String name, Map<String, String> labels, List<CheckDefinition> checks) {
}
