package dev.driftwatch.discovery;

import dev.driftwatch.probe.Series;
import dev.driftwatch.probe.Series.Type;
import java.util.List;

/** The series of each {@code discover:} source, set by the metrics package from {@link DiscoveryService#statuses()}. */
public final class DiscoverySeries {
    private static final List<String> SOURCE = List.of("source");

    public static final Series UP = new Series("discovery_up", Type.GAUGE, "",
            "1 when the source's latest read succeeded, 0 when it failed (its last list is kept) or it was not read yet", SOURCE);
    public static final Series ENVIRONMENTS = new Series("discovered_environments", Type.GAUGE, "",
            "Environments the source adds to the running config, vanished ones within their grace included", SOURCE);
    public static final Series LAST_SUCCESS = new Series("discovery_last_success_timestamp_seconds", Type.GAUGE, "seconds",
            "When the source was last read successfully (Unix time), 0 before the first success", SOURCE);

    private DiscoverySeries() {
    }
}
