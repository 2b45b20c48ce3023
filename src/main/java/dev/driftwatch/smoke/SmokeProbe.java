package dev.driftwatch.smoke;

import dev.driftwatch.probe.OutboundFailure;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends one declared request ({@code repeat} times in a row) and checks each answer. An answer that breaks an
 * expectation is drift; no answer (refused, unresolvable, timed out) and an unexpected 429, 502, 503 or 504 are
 * unknown: the app could not be asked. A last answer expected to be 429 that is not means the rate limiter lets
 * everything through: critical drift, whatever the check's severity.
 */
final class SmokeProbe implements Probe {
    private static final Set<Integer> UNVERIFIABLE = Set.of(429, 502, 503, 504);
    private static final int MAX_BODY = 1 << 20;

    private final String target;
    private final SmokeSettings settings;
    private final HttpClient client;

    SmokeProbe(String target, SmokeSettings settings) {
        this.target = target;
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .followRedirects(settings.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String destination() {
        return Probe.destination(settings.url());
    }

    @Override
    public ProbeResult probe(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.minusMillis(Math.min(200, timeout.toMillis() / 5)).toNanos();
        String request = settings.method() + " " + settings.display();
        List<Map<String, Object>> answers = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request);
        details.put("answers", answers);
        int status = 0;
        Duration latency = null;
        for (int i = 1; i <= settings.repeat(); i++) {
            boolean last = i == settings.repeat();
            Expectation expect = last && settings.expectLast() != null ? settings.expectLast() : settings.expect();
            String which = settings.repeat() == 1 ? request : request + " (request " + i + " of " + settings.repeat() + ")";
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            long start = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = client.send(build(left), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                String where = OutboundFailure.hostPort(settings.url());
                return unknown(which + ": " + OutboundFailure.of(e, where, left).describe(), details, status, latency);
            }
            latency = Duration.ofNanos(System.nanoTime() - start);
            status = response.statusCode();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("status", status);
            a.put("latencySeconds", latency.toNanos() / 1e9);
            answers.add(a);
            byte[] bytes = response.body() == null ? new byte[0] : response.body();
            String body = new String(bytes, 0, Math.min(bytes.length, MAX_BODY), java.nio.charset.StandardCharsets.UTF_8);
            List<String> violations = expect.violations(status, response.headers().map(), body, latency);
            if (violations.isEmpty()) {
                continue;
            }
            a.put("violations", violations);
            if (last && settings.expectLast() != null && Integer.valueOf(429).equals(settings.expectLast().status()) && status != 429) {
                return ProbeResult.drift(Severity.CRITICAL, which + " answered " + status + ", expected 429: the rate limiter is "
                                + "failing open (it lets every request through)")
                        .withDetails(withFailOpen(details, true)).withMeasurements(measurements(status, latency, 1));
            }
            if (expect.status() != null && status != expect.status() && UNVERIFIABLE.contains(status)) {
                return unknown(which + " answered " + status + ", expected " + expect.status() + ": cannot verify now", details, status, latency);
            }
            return ProbeResult.drift(null, which + ": " + String.join("; ", violations))
                    .withDetails(details).withMeasurements(measurements(status, latency, Double.NaN));
        }
        boolean limiter = settings.expectLast() != null && Integer.valueOf(429).equals(settings.expectLast().status());
        return ProbeResult.ok(request + (settings.repeat() > 1 ? " x" + settings.repeat() : "") + " answered as expected ("
                        + status + " in " + latency.toMillis() + "ms)" + (limiter ? ": the rate limiter blocks" : ""))
                .withDetails(limiter ? withFailOpen(details, false) : details)
                .withMeasurements(measurements(status, latency, limiter ? 0 : Double.NaN));
    }

    private HttpRequest build(Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url().toString())).timeout(timeout);
        settings.headers().forEach((k, v) -> b.header(k, v.reveal()));
        HttpRequest.BodyPublisher body = settings.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(settings.body());
        return b.method(settings.method(), body).build();
    }

    private static Map<String, Object> withFailOpen(Map<String, Object> details, boolean failOpen) {
        details.put("failOpen", failOpen);
        return details;
    }

    private ProbeResult unknown(String reason, Map<String, Object> details, int status, Duration latency) {
        return ProbeResult.unknown(reason).withDetails(details).withMeasurements(measurements(status, latency, Double.NaN));
    }

    private List<Measurement> measurements(int status, Duration latency, double failOpen) {
        List<Measurement> out = new ArrayList<>();
        out.add(SmokeSeries.HTTP_STATUS.measure(status, "target", target));
        out.add(SmokeSeries.LATENCY.measure(latency == null ? Double.NaN : latency.toNanos() / 1e9, "target", target));
        if (!Double.isNaN(failOpen)) {
            out.add(SmokeSeries.FAIL_OPEN.measure(failOpen, "target", target));
        }
        return out;
    }
}
