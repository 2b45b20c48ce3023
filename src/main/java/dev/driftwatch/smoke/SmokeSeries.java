package dev.driftwatch.smoke;

import dev.driftwatch.probe.Series;

/** The series a smoke check sets; {@code target} is the smoke check's name. */
final class SmokeSeries {
    static final Series HTTP_STATUS = Series.gauge("smoke_http_status", "",
            "Last status of the smoke request (0 without an answer)", "target");
    static final Series LATENCY = Series.gauge("smoke_latency_seconds", "seconds",
            "Latency of the last request", "target");
    static final Series FAIL_OPEN = Series.gauge("smoke_fail_open", "",
            "1 when a request that must be limited (expectLast: {status: 429}) was let through", "target");

    private SmokeSeries() {
    }
}
