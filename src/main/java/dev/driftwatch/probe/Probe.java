package dev.driftwatch.probe;

import java.time.Duration;

/**
 * Answers one check. The runner owns scheduling, the timeout, timing and turning exceptions into
 * {@code unknown}; a probe only probes. It may throw: the runner reports the exception as {@code unknown}.
 */
public interface Probe extends AutoCloseable {

    /**
     * Runs the check once. {@code timeout} is the check's budget: a probe passes it on to the timeouts of its own I/O
     * so that it returns a precise reason before the runner gives up on it.
     */
    ProbeResult probe(Duration timeout) throws Exception;

    /**
     * The part of a check's timeout a probe gives its own I/O (80%, at least 100ms), so that a slow answer ends with a
     * precise reason before the runner gives up on the check.
     */
    static Duration ioBudget(Duration checkTimeout) {
        return Duration.ofMillis(Math.max(100, checkTimeout.toMillis() * 4 / 5));
    }

    /**
     * What the probe connects to ({@code host:port}), or null when it connects to nothing of its own. Checks with the
     * same destination share a bounded number of workers, so a hung server delays only the checks that reach it.
     */
    default String destination() {
        return null;
    }

    /** {@code host:port} of a URI, its scheme's default port when it names none; null for a URI without a host. */
    static String destination(java.net.URI uri) {
        if (uri == null || uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : switch (scheme) {
            case "https" -> 443;
            case "redis", "rediss" -> 6379;
            case "postgresql", "postgres" -> 5432;
            default -> 80;
        };
        return uri.getHost() + ":" + port;
    }

    /** Releases what the probe holds (connections); called when its check is removed or replaced. */
    @Override
    default void close() {
    }
}
