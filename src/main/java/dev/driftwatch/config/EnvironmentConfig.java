package dev.driftwatch.config;

import java.util.List;
import java.util.Map;

/**
 * A named deployment and the checks that watch it.
 *
 * @param discoveredBy the {@code discover:} source that found it, null for an environment the file lists
 */
public record EnvironmentConfig(String name, Map<String, String> labels, List<CheckDefinition> checks, String discoveredBy) {

    /** An environment the file lists. */
    public EnvironmentConfig(String name, Map<String, String> labels, List<CheckDefinition> checks) {
        this(name, labels, checks, null);
    }
}
