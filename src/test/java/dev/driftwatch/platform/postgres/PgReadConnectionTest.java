package dev.driftwatch.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.Secret;
import dev.driftwatch.testsupport.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x connection the schema checks keep, against a private PostgreSQL with password methods and TLS as
 * PostgreSQL documents them (client-authentication and ssl-tcp chapters): what pgjdbc did with the same URL, it does.
 */
class PgReadConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "s3cret-Pa55-word-not-logged";
    private static PostgresServer pg;
    private static Path rootCert;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        pg.requirePassword("scram_user", PASSWORD, "scram-sha-256");
        pg.requirePassword("md5_user", PASSWORD, "md5");
        rootCert = pg.enableTls();
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    }

    @AfterAll
    static void stop() {
        vertx.close();
        pg.close();
    }

    private static PgReadConnection open(String params, String user, String password) throws Exception {
        String url = pg.jdbcUrl("postgres") + params;
        return PgReadConnection.open(vertx, new PostgresDatabase(url, user, new Secret(password)), TIMEOUT);
    }

    private static String one(PgReadConnection c, String sql, Object... params) throws SQLException {
        return c.row(sql, params)[0];
    }

    @Test
    void answersAsTextWithTextAndArrayParametersAndNulls() throws Exception {
        try (PgReadConnection c = open("", "postgres", "")) {
            assertThat(one(c, "SELECT $1::text || '/' || array_length($2::text[], 1)", "a", List.of("x", "y", "z"))).isEqualTo("a/3");
            assertThat(one(c, "SELECT $1::text IS NULL", (Object) null)).isEqualTo("true");
            assertThat(c.rows("SELECT g FROM generate_series(1, 3) g").stream().map(r -> r[0]).toList()).containsExactly("1", "2", "3");
            assertThat(one(c, "SELECT current_setting('application_name')")).isEqualTo("driftwatch");
        }
    }

    @Test
    void everyTransactionIsReadOnlyAndEachStatementBounded() throws Exception {
        try (PgReadConnection c = PgReadConnection.open(vertx,
                new PostgresDatabase(pg.jdbcUrl("postgres"), "postgres", new Secret("")), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> c.rows("CREATE TABLE t (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            assertThatThrownBy(() -> c.rows("SELECT pg_sleep(3)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(one(c, "SELECT 1")).as("the session survives a statement error").isEqualTo("1");
        }
    }

    @Test
    void scramAndMd5PasswordsAreAcceptedAndAWrongOneRejectedWithoutItsText() throws Exception {
        try (PgReadConnection c = open("", "scram_user", PASSWORD)) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("scram_user");
        }
        try (PgReadConnection c = open("", "md5_user", PASSWORD)) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("md5_user");
        }
        assertThatThrownBy(() -> open("", "scram_user", "wrong-" + PASSWORD))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("scram_user").doesNotContain(PASSWORD);
                });
    }

    @Test
    void theUrlsUserAndPasswordWinAsInPgjdbc() throws Exception {
        try (PgReadConnection c = open("?user=scram_user&password=" + PASSWORD, "postgres", "")) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("scram_user");
        }
    }

    private static String ssl(PgReadConnection c) throws SQLException {
        return one(c, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    }

    @Test
    void sslModesMeanWhatTheyMeanInPgjdbc() throws Exception {
        try (PgReadConnection c = open("", "postgres", "")) {
            assertThat(ssl(c)).as("prefer, the default, encrypts when the server can").isEqualTo("true");
        }
        try (PgReadConnection c = open("?sslmode=disable", "postgres", "")) {
            assertThat(ssl(c)).isEqualTo("false");
        }
        try (PgReadConnection c = open("?sslmode=require", "postgres", "")) {
            assertThat(ssl(c)).as("require does not verify the self-signed certificate").isEqualTo("true");
        }
        try (PgReadConnection c = open("?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory", "postgres", "")) {
            assertThat(ssl(c)).isEqualTo("true");
        }
        try (PgReadConnection c = open("?sslmode=verify-full&sslrootcert=" + rootCert, "postgres", "")) {
            assertThat(ssl(c)).as("the certificate's root and its IP address verified").isEqualTo("true");
        }
        assertThatThrownBy(() -> open("?sslmode=verify-ca&sslrootcert=system", "postgres", ""))
                .as("a self-signed certificate is not trusted by the JDK's roots")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
    }

    @Test
    void urlsItCannotHonourAreRefusedByName() {
        assertThatThrownBy(() -> open("?sslmode=verify-full&sslrootcert=/nonexistent/root.crt", "postgres", ""))
                .hasMessageContaining("sslrootcert=/nonexistent/root.crt");
        assertThatThrownBy(() -> open("?sslmode=sometimes", "postgres", "")).hasMessageContaining("sslmode=sometimes");
        assertThatThrownBy(() -> open("?sslcert=/tmp/client.crt", "postgres", "")).hasMessageContaining("'sslcert'");
        assertThatThrownBy(() -> open("?targetServerType=primary", "postgres", "")).hasMessageContaining("'targetServerType'");
        assertThatThrownBy(() -> PgReadConnection.open(vertx, new PostgresDatabase("postgresql://127.0.0.1/x", "u", new Secret("")), TIMEOUT))
                .hasMessageContaining("not a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> PgReadConnection.open(vertx,
                new PostgresDatabase("jdbc:postgresql://h1:5432,h2:5432/x", "u", new Secret("")), TIMEOUT))
                .hasMessageContaining("no single host");
    }

    @Test
    void aServerThatIsGoneIsAConnectionFailure() throws Exception {
        int port = PostgresServer.freePort();
        assertThatThrownBy(() -> PgReadConnection.open(vertx,
                new PostgresDatabase("jdbc:postgresql://127.0.0.1:" + port + "/x", "postgres", new Secret("")), TIMEOUT))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));
    }

    private static long fromDriftwatch(PostgresServer server) throws SQLException {
        try (java.sql.Connection c = server.connect("postgres"); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'driftwatch'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aConnectAbandonedOnAFrozenServerIsClosedWhenTheServerResumes() throws Exception {
        try (PostgresServer frozen = PostgresServer.start()) {
            PostgresDatabase target = new PostgresDatabase(frozen.jdbcUrl("postgres") + "?sslmode=disable", "postgres", new Secret(""));
            frozen.signal("STOP");
            List<Thread> abandoned = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            PgReadConnection.open(vertx, target, TIMEOUT).close();
                        } catch (Exception e) {
                            // interrupted: the runner gave up on the check
                        }
                    });
                    t.start();
                    abandoned.add(t);
                }
                abandoned.forEach(Thread::interrupt);
                for (Thread t : abandoned) {
                    t.join(5_000);
                    assertThat(t.isAlive()).as("an interrupted connect returns at once").isFalse();
                }
            } finally {
                frozen.signal("CONT");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long open = fromDriftwatch(frozen);
            while (open > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                open = fromDriftwatch(frozen);
            }
            assertThat(open).as("connections that arrived after their caller gave up").isZero();
        }
    }
}
