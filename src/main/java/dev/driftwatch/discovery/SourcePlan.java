package dev.driftwatch.discovery;

import dev.driftwatch.config.EnvironmentBodies;
import java.time.Duration;

/**
 * One validated {@code discover.<name>} entry.
 *
 * @param type  the keys that chose its type, joined by '+' ({@code http}, {@code file}, {@code supabase+vercel})
 * @param grace how long an environment whose target vanished is kept
 * @param max   the most environments the source may add
 */
record SourcePlan(String name, String type, DiscoverySource source, Duration grace, int max,
                  EnvironmentBodies.Template template, EnvironmentBodies bodies) {
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    static final int DEFAULT_MAX = 50;
    /** The longest a read may take, whatever the interval. */
    static final Duration MAX_READ = Duration.ofSeconds(10);
    /** The least time a read gets: a short interval must not make a slow (cold, loaded) source fail. */
    static final Duration MIN_READ = Duration.ofSeconds(5);

    /** The read's time budget: the interval, within 5 to 10 seconds (reads of one source never overlap). */
    Duration readTimeout() {
        Duration interval = source.interval();
        return interval.compareTo(MAX_READ) > 0 ? MAX_READ : interval.compareTo(MIN_READ) < 0 ? MIN_READ : interval;
    }
}
