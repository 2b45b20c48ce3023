package dev.driftwatch.config;

import java.util.Set;

/**
 * Environments found at run time rather than listed: the file's {@code discover:} section. The discovery package
 * implements it; the config package only hands it the section and merges what it finds into the running config.
 */
public interface EnvironmentDiscovery {

    /**
     * Reads {@code discover:}, recording every problem on {@code discover} (never throwing). The plan it returns starts
     * only once the whole file is applied ({@link #run}); a rejected file's plan is closed.
     */
    DiscoveryPlan plan(ConfigNode discover, EnvironmentBodies bodies);

    /**
     * The environments the plan's sources list now (the last list each read, by source name), expanded and validated;
     * a name in {@code fileEnvironments} is left to the file. A target that does not expand is left out and reported
     * on its source, never failing the config.
     */
    MonitorConfig environments(DiscoveryPlan plan, Set<String> fileEnvironments);

    /** Starts the plan of the file now running (null when it has no {@code discover:}), stopping the previous one. */
    void run(DiscoveryPlan plan);

    /** The validated {@code discover:} section of one file. */
    interface DiscoveryPlan extends AutoCloseable {
        @Override
        void close();
    }
}
