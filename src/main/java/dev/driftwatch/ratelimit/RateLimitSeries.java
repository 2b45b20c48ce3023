package dev.driftwatch.ratelimit;

import dev.driftwatch.probe.Series;

/** The series the ratelimit check sets. */
final class RateLimitSeries {
    static final Series FAIL_OPEN = Series.gauge("ratelimit_fail_open", "",
            "1 when the app's limiter would fail open, 0 when it limits, NaN when the check could not tell", "target");
    static final Series APP_ERRORS = Series.gauge("ratelimit_app_errors", "",
            "1 when the app's limiter throws outside its try/catch so rate-limited routes answer 500, 0 otherwise, NaN when the check could not tell",
            "target");
    static final Series ROUND_TRIP = Series.gauge("redis_round_trip_seconds", "seconds",
            "Median limiter round trip of the last run (NaN when none)", "target");
    static final Series LIMITER_TIMEOUT = Series.gauge("ratelimit_limiter_timeout_seconds", "seconds",
            "The configured limiter timeout, to plot the round trip against", "target");
    static final Series REDIS_UP = Series.gauge("redis_up", "",
            "1 when the last run reached Redis and got answers", "target");

    private RateLimitSeries() {
    }
}
