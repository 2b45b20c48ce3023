package dev.driftwatch.ratelimit;

import static dev.driftwatch.ratelimit.LimiterReport.millis;

import dev.driftwatch.config.Durations;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers "would the app's rate limiter let every request through right now?" by doing what the app's limiter does
 * (@upstash/ratelimit 2.0.8 over @upstash/redis 1.36.3, wrapped in the app's try/catch that allows on error). Every
 * error that catch swallows is fail-open (critical, {@code failOpen: true}); the limiter throwing outside it is the
 * app-errors state (critical, {@code appErrors: true}); risks that are neither yet are warnings. Unknown is kept for
 * driftwatch's own host failing. The state table is in docs/checks/ratelimit.md.
 */
final class RateLimitProbe implements Probe {
    private static final double MEMORY_WARNING_RATIO = 0.9;

    private final String target;
    private final RateLimitSettings settings;
    private final RedisResources resources;
    private final Runnable runNow;
    private final LimiterReport report;
    private RedisTransport transport;
    private LimiterCanary canary;

    RateLimitProbe(String target, RateLimitSettings settings, RedisResources resources, Runnable runNow) {
        this.target = target;
        this.settings = settings;
        this.resources = resources;
        this.runNow = runNow;
        this.report = new LimiterReport(target, settings);
    }

    /** The Redis server or Upstash endpoint: host:port only, never the URL's credentials. */
    @Override
    public String destination() {
        try {
            return Probe.destination(java.net.URI.create(settings.url().reveal()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized ProbeResult probe(Duration timeout) {
        return run();
    }

    private ProbeResult run() {
        Optional<AppConfiguration.State> configured = AppConfiguration.read(settings);
        if (configured.isPresent()) {
            return configured.get().appErrors() ? report.appErrors(configured.get().reason(), null)
                    : report.failOpen(configured.get().reason(), null, null, false);
        }
        if (settings.caCertificate() != null && !Files.isReadable(settings.caCertificate())) {
            return report.unknown("driftwatch cannot read its CA certificate " + settings.caCertificate()
                    + ": says nothing about the app's limiter", null);
        }
        if (transport == null) {
            transport = open();
            canary = new LimiterCanary(transport, settings.algorithm());
        }
        // Each limiter call gets the app's limiter timeout on its own; the check's budget (settings.budget()) fits them all.
        Duration callTimeout = settings.limiterTimeout();
        LimiterCanary.Run run;
        Map<String, String> server;
        Optional<Duration> newClient;
        try {
            newClient = transport.verifyNewClient(callTimeout);
            run = canary.run(settings.prefix(), settings.canaryLimit(), callTimeout);
            server = transport.inspectAndDelete(run.keys(), callTimeout);
        } catch (RedisFailure e) {
            return classify(e);
        }
        Duration rtt = run.median();
        if (!run.blocksPastLimit(settings.canaryLimit())) {
            return report.failOpen("the limiter did not block request " + (settings.canaryLimit() + 1) + " past a canary limit of "
                    + settings.canaryLimit() + ": requests are not limited", transport.display(), rtt, true);
        }
        if (!run.advancing()) {
            return report.failOpen("the limiter's count does not advance between requests", transport.display(), rtt, true);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("evictionPolicy", server.getOrDefault("maxmemory-policy", "unknown"));
        memoryRatio(server).ifPresent(r -> extra.put("memoryUsedRatio", Math.round(r * 1000) / 1000.0));
        extra.put("canary", Map.of("limit", settings.canaryLimit(), "allowed", settings.canaryLimit(), "blockedPastLimit", true));
        newClient.ifPresent(d -> extra.put("newClientSeconds", d.toNanos() / 1e9));
        List<String> warnings = warnings(rtt, newClient, server);
        if (!warnings.isEmpty()) {
            return report.limits(Severity.WARNING, String.join("; ", warnings), transport.display(), rtt, extra);
        }
        return report.limits(null, settings.algorithm().label() + " limiter on " + transport.display()
                + " limits as configured; round trip " + millis(rtt) + " of a " + Durations.format(settings.limiterTimeout())
                + " limiter timeout", transport.display(), rtt, extra);
    }

    private RedisTransport open() {
        if (settings.transport() == RateLimitSettings.Transport.UPSTASH) {
            return new UpstashRestTransport(URI.create(settings.url().reveal().trim()), settings.token(), settings.limiterTimeout());
        }
        return resources.lettuce(settings.url().reveal().trim(), settings.caCertificate(), settings.limiterTimeout(), runNow);
    }

    /** Every failure below is thrown inside the app's {@code limit()} call, which the app catches and allows. */
    private ProbeResult classify(RedisFailure e) {
        String where = transport.display();
        String said = firstLine(e.getMessage());
        String reason = switch (e.kind()) {
            case DNS, CONNECT -> said + ": the app's limiter call throws and the app allows every request";
            case AUTH -> "credentials rejected by " + where + " (" + said + "): a new app instance cannot use the limiter and allows every request";
            case TIMEOUT -> "no answer from " + where + " within the limiter timeout (" + Durations.format(settings.limiterTimeout())
                    + ")" + timeoutDetail(said) + ": the app's limiter resolves {success: true, reason: \"timeout\"} and allows the request";
            case REPLY -> e.replyStartsWith("READONLY")
                    ? where + " is a read-only replica (" + said + "): the limiter cannot count, the app allows every request"
                    : "the limiter script failed on " + where + " (" + said + "): the app's limiter allows every request";
            case UNAVAILABLE -> where + " " + said + ": @upstash/redis throws UpstashError, the app catches it and allows every request";
            case PROTOCOL -> where + " answered what the limiter cannot read (" + said + "): the app's limiter call throws and"
                    + " the app allows every request";
        };
        boolean reachable = e.kind() == RedisFailure.Kind.REPLY;
        return report.failOpen(reason, where, null, reachable);
    }

    private List<String> warnings(Duration rtt, Optional<Duration> newClient, Map<String, String> server) {
        List<String> out = new ArrayList<>();
        String policy = server.getOrDefault("maxmemory-policy", "");
        if (policy.startsWith("allkeys-") || policy.startsWith("volatile-")) {
            out.add("maxmemory-policy " + policy + " can evict limiter counters");
        }
        memoryRatio(server).filter(r -> r >= MEMORY_WARNING_RATIO)
                .ifPresent(r -> out.add("memory at " + Math.round(r * 100) + "% of maxmemory"));
        if (rtt.multipliedBy(2).compareTo(settings.limiterTimeout()) > 0) {
            out.add("limiter round trip " + millis(rtt) + " is above half the limiter timeout (" + Durations.format(settings.limiterTimeout()) + ")");
            // A warm app instance keeps its connection; a new one connects first, inside its first limit() call's
            // timeout. Not a warning of its own: driftwatch's own first connection after a start is often that slow.
            newClient.filter(d -> d.compareTo(settings.limiterTimeout()) > 0).ifPresent(d -> out.add("a new connection takes "
                    + millis(d) + " (handshake and PING), more than the limiter timeout: a new app instance's first limiter"
                    + " calls time out and let their requests through until it is connected"));
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

    private static String timeoutDetail(String said) {
        if (said.startsWith("answered after")) {
            return "; it " + said;
        }
        return said.startsWith("a new connection") ? "; " + said : "";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
