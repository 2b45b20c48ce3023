package dev.driftwatch.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.driftwatch.config.Secret;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The http source against an http_sd endpoint on loopback that answers as Prometheus's http_sd documentation says
 * (https://prometheus.io/docs/prometheus/latest/http_sd/: 200, a JSON list of {targets, labels}), and as it must not.
 */
class HttpSourceTest {
    private static final java.net.http.HttpClient CLIENT = HttpSourceType.newClient();
    private static final String TOKEN = "sd-token-0123456789abcdef";
    private HttpServer server;
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<byte[]> body = new AtomicReference<>("[]".getBytes(StandardCharsets.UTF_8));
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> location = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sd", exchange -> {
            try (exchange) {
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                if (location.get() != null) {
                    exchange.getResponseHeaders().set("Location", location.get());
                }
                byte[] b = body.get();
                exchange.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(b);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        stalled.countDown();
        server.stop(0);
    }

    private HttpSource source() {
        return new HttpSource(CLIENT, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sd?token=" + TOKEN),
                Duration.ofSeconds(30), new Secret(TOKEN), null, null);
    }

    private String where() {
        return "GET http://127.0.0.1:" + server.getAddress().getPort() + "/sd";
    }

    @Test
    void readsTheGroupsAndSendsTheBearerToken() throws Exception {
        body.set("""
                [{"targets": ["https://a.example.com", "https://b.example.com"], "labels": {"branch": "feature-x", "__meta_x": "1"}},
                 {"targets": [], "labels": {"branch": "no-target"}}]
                """.getBytes(StandardCharsets.UTF_8));
        List<DiscoveredTarget> targets = source().discover(Duration.ofSeconds(30));
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).fields()).containsEntry("branch", "feature-x").containsEntry("__meta_x", "1")
                .containsEntry("target", "https://a.example.com");
        assertThat(targets.get(1).fields()).doesNotContainKey("target");
        assertThat(authorization.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(source().secrets()).extracting(Secret::reveal).containsExactly(TOKEN);
    }

    @Test
    void everyBadAnswerFailsTheWholeReadNamingTheUrlWithoutItsQuery() {
        status.set(500);
        assertFails("answered HTTP 500 (expected 200)");
        status.set(302);
        location.set("http://127.0.0.1:9/elsewhere");
        assertFails("answered HTTP 302 (expected 200)");
        location.set(null);
        status.set(200);
        body.set("<html>".getBytes(StandardCharsets.UTF_8));
        assertFails("not valid JSON (line 1)");
        body.set("{\"targets\": []}".getBytes(StandardCharsets.UTF_8));
        assertFails("must be a list of {targets, labels} groups");
        body.set("[{\"labels\": {}}]".getBytes(StandardCharsets.UTF_8));
        assertFails("[0].targets: required, a list of strings");
        body.set("[{\"targets\": [], \"labels\": {\"branch\": {\"x\": 1}}}]".getBytes(StandardCharsets.UTF_8));
        assertFails("[0].labels.branch: must be a string");
        body.set("[{\"targets\": [], \"labels\": {\"bad-name\": \"x\"}}]".getBytes(StandardCharsets.UTF_8));
        assertFails("[0].labels: a label name must be letters, digits and '_' (at most 128)");
        byte[] huge = new byte[TargetGroups.MAX_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        body.set(huge);
        assertFails("the body is larger than 1024 KiB");
    }

    @Test
    void aClosedPortIsAConnectionError() throws Exception {
        HttpSource closed = new HttpSource(CLIENT, URI.create("http://127.0.0.1:9/sd"), Duration.ofSeconds(30), null, "u", new Secret("pw-0123456789"));
        assertThatThrownBy(() -> closed.discover(Duration.ofSeconds(30))).isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith("GET http://127.0.0.1:9/sd: cannot connect (");
        assertThat(closed.secrets()).extracting(Secret::reveal).contains("pw-0123456789");
    }

    @Test
    void aBodyThatTricklesInIsCutAtTheTimeout() throws Exception {
        server.createContext("/slow", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, 1000);
                OutputStream out = exchange.getResponseBody();
                out.write('[');
                out.flush();
                stalled.await(60, java.util.concurrent.TimeUnit.SECONDS); // stalls mid-body until the test ends
            } catch (InterruptedException | java.io.IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpSource slow = new HttpSource(CLIENT, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow"),
                Duration.ofSeconds(30), null, null, null);
        assertThatThrownBy(() -> slow.discover(Duration.ofSeconds(2))).isInstanceOf(DiscoveryException.class)
                .hasMessageMatching("GET http://127\\.0\\.0\\.1:\\d+/slow: (the body did not arrive within 2000 ms|no answer within 2000 ms)");
    }

    private void assertFails(String message) {
        assertThatThrownBy(() -> source().discover(Duration.ofSeconds(30))).isInstanceOf(DiscoveryException.class)
                .hasMessage(where() + ": " + message)
                .message().doesNotContain(TOKEN);
    }
}
