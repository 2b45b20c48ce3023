package dev.driftwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.platform.postgres.PostgresDatabase;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code driftwatch.schema.kept-connections}: that many sessions keep their connection between runs, the others
 * connect for each run and leave nothing open on the server; a kept connection that is closed frees its place.
 */
class KeptConnectionsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Backends exit a moment after their client closes: polled until the count settles. */
    private static long openFromDriftwatch(PostgresServer pg, String database, long expected) {
        return Await.until(Duration.ofSeconds(10), () -> count(pg, database), n -> n == expected,
                "driftwatch's connections to " + database);
    }

    private static long count(PostgresServer pg, String database) {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'driftwatch' AND datname = '"
                     + database + "'")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int select1(PgSession session) throws Exception {
        return session.run(TIMEOUT, sql -> Integer.parseInt(sql.row("SELECT 1")[0]));
    }

    @Test
    void onlyTheKeptSessionsHoldAConnectionBetweenRuns() throws Exception {
        PgConnections connections = new PgConnections(1);
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("first", null);
            pg.createDatabase("second", null);
            PgSession first = connections.acquire(new PostgresDatabase(pg.jdbcUrl("first"), "postgres", new Secret("")), TIMEOUT);
            PgSession second = connections.acquire(new PostgresDatabase(pg.jdbcUrl("second"), "postgres", new Secret("")), TIMEOUT);
            for (int run = 0; run < 3; run++) {
                assertThat(select1(first)).isEqualTo(1);
                assertThat(select1(second)).isEqualTo(1);
            }
            assertThat(first.connects()).as("the kept session connected once").isEqualTo(1);
            assertThat(second.connects()).as("the other connected for each run").isEqualTo(3);
            assertThat(openFromDriftwatch(pg, "first", 1)).isEqualTo(1);
            assertThat(openFromDriftwatch(pg, "second", 0)).as("nothing left open between runs").isZero();

            connections.release(first);
            select1(second);
            select1(second);
            assertThat(second.connects()).as("the freed place is taken by the next run").isEqualTo(4);
            assertThat(openFromDriftwatch(pg, "second", 1)).isEqualTo(1);
        } finally {
            connections.close();
        }
    }
}
