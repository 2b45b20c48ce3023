package dev.driftwatch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package}) run as its own process
 * on 127.0.0.1, for tests that need several daemons at once. Ready once {@code /q/health/ready} answers 200; its log
 * is kept in its directory and shown when it does not become ready.
 */
public final class JarDaemon implements AutoCloseable {
    public static final Path JAR = PostgresServer.PROJECT.resolve("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private JarDaemon(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar on {@code port} with {@code environment} ({@code DRIFTWATCH_*} settings; none of the machine's
     * own leak in) and a small heap, and waits until it is ready.
     */
    public static JarDaemon start(String name, Path dir, int port, Map<String, String> environment) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: this test runs after `./mvnw package` (failsafe, *IT)");
        }
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DRIFTWATCH_") || k.startsWith("QUARKUS_"));
        pb.environment().putAll(environment);
        pb.environment().put("DRIFTWATCH_PORT", Integer.toString(port));
        JarDaemon daemon = new JarDaemon(pb.start(), port, log);
        try {
            Await.until(Duration.ofSeconds(180), daemon::readyOrExited, r -> r, name + " ready on 127.0.0.1:" + port);
        } catch (AssertionError | RuntimeException e) {
            daemon.close();
            throw new IllegalStateException(name + " did not become ready: " + e.getMessage() + "\n" + daemon.logTail(40), e);
        }
        return daemon;
    }

    private boolean readyOrExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException("exited with " + process.exitValue());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident memory of the process, from /proc (Linux), in KiB; -1 where unavailable. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
