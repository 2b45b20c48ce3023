package dev.driftwatch.discovery;

import dev.driftwatch.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads an http_sd endpoint: GET, 200 with a JSON list, at most 1 MiB, within the timeout. */
final class HttpSource implements DiscoverySource {
    private final URI uri;
    private final Duration interval;
    private final Secret bearer;
    private final String username;
    private final Secret password;
    private final HttpClient http;

    HttpSource(HttpClient http, URI uri, Duration interval, Secret bearer, String username, Secret password) {
        this.uri = uri;
        this.interval = interval;
        this.bearer = bearer;
        this.username = username;
        this.password = password;
        this.http = http;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        if (bearer != null) {
            out.add(bearer);
        }
        if (password != null) {
            out.add(password);
            out.add(new Secret(basic()));
        }
        return out;
    }

    /** The URL without its query (which may carry a token): what every message names. */
    String where() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private String basic() {
        return Base64.getEncoder().encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<DiscoveredTarget> discover(Duration timeout) throws DiscoveryException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json")
                .header("X-Prometheus-Refresh-Interval-Seconds", Long.toString(Math.max(1, interval.toSeconds())));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer.reveal());
        } else if (password != null) {
            request.header("Authorization", "Basic " + basic());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new DiscoveryException("GET " + where() + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DiscoveryException("GET " + where() + ": " + (cause instanceof HttpTimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : "cannot connect (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")"));
        }
        InputStream body = response.body();
        // a body that trickles in is cut at the deadline: closing the stream ends the blocked read
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> closeQuietly(body),
                CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        try (body) {
            if (response.statusCode() != 200) {
                throw new DiscoveryException("GET " + where() + ": answered HTTP " + response.statusCode() + " (expected 200)");
            }
            byte[] bytes = readCapped(body, deadline);
            return TargetGroups.parseJson(bytes, "GET " + where());
        } catch (IOException e) {
            throw new DiscoveryException("GET " + where() + (System.nanoTime() >= deadline
                    ? ": the body did not arrive within " + timeout.toMillis() + " ms"
                    : ": the body could not be read (" + e.getClass().getSimpleName() + ")"));
        } finally {
            watchdog.cancel(false);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the read it interrupts reports the failure
        }
    }

    /** At most one byte past the cap (enough to know it is too large), and no later than the deadline. */
    private byte[] readCapped(InputStream body, long deadline) throws IOException, DiscoveryException {
        byte[] buffer = new byte[TargetGroups.MAX_BYTES + 1];
        int n = 0;
        while (n < buffer.length) {
            if (System.nanoTime() > deadline) {
                throw new IOException("past the deadline");
            }
            int read = body.read(buffer, n, buffer.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        if (n > TargetGroups.MAX_BYTES) {
            throw new DiscoveryException("GET " + where() + ": the body is larger than " + TargetGroups.MAX_BYTES / 1024 + " KiB");
        }
        return java.util.Arrays.copyOf(buffer, n);
    }
}
