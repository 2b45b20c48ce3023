package dev.driftwatch.probe;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigNode;
import dev.driftwatch.config.GroupContext;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A check kind {@code fake} for runner tests: no config group of its own, probes as the test says. */
public final class FakeKind implements CheckGroup {
    private final Function<CheckDefinition, Probe> probes;

    public FakeKind(Function<CheckDefinition, Probe> probes) {
        this.probes = probes;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("fake");
    }

    @Override
    public Probe newProbe(CheckDefinition check) {
        return probes.apply(check);
    }

    @Override
    public String configKey() {
        return "fake";
    }

    @Override
    public List<CheckDefinition> parse(ConfigNode group, GroupContext context) {
        return List.of();
    }
}
