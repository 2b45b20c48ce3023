package dev.driftwatch.discovery;

import dev.driftwatch.config.EnvironmentDiscovery;
import java.util.Map;

/** The sources of one environments file, by name in file order. */
record Plan(Map<String, SourcePlan> sources) implements EnvironmentDiscovery.DiscoveryPlan {

    @Override
    public void close() {
        sources.values().forEach(s -> s.source().close());
    }
}
