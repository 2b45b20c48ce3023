package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.PostgresServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A database that goes away is {@code unknown}, never drift; when it is back the same probe recovers by itself. */
class PostgresOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void stoppedIsUnknownAndRestartedIsOkWithoutANewProbe() throws Exception {
        PgConnections connections = new PgConnections();
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("app", null);
            pg.execute("app", "CREATE TABLE public.accounts (id uuid PRIMARY KEY, email text NOT NULL)");
            PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl("app"), "postgres", new Secret(""));
            SchemaSettings settings = new SchemaSettings(target, List.of("public"), null, null, null);
            try (SchemaProbe probe = new SchemaProbe("public", settings, connections, SchemaCheckGroup.statementTimeout(TIMEOUT), s -> { })) {
                assertThat(probe.probe(TIMEOUT).outcome()).isEqualTo(Outcome.OK);

                pg.stop();
                ProbeResult down = probe.probe(TIMEOUT);
                assertThat(down.outcome()).isEqualTo(Outcome.UNKNOWN);
                assertThat(down.reason()).startsWith("cannot reach 127.0.0.1:" + pg.port() + "/app");

                pg.restart();
                ProbeResult back = probe.probe(TIMEOUT);
                assertThat(back.outcome()).as(back.reason()).isEqualTo(Outcome.OK);
            }
        } finally {
            connections.close();
        }
    }

    @Test
    void aFrozenServerIsUnknownWithinTheTimeout() throws Exception {
        PgConnections connections = new PgConnections();
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("app", null);
            PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl("app"), "postgres", new Secret(""));
            SchemaSettings settings = new SchemaSettings(target, List.of("public"), null, null, null);
            try (SchemaProbe probe = new SchemaProbe("public", settings, connections, SchemaCheckGroup.statementTimeout(TIMEOUT), s -> { })) {
                assertThat(probe.probe(TIMEOUT).outcome()).isEqualTo(Outcome.OK);
                pg.signal("STOP");
                try {
                    ProbeResult frozen = probe.probe(TIMEOUT);
                    assertThat(frozen.outcome()).isEqualTo(Outcome.UNKNOWN);
                } finally {
                    pg.signal("CONT");
                }
                ProbeResult back = probe.probe(TIMEOUT);
                assertThat(back.outcome()).as(back.reason()).isEqualTo(Outcome.OK);
            }
        } finally {
            connections.close();
        }
    }
}
