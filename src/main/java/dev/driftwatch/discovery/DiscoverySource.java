package dev.driftwatch.discovery;

import java.time.Duration;
import java.util.List;

/** One configured source ({@code discover.<name>}), read on its own interval. */
public interface DiscoverySource extends AutoCloseable {

    /** How often the source is read (its entry's {@code interval}, default 30 s). */
    Duration interval();

    /** The credentials the entry holds (an API token), scrubbed from every output like the file's other secrets. */
    default java.util.List<dev.driftwatch.config.Secret> secrets() {
        return java.util.List.of();
    }

    /**
     * Everything the source lists now, following pagination, within {@code timeout} in all. DiscoveryService calls it
     * on a discovery thread (never the scheduler's), never twice at once for one source, with the interval bounded to
     * 5 to 10 s as the timeout; the message of a DiscoveryException is shown in GET /api/v1/discovery and logged.
     *
     * @throws DiscoveryException when the list cannot be read whole (a status, a timeout, a malformed body): the
     *                            caller keeps the last list, so a partial list must never be returned
     */
    List<DiscoveredTarget> discover(Duration timeout) throws DiscoveryException, InterruptedException;

    @Override
    default void close() {
    }
}
