package dev.driftwatch.metrics;

import dev.driftwatch.probe.Series;
import dev.driftwatch.probe.Series.Type;
import java.util.List;

/** The series every check, every environment and the daemon itself have, set by {@link DriftMetrics}. */
final class DaemonSeries {
    private static final List<String> CHECK = List.of("environment", "check", "target");

    static final Series CHECK_UP = new Series("check_up", Type.GAUGE, "",
            "1 when the check's latest outcome is ok, 0 otherwise", CHECK);
    static final Series CHECK_OUTCOME = new Series("check_outcome", Type.GAUGE, "",
            "The check's latest outcome, one-hot over ok, drift and unknown",
            List.of("environment", "check", "target", "outcome"));
    static final Series CHECK_LAST_RUN = new Series("check_last_run_timestamp_seconds", Type.GAUGE, "seconds",
            "When the check last ran (Unix time)", CHECK);
    static final Series CHECK_LAST_OK = new Series("check_last_ok_timestamp_seconds", Type.GAUGE, "seconds",
            "When the check last answered ok (Unix time)", CHECK);
    static final Series CHECK_INTERVAL = new Series("check_interval_seconds", Type.GAUGE, "seconds",
            "How often the check is configured to run", CHECK);
    static final Series CHECK_DURATION = new Series("check_duration_seconds", Type.GAUGE, "seconds",
            "How long the check's latest run took", CHECK);
    static final Series VERDICT = new Series("verdict", Type.GAUGE, "",
            "The environment's verdict, one-hot over pass, warn, fail and unknown", List.of("environment", "verdict"));
    static final Series BUILD_INFO = new Series("build_info", Type.GAUGE, "",
            "Version of the running driftwatch", List.of("version"));
    static final Series CONFIG_RELOAD_SUCCESS = new Series("config_last_reload_success", Type.GAUGE, "",
            "1 when the latest attempt to load the environments file succeeded", List.of());
    static final Series CONFIG_RELOAD_SUCCESS_TIME = new Series("config_last_reload_success_timestamp_seconds", Type.GAUGE,
            "seconds", "When the environments file was last loaded successfully (Unix time)", List.of());
    static final Series HISTORY_MALFORMED_LINES = new Series("history_malformed_lines_total", Type.COUNTER, "",
            "Lines of the history file skipped at start because they were not a whole transition", List.of());
    static final Series HISTORY_WRITE_ERRORS = new Series("history_write_errors_total", Type.COUNTER, "",
            "Writes of the history file that failed (disk full, read-only); each is retried with the next transition", List.of());

    private DaemonSeries() {
    }

    /**
     * The Micrometer name: Prometheus turns the dot into an underscore, a timer gets its {@code _seconds} and a
     * counter its {@code _total}.
     */
    static String meterName(Series series) {
        String suffix = switch (series.type()) {
            case HISTOGRAM -> "_seconds";
            case COUNTER -> "_total";
            case GAUGE -> "";
        };
        return "driftwatch." + series.name().substring(0, series.name().length() - suffix.length());
    }
}
