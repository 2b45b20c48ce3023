package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migrations probe: migration files against supabase_migrations.schema_migrations in a real PostgreSQL. */
class MigrationsProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static PostgresServer pg;
    private static final PgConnections CONNECTIONS = new PgConnections();

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        pg.createReferenceDatabase("applied", PostgresServer.MIGRATIONS);
    }

    @AfterAll
    static void stop() {
        CONNECTIONS.close();
        if (pg != null) {
            pg.close();
        }
    }

    private static MigrationsProbe probe(String db, Path directory) {
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl(db), "postgres", new Secret(""));
        return new MigrationsProbe("supabase", new MigrationsSettings(target, directory), CONNECTIONS, Duration.ofSeconds(4));
    }

    private static Path copyOfMigrations(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void everyFileAppliedIsOk() throws Exception {
        try (MigrationsProbe probe = probe("applied", PostgresServer.MIGRATIONS)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.OK);
            assertThat(r.reason()).isEqualTo("all 26 migrations applied");
        }
    }

    @Test
    void aFileNotYetPushedIsCriticalDriftNamingItsVersion(@TempDir Path dir) throws Exception {
        copyOfMigrations(dir);
        Files.writeString(dir.resolve("00027_add_key_scopes.sql"), "alter table public.auth_api_keys add column scopes text[];\n");
        try (MigrationsProbe probe = probe("applied", dir)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(r.reason()).isEqualTo("1 migration pending: 00027_add_key_scopes.sql");
            assertThat(r.measurements()).anySatisfy(m -> {
                assertThat(m.labels()).containsEntry("kind", "pending_migration");
                assertThat(m.value()).isEqualTo(1.0);
            });
        }
    }

    @Test
    void anAppliedVersionWithoutAFileIsAWarning() throws Exception {
        pg.createDatabase("ahead", "applied");
        pg.execute("ahead", "insert into supabase_migrations.schema_migrations (version, name) values ('00099', 'hotfix')");
        try (MigrationsProbe probe = probe("ahead", PostgresServer.MIGRATIONS)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.severity()).isEqualTo(Severity.WARNING);
            assertThat(r.reason()).contains("00099");
        }
    }

    @Test
    void aDatabaseNeverMigratedHasEveryVersionPending() throws Exception {
        pg.createDatabase("empty", null);
        try (MigrationsProbe probe = probe("empty", PostgresServer.MIGRATIONS)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(r.reason()).startsWith("26 migrations pending (supabase_migrations.schema_migrations does not exist)")
                    .contains("00001_accounts.sql").contains("and 16 more");
        }
    }
}
