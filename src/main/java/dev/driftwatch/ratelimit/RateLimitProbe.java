package dev.driftwatch.ratelimit;

import dev.driftwatch.config.Durations;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers "would the app's rate limiter let every request through right now?". Every fail-open state is critical
 * drift with {@code failOpen: true} and a reason naming it; risks that are not fail-open yet are warnings.
 */
final class RateLimitProbe implements Probe {
    private static final double MEMORY_WARNING_RATIO = 0.9;

    private final String target;
    private final RateLimitSettings settings;
    private final RedisResources resources;
    private final Runnable runNow;
    private RedisTransport transport;
    private LimiterCanary canary;

    RateLimitProbe(String target, RateLimitSettings settings, RedisResources resources, Runnable runNow) {
        this.target = target;
        this.settings = settings;
        this.resources = resources;
        this.runNow = runNow;
    }

    @Override
    public synchronized ProbeResult probe(Duration timeout) {
        Optional<String> misconfigured = misconfiguration();
        if (misconfigured.isPresent()) {
            return failOpen(misconfigured.get(), null, false);
        }
        if (transport == null) {
            transport = open();
            canary = new LimiterCanary(transport, settings.algorithm());
        }
        Duration callTimeout = min(settings.limiterTimeout(), timeout.minusMillis(200));
        LimiterCanary.Run run;
        Map<String, String> server;
        try {
            run = canary.run(settings.prefix(), settings.canaryLimit(), callTimeout);
            server = transport.inspectAndDelete(run.keys(), callTimeout);
        } catch (RedisFailure e) {
            return classify(e, callTimeout);
        }
        Duration rtt = run.median();
        if (!run.blocksPastLimit(settings.canaryLimit())) {
            return failOpen("the limiter did not block request " + (settings.canaryLimit() + 1) + " past a canary limit of "
                    + settings.canaryLimit() + ": requests are not limited", rtt, true);
        }
        if (!run.advancing()) {
            return failOpen("the limiter's count does not advance between requests", rtt, true);
        }
        List<String> warnings = warnings(rtt, server);
        Map<String, Object> details = details(false, rtt);
        details.put("evictionPolicy", server.getOrDefault("maxmemory-policy", "unknown"));
        memoryRatio(server).ifPresent(r -> details.put("memoryUsedRatio", Math.round(r * 1000) / 1000.0));
        details.put("canary", Map.of("limit", settings.canaryLimit(), "allowed", settings.canaryLimit(), "blockedPastLimit", true));
        if (!warnings.isEmpty()) {
            return ProbeResult.drift(Severity.WARNING, String.join("; ", warnings)).withDetails(details).withMeasurements(measurements(false, rtt, true));
        }
        return ProbeResult.ok(settings.algorithm().label() + " limiter on " + transport.display() + " limits as configured; round trip "
                + millis(rtt) + " of a " + Durations.format(settings.limiterTimeout()) + " limiter timeout")
                .withDetails(details).withMeasurements(measurements(false, rtt, true));
    }

    /** The fail-open states the app's own code falls into before it ever reaches Redis. */
    private Optional<String> misconfiguration() {
        String what = settings.transport() == RateLimitSettings.Transport.UPSTASH ? "UPSTASH_REDIS_REST_URL" : "the Redis URL";
        String url = settings.url().reveal().trim();
        if (url.isEmpty()) {
            return Optional.of(what + " is missing or empty: the app's limiter allows every request");
        }
        if (settings.transport() == RateLimitSettings.Transport.UPSTASH && settings.token().reveal().isBlank()) {
            return Optional.of("UPSTASH_REDIS_REST_TOKEN is missing or empty: the app's limiter allows every request");
        }
        for (String pattern : settings.placeholders()) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (url.toLowerCase(Locale.ROOT).contains(p)) {
                return Optional.of(what + " contains the placeholder '" + pattern + "': the app's limiter allows every request");
            }
            if (settings.token().reveal().toLowerCase(Locale.ROOT).contains(p)) {
                return Optional.of("UPSTASH_REDIS_REST_TOKEN contains the placeholder '" + pattern + "': the app's limiter allows every request");
            }
        }
        try {
            if (settings.transport() == RateLimitSettings.Transport.UPSTASH) {
                URI uri = URI.create(url);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
            } else {
                RedisURI uri = RedisURI.create(url);
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    throw new IllegalArgumentException("no host");
                }
            }
        } catch (RuntimeException e) {
            return Optional.of(what + " is not a valid URL (" + (settings.transport() == RateLimitSettings.Transport.UPSTASH
                    ? "expected https://<name>.upstash.io" : "expected redis://host:port or rediss://host:port")
                    + "): the app's limiter allows every request");
        }
        return Optional.empty();
    }

    private RedisTransport open() {
        if (settings.transport() == RateLimitSettings.Transport.UPSTASH) {
            return new UpstashRestTransport(URI.create(settings.url().reveal().trim()), settings.token(), settings.limiterTimeout());
        }
        return resources.lettuce(settings.url().reveal().trim(), settings.caCertificate(), settings.limiterTimeout(), runNow);
    }

    private ProbeResult classify(RedisFailure e, Duration callTimeout) {
        String where = transport.display();
        return switch (e.kind()) {
            case DNS, CONNECT -> failOpen(e.getMessage() + ": the app's limiter call throws and allows every request", null, false);
            case AUTH -> failOpen("credentials rejected by " + where + " (" + firstLine(e.getMessage()) + "): the app's limiter allows every request", null, false);
            case TIMEOUT -> callTimeout.compareTo(settings.limiterTimeout()) >= 0
                    ? failOpen("no answer from " + where + " within the limiter timeout (" + Durations.format(settings.limiterTimeout())
                            + "): the app's limiter gives up and allows the request", null, false)
                    : unknown("no answer from " + where + " within " + millis(callTimeout)
                            + " (the check's timeout is shorter than the limiter timeout " + Durations.format(settings.limiterTimeout()) + ")");
            case REPLY -> e.replyStartsWith("READONLY")
                    ? failOpen(where + " is a read-only replica (" + firstLine(e.getMessage()) + "): the limiter cannot count, the app allows every request", null, true)
                    : failOpen("the limiter script failed on " + where + " (" + firstLine(e.getMessage()) + "): the app's limiter allows every request", null, true);
            case UNAVAILABLE, PROTOCOL -> unknown(where + ": " + e.getMessage());
        };
    }

    private List<String> warnings(Duration rtt, Map<String, String> server) {
        List<String> out = new ArrayList<>();
        String policy = server.getOrDefault("maxmemory-policy", "");
        if (policy.startsWith("allkeys-") || policy.startsWith("volatile-")) {
            out.add("maxmemory-policy " + policy + " can evict limiter counters");
        }
        memoryRatio(server).filter(r -> r >= MEMORY_WARNING_RATIO)
                .ifPresent(r -> out.add("memory at " + Math.round(r * 100) + "% of maxmemory"));
        if (rtt.multipliedBy(2).compareTo(settings.limiterTimeout()) > 0) {
            out.add("limiter round trip " + millis(rtt) + " is above half the limiter timeout (" + Durations.format(settings.limiterTimeout()) + ")");
        }
        return out;
    }

    private static Optional<Double> memoryRatio(Map<String, String> server) {
        try {
            double max = Double.parseDouble(server.getOrDefault("info_maxmemory", "0"));
            double used = Double.parseDouble(server.getOrDefault("used_memory", "0"));
            return max > 0 ? Optional.of(used / max) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private ProbeResult failOpen(String reason, Duration rtt, boolean reachable) {
        return ProbeResult.drift(Severity.CRITICAL, reason).withDetails(details(true, rtt))
                .withMeasurements(measurements(true, rtt, reachable));
    }

    private ProbeResult unknown(String reason) {
        return ProbeResult.unknown(reason).withDetails(details(null, null))
                .withMeasurements(measurements(null, null, false));
    }

    private Map<String, Object> details(Boolean failOpen, Duration rtt) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("failOpen", failOpen);
        d.put("transport", settings.transport().label());
        d.put("redis", transport == null ? "not connected" : transport.display());
        d.put("algorithm", settings.algorithm().label());
        d.put("prefix", settings.prefix());
        d.put("limit", settings.limit());
        d.put("window", Durations.format(settings.window()));
        d.put("limiterTimeout", Durations.format(settings.limiterTimeout()));
        d.put("roundTripSeconds", rtt == null ? null : rtt.toNanos() / 1e9);
        return d;
    }

    private List<Measurement> measurements(Boolean failOpen, Duration rtt, boolean up) {
        return List.of(
                RateLimitSeries.FAIL_OPEN.measure(failOpen == null ? Double.NaN : failOpen ? 1 : 0, "target", target),
                RateLimitSeries.ROUND_TRIP.measure(rtt == null ? Double.NaN : rtt.toNanos() / 1e9, "target", target),
                RateLimitSeries.LIMITER_TIMEOUT.measure(settings.limiterTimeout().toMillis() / 1000.0, "target", target),
                RateLimitSeries.REDIS_UP.measure(up ? 1 : 0, "target", target));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String millis(Duration d) {
        return d.toNanos() < 10_000_000 ? String.format(Locale.ROOT, "%.1fms", d.toNanos() / 1e6) : d.toMillis() + "ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
