package dev.driftwatch.ratelimit;

import dev.driftwatch.config.Durations;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.ProbeResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what a run found into the check's result: the three states that matter to the app (limits, fails open,
 * errors), their details and measurements. {@code failOpen} and {@code appErrors} are null when the run cannot tell.
 */
final class LimiterReport {
    private final String target;
    private final RateLimitSettings settings;

    LimiterReport(String target, RateLimitSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    ProbeResult failOpen(String reason, String redis, Duration rtt, boolean reachable) {
        return ProbeResult.drift(Severity.CRITICAL, reason).withDetails(details(true, false, redis, rtt))
                .withMeasurements(measurements(true, false, rtt, reachable));
    }

    /** The limiter throws outside the app's try/catch: requests do not pass, they fail. */
    ProbeResult appErrors(String reason, String redis) {
        return ProbeResult.drift(Severity.CRITICAL, reason).withDetails(details(false, true, redis, null))
                .withMeasurements(measurements(false, true, null, false));
    }

    ProbeResult unknown(String reason, String redis) {
        return ProbeResult.unknown(reason).withDetails(details(null, null, redis, null))
                .withMeasurements(measurements(null, null, null, false));
    }

    ProbeResult limits(Severity warning, String reason, String redis, Duration rtt, Map<String, Object> extra) {
        Map<String, Object> details = details(false, false, redis, rtt);
        details.putAll(extra);
        ProbeResult r = warning == null ? ProbeResult.ok(reason) : ProbeResult.drift(warning, reason);
        return r.withDetails(details).withMeasurements(measurements(false, false, rtt, true));
    }

    private Map<String, Object> details(Boolean failOpen, Boolean appErrors, String redis, Duration rtt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("failOpen", failOpen);
        d.put("appErrors", appErrors);
        d.put("transport", settings.transport().label());
        d.put("redis", redis == null ? "not connected" : redis);
        d.put("algorithm", settings.algorithm().label());
        d.put("prefix", settings.prefix());
        d.put("limit", settings.limit());
        d.put("window", Durations.format(settings.window()));
        d.put("limiterTimeout", Durations.format(settings.limiterTimeout()));
        RateLimitSettings.Budget b = settings.budget();
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("limiterCalls", b.limiterCalls());
        budget.put("perCall", Durations.format(b.perCall()));
        budget.put("housekeeping", Durations.format(b.housekeeping()));
        budget.put("margin", Durations.format(b.margin()));
        budget.put("total", Durations.format(b.total()));
        d.put("budget", budget);
        d.put("roundTripSeconds", rtt == null ? null : rtt.toNanos() / 1e9);
        return d;
    }

    private List<Measurement> measurements(Boolean failOpen, Boolean appErrors, Duration rtt, boolean up) {
        return List.of(
                RateLimitSeries.FAIL_OPEN.measure(flag(failOpen), "target", target),
                RateLimitSeries.APP_ERRORS.measure(flag(appErrors), "target", target),
                RateLimitSeries.ROUND_TRIP.measure(rtt == null ? Double.NaN : rtt.toNanos() / 1e9, "target", target),
                RateLimitSeries.LIMITER_TIMEOUT.measure(settings.limiterTimeout().toMillis() / 1000.0, "target", target),
                RateLimitSeries.REDIS_UP.measure(up ? 1 : 0, "target", target));
    }

    private static double flag(Boolean b) {
        return b == null ? Double.NaN : b ? 1 : 0;
    }

    static String millis(Duration d) {
        return d.toNanos() < 10_000_000 ? String.format(Locale.ROOT, "%.1fms", d.toNanos() / 1e6) : d.toMillis() + "ms";
    }
}
