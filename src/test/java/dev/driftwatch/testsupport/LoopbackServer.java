package dev.driftwatch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A Prometheus-family server (prometheus, prometheus-alertmanager) run by a test in a directory the caller owns, on
 * a free port of 127.0.0.1: ready once {@code /-/ready} answers 200, stopped by {@link #close()}. Its log is kept in
 * that directory and shown when it does not become ready.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path dir;

    private LoopbackServer(String name, Process process, int port, Path dir) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts {@code command.apply(port)} in {@code dir} and waits until it is ready. */
    public static LoopbackServer start(String name, Path dir, IntFunction<List<String>> command) throws IOException {
        int port = PostgresServer.freePort();
        List<String> cmd = command.apply(port);
        Path log = dir.resolve(name + ".log");
        Process process;
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd.get(0) + Command.packageHint(cmd.get(0)), e);
        }
        LoopbackServer server = new LoopbackServer(name, process, port, dir);
        try {
            Await.until(Duration.ofSeconds(60), server::readyOrExited, r -> r, name + " ready on 127.0.0.1:" + port);
        } catch (AssertionError | RuntimeException e) {
            server.close();
            throw new IllegalStateException(name + " did not become ready: " + e.getMessage() + "\n" + tail(log), e);
        }
        return server;
    }

    private boolean readyOrExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** GET {@code path} with the query parameters given as name, value pairs; the body parsed as JSON. */
    public JsonNode getJson(String path, String... parameters) {
        return getJson(port, path, parameters);
    }

    /** GET {@code path} from the server on {@code port} of 127.0.0.1, as {@link #getJson(String, String...)}. */
    public static JsonNode getJson(int port, String path, String... parameters) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            query.append(query.isEmpty() ? "?" : "&").append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        URI uri = URI.create("http://127.0.0.1:" + port + path + query);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path dir() {
        return dir;
    }
}
