package dev.driftwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated environments file: the only form of it the rest of driftwatch ever sees. */
public record MonitorConfig(Map<String, EnvironmentConfig> environments, List<Secret> secrets) {

    public Optional<EnvironmentConfig> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    public List<CheckDefinition> checks() {
        return environments.values().stream().flatMap(e -> e.checks().stream()).toList();
    }
}
