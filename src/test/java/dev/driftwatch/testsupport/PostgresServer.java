package dev.driftwatch.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests: its own data directory under /tmp, a free port on 127.0.0.1, every
 * statement logged (so tests can count round trips), torn down by {@link #close()}. As root it runs as the
 * {@code postgres} user, since initdb refuses root.
 */
public final class PostgresServer implements AutoCloseable {
    public static final Path PROJECT = Paths.get("").toAbsolutePath();
    public static final Path MIGRATIONS = PROJECT.resolve("config/supabase/migrations");
    public static final Path BOOTSTRAP = PROJECT.resolve("config/local/bootstrap.sql");

    private final Path dir;
    private final Path data;
    private final Path log;
    private final Path bin;
    private final int port;
    private final boolean root;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.bin = findBin();
        this.port = port;
        this.root = "root".equals(System.getProperty("user.name"));
    }

    /** initdb and start a new server. */
    public static PostgresServer start() {
        try {
            Path dir = Files.createTempDirectory("driftwatch-pg-");
            PostgresServer server = new PostgresServer(dir, freePort());
            server.init();
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a PostgreSQL test server", e);
        }
    }

    private static Path findBin() {
        try (Stream<Path> versions = Files.list(Paths.get("/usr/lib/postgresql"))) {
            return versions.max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> p.resolve("bin")).orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql "
                    + "(install the Debian package postgresql)", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void init() throws IOException {
        if (root) {
            exec(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
        }
        asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), Duration.ofSeconds(60));
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + dir + "'",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "log_statement = 'all'",
                "log_line_prefix = '%a|%d|'",
                "max_connections = 50",
                "shared_buffers = 32MB",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private void startServer() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "start"),
                Duration.ofSeconds(70));
    }

    /**
     * Password authentication over TCP for {@code role} ({@code method}: scram-sha-256 or md5), ahead of the trust
     * rules; the role is created with that password, hashed by that method. Takes effect at once (a restart).
     */
    public void requirePassword(String role, String password, String method) throws IOException {
        execute("postgres", "SET password_encryption = '" + method + "'",
                "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, "host all " + role + " 127.0.0.1/32 " + method + "\n" + Files.readString(hba), StandardCharsets.UTF_8);
        reload();
    }

    /**
     * TLS with a new self-signed certificate for 127.0.0.1 (subject alternative name IP:127.0.0.1); returns the
     * certificate's PEM file, the root a verifying client trusts. Plain connections stay allowed.
     */
    public Path enableTls() throws IOException {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()), Duration.ofSeconds(60));
        if (root) {
            exec(List.of("chown", "postgres:postgres", cert.toString(), key.toString()), Duration.ofSeconds(10));
        }
        exec(List.of("chmod", "600", key.toString()), Duration.ofSeconds(10));
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n", "ssl = on", "ssl_cert_file = '" + cert + "'",
                "ssl_key_file = '" + key + "'", ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        reload();
        return cert;
    }

    /** A restart rather than a reload, whose effect would come at an unknown moment after it returns. */
    private void reload() {
        stop();
        startServer();
    }

    /** Starts a stopped server on the same port and data. */
    public void restart() {
        startServer();
    }

    /** Stops the server (fast shutdown: connections are cut). */
    public void stop() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                Duration.ofSeconds(70));
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Where the server logs every statement, prefixed {@code application|database|}. */
    public Path logFile() {
        return log;
    }

    /** The server's statement log so far. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    public Connection connect(String database) throws SQLException {
        return connect(port, database);
    }

    /**
     * A superuser connection to a test server. The driver is used directly, not through DriverManager: once a
     * Quarkus test has registered the driver from its own class loader, DriverManager refuses it to plain tests.
     */
    public static Connection connect(int port, String database) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name, String template) {
        execute("postgres", "CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
    }

    /** Creates {@code name} with the Supabase prerequisites and the migrations in {@code migrations}, recorded as applied. */
    public void createReferenceDatabase(String name, Path migrations) throws IOException {
        createDatabase(name, null);
        psql(name, List.of("-f", BOOTSTRAP.toString()));
        List<Path> files;
        try (Stream<Path> s = Files.list(migrations)) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path f : files) {
            String file = f.getFileName().toString();
            String version = file.substring(0, file.indexOf('_'));
            psql(name, List.of("-1", "-f", f.toString(), "-c",
                    "insert into supabase_migrations.schema_migrations (version, name) values ('" + version + "', '" + file + "')"));
        }
    }

    public void psql(String database, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", database));
        cmd.addAll(args);
        exec(cmd, Duration.ofSeconds(120));
    }

    /** Pids of the postmaster and its children, for freezing the server with SIGSTOP. */
    public List<String> pids() throws IOException {
        String postmaster = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
        List<String> pids = new ArrayList<>(List.of(postmaster));
        String children = exec(List.of("pgrep", "-P", postmaster), Duration.ofSeconds(5), true);
        pids.addAll(Arrays.stream(children.split("\\s+")).filter(s -> !s.isBlank()).toList());
        return pids;
    }

    public void signal(String signal) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        cmd.addAll(pids());
        exec(cmd, Duration.ofSeconds(5));
    }

    private void asOwner(List<String> command, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        exec(cmd, timeout);
    }

    private static String exec(List<String> cmd, Duration timeout) {
        return exec(cmd, timeout, false);
    }

    private static String exec(List<String> cmd, Duration timeout, boolean allowFailure) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && !allowFailure) {
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            signal("CONT");
        } catch (IOException | RuntimeException e) {
            // not frozen, or not running
        }
        try {
            stop();
        } catch (RuntimeException e) {
            // already stopped
        }
        exec(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(30), true);
    }
}
