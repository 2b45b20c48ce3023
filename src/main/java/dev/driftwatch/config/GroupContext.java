package dev.driftwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** What a group parser may know beyond its own group. */
public interface GroupContext {

    String environment();

    /** The directory of the environments file; relative paths in it resolve against this. */
    Path baseDir();

    Duration defaultInterval();

    Duration defaultTimeout();

    Set<String> environmentNames();

    /**
     * The same group of another environment, for checks that compare against a peer ({@code reference: staging}).
     * Problems found while reading it are not reported here: that environment reports its own.
     */
    Optional<ConfigNode> peerGroup(String environment);

    /**
     * Another group of the same environment (a ratelimit group reading the connection of its {@code vercel} group).
     * Problems found while reading it are not reported here: that group reports its own.
     */
    default Optional<ConfigNode> sibling(String configKey) {
        return Optional.empty();
    }

    /** Reads the check-level overrides every group accepts: {@code interval}, {@code timeout}, {@code severity}. */
    default CheckDefinition define(ConfigNode group, String kind, String target, Severity defaultSeverity, Object settings) {
        boolean override = group.has("severity");
        return new CheckDefinition(environment(), kind, target,
                group.duration("interval", defaultInterval()),
                group.duration("timeout", defaultTimeout()),
                group.severity("severity", defaultSeverity), override, settings);
    }
}
