package dev.driftwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The validated environments file: the only form of it the rest of driftwatch ever sees. */
public record MonitorConfig(Map<String, EnvironmentConfig> environments, List<Secret> secrets) {

    public Optional<EnvironmentConfig> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    /** The environments whose names pass {@code keep}, with every secret of the file (the redactor needs them all). */
    public MonitorConfig only(Predicate<String> keep) {
        return new MonitorConfig(environments.entrySet().stream().filter(e -> keep.test(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new)), secrets);
    }

    public List<CheckDefinition> checks() {
        return environments.values().stream().flatMap(e -> e.checks().stream()).toList();
    }
}
