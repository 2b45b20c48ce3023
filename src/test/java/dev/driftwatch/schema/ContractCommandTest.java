package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftwatch contract}: the contract of what the migrations produce, from a scratch database. */
class ContractCommandTest {
    private static PostgresServer pg;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ContractCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String scratch() {
        return pg.jdbcUrl("postgres") + "?user=postgres";
    }

    @Test
    void theLocalMigrationsProduceTheCommittedContractAndTheScratchDatabaseIsDropped() throws Exception {
        Run r = run("--migrations", PostgresServer.MIGRATIONS.toString(), "--scratch", scratch(),
                "--before", PostgresServer.BOOTSTRAP.toString(), "--schemas", "public");
        assertThat(r.exit()).as(r.err()).isZero();
        Path committed = PostgresServer.PROJECT.resolve("config/contracts/local.json");
        if (!r.out().equals(Files.readString(committed))) {
            Files.writeString(PostgresServer.PROJECT.resolve("target/contract-local.json"), r.out());
        }
        assertThat(r.out()).as("differs from config/contracts/local.json; this run's output is in target/contract-local.json")
                .isEqualTo(Files.readString(committed));
        assertThat(ContractFile.parse(committed).format()).isEqualTo(SchemaSnapshot.FORMAT);
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aFailingMigrationNamesItsFileAndLineAndNothingIsPrinted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00001_ok.sql"), "create table public.a (id int primary key);\n");
        Files.writeString(dir.resolve("00002_bad.sql"), """
                -- adds b
                create table public.b (id int primary key);

                insert into public.b (id)
                  values (no_such_function(1));
                """);
        Run r = run("--migrations", dir.toString(), "--scratch", scratch());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("00002_bad.sql:5: ").contains("no_such_function");
        assertThat(r.out()).isEmpty();
        assertThat(scratchDatabases()).isEmpty();
    }

    @Test
    void aStatementWithoutAPositionIsNamedByTheLineItStartsOn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("00001_twice.sql"), """
                create table public.a (id int);
                create function public.f() returns int language sql as $$ select 1; $$;
                -- the same table again
                create table public.a (id int);
                """);
        Run r = run("--migrations", dir.toString(), "--scratch", scratch());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("00001_twice.sql:4: ").contains("already exists");
    }

    @Test
    void usageErrorsNameTheArgument() {
        assertThat(run("--migrations", "/nonexistent", "--scratch", scratch()).err()).contains("--migrations must name a directory");
        Run r = run("--migrations", PostgresServer.MIGRATIONS.toString(), "--scratch", "postgres://x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--scratch must be a PostgreSQL JDBC URL");
    }

    @Test
    void anEnvironmentWhoseExpectedStateIsItsMigrationsIsComparedWithWhatTheyProduce(@TempDir Path dir) throws Exception {
        for (Path f : Files.list(PostgresServer.MIGRATIONS).toList()) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        pg.createReferenceDatabase("live", PostgresServer.MIGRATIONS);
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl("live"), "postgres", new dev.driftwatch.config.Secret(""));
        SchemaSettings settings = new SchemaSettings(target, List.of("public"), null, null, null, null,
                new SchemaSettings.FromMigrations(dir, scratch(), null, List.of(PostgresServer.BOOTSTRAP)));
        PgConnections connections = new PgConnections();
        java.time.Duration timeout = java.time.Duration.ofSeconds(5);
        try (SchemaProbe probe = new SchemaProbe("public", settings, connections, SchemaCheckGroup.statementTimeout(timeout), s -> { })) {
            dev.driftwatch.probe.ProbeResult first = probe.probe(timeout);
            assertThat(first.outcome()).isEqualTo(dev.driftwatch.probe.Outcome.UNKNOWN);
            assertThat(first.reason()).startsWith("building the expected state from migrations");
            dev.driftwatch.probe.ProbeResult built = dev.driftwatch.testsupport.Await.until(java.time.Duration.ofSeconds(60),
                    () -> probeQuietly(probe, timeout), r -> !r.reason().startsWith("building"), "the contract built");
            assertThat(built.outcome()).as(built.reason()).isEqualTo(dev.driftwatch.probe.Outcome.OK);
            assertThat(built.reason()).startsWith("matches migrations");

            Files.writeString(dir.resolve("00027_credits_note.sql"), "alter table public.credits add column note text;\n");
            dev.driftwatch.probe.ProbeResult changed = dev.driftwatch.testsupport.Await.until(java.time.Duration.ofSeconds(60),
                    () -> probeQuietly(probe, timeout), r -> r.outcome() == dev.driftwatch.probe.Outcome.DRIFT, "the new migration seen");
            assertThat(changed.reason()).contains("missing column public.credits.note");

            Files.writeString(dir.resolve("00028_broken.sql"), "select 1;\nselect no_such_column from public.credits;\n");
            dev.driftwatch.probe.ProbeResult broken = dev.driftwatch.testsupport.Await.until(java.time.Duration.ofSeconds(60),
                    () -> probeQuietly(probe, timeout), r -> r.reason().contains("unusable"), "the broken migration reported");
            assertThat(broken.outcome()).isEqualTo(dev.driftwatch.probe.Outcome.UNKNOWN);
            assertThat(broken.reason()).contains("00028_broken.sql:2: ");
        } finally {
            connections.close();
        }
        assertThat(scratchDatabases()).isEmpty();
    }

    private static dev.driftwatch.probe.ProbeResult probeQuietly(SchemaProbe probe, java.time.Duration timeout) {
        try {
            return probe.probe(timeout);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> scratchDatabases() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'driftwatch_contract_%'")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
