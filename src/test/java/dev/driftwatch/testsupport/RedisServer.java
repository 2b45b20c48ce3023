package dev.driftwatch.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server for tests: its own directory, a free port on 127.0.0.1, nothing persisted, stopped and
 * removed by {@link #close()}. It can be stopped and restarted on the same port, frozen (SIGSTOP) and resumed,
 * and started with TLS, a password, ACL users or as a replica.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> args;
    private final String adminPassword;
    private final boolean tls;
    private Process process;

    private RedisServer(Path dir, int port, List<String> args, String adminPassword, boolean tls) {
        this.dir = dir;
        this.port = port;
        this.args = args;
        this.adminPassword = adminPassword;
        this.tls = tls;
    }

    /** A plain server; {@code extra} are redis-server arguments such as {@code --requirepass x}. */
    public static RedisServer start(String... extra) {
        String password = null;
        for (int i = 0; i < extra.length - 1; i++) {
            if (extra[i].equals("--requirepass")) {
                password = extra[i + 1];
            }
        }
        return start(List.of(extra), password, false);
    }

    /** A plain server on a given port (a server that comes back where another one died). */
    public static RedisServer startOn(int port) {
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("driftwatch-redis-"), port, List.of(), null, false);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    /** A TLS-only server with a certificate for 127.0.0.1 signed by {@code certs}' CA. */
    public static RedisServer startTls(TestCertificates certs) {
        return start(List.of("--tls-cert-file", certs.serverCertificate().toString(), "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caCertificate().toString(), "--tls-auth-clients", "no"), null, true);
    }

    private static RedisServer start(List<String> extra, String password, boolean tls) {
        try {
            Path dir = Files.createTempDirectory("driftwatch-redis-");
            RedisServer server = new RedisServer(dir, PostgresServer.freePort(), List.copyOf(extra), password, tls);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (install the Debian package redis-server)", e);
        }
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--enable-debug-command", "yes", "--loglevel", "warning"));
        if (tls) {
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--port", Integer.toString(port)));
        }
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Await.until(Duration.ofSeconds(10), this::accepting, ok -> ok, "redis-server listening on " + port);
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited: " + log());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return (tls ? "rediss://" : "redis://") + "127.0.0.1:" + port;
    }

    /** An admin connection (AUTH with the server's password, if any). Plain servers only. */
    public RespClient admin() throws IOException {
        return new RespClient(port, null, adminPassword);
    }

    public Object command(Object... args) {
        try (RespClient c = admin()) {
            return c.call(args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server the way a crash or a deploy would: the process ends and its connections close. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void restart() throws IOException {
        launch();
    }

    public void freeze() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            resume();
            stop();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary directory
        }
    }
}
