package dev.driftwatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.platform.postgres.JdbcSql;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An unchanged catalog is answered by its fingerprint alone, and every kind of change the snapshot holds moves the
 * fingerprint, so the catalog query runs again and the change is seen (a real PostgreSQL built from the reference
 * application's migrations).
 */
class CatalogFingerprintTest {
    private static final List<String> SCHEMAS = List.of("public");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;

    @BeforeAll
    static void golden() throws Exception {
        pg = PostgresServer.start();
        pg.createReferenceDatabase("golden", PostgresServer.MIGRATIONS);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static String cloneGolden() {
        String name = "fp" + DATABASES.incrementAndGet();
        pg.createDatabase(name, "golden");
        return name;
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("column dropped", "ALTER TABLE public.sessions DROP COLUMN user_agent"),
                Arguments.of("column type", "ALTER TABLE public.sessions ALTER COLUMN device_name TYPE varchar(200)"),
                Arguments.of("nullability", "ALTER TABLE public.sessions ALTER COLUMN user_agent SET NOT NULL"),
                Arguments.of("default", "ALTER TABLE public.sessions ALTER COLUMN aal SET DEFAULT 'aal2'"),
                Arguments.of("table added", "CREATE TABLE public.extra (id int)"),
                Arguments.of("table renamed", "ALTER TABLE public.sessions RENAME TO sessions_old"),
                Arguments.of("row level security", "ALTER TABLE public.sessions DISABLE ROW LEVEL SECURITY"),
                Arguments.of("check constraint", "ALTER TABLE public.sessions ADD CONSTRAINT aal_short CHECK (length(aal) < 8)"),
                Arguments.of("foreign key dropped", "ALTER TABLE public.sessions DROP CONSTRAINT sessions_account_id_fkey"),
                Arguments.of("index dropped", "DROP INDEX public.sessions_account_id_idx"),
                Arguments.of("trigger dropped", "DROP TRIGGER accounts_touch_updated_at ON public.accounts"),
                Arguments.of("policy dropped", "DROP POLICY \"accounts are readable by their owner\" ON public.accounts"),
                Arguments.of("view added", "CREATE VIEW public.session_count AS SELECT count(*) FROM public.sessions"),
                Arguments.of("sequence added", "CREATE SEQUENCE public.extra_seq"),
                Arguments.of("function body", "CREATE OR REPLACE FUNCTION public.touch_updated_at() RETURNS trigger "
                        + "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"),
                Arguments.of("enum label", "ALTER TYPE public.account_status ADD VALUE 'archived'"),
                Arguments.of("grant revoked", "REVOKE ALL ON public.sessions FROM anon"),
                Arguments.of("function grant revoked", "REVOKE EXECUTE ON FUNCTION public.touch_updated_at() FROM PUBLIC"),
                Arguments.of("default privileges", "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM anon"),
                Arguments.of("extension added", "CREATE EXTENSION IF NOT EXISTS pg_trgm"),
                Arguments.of("schema of a type renamed", "ALTER TYPE public.key_status RENAME TO key_state"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void everyKindOfChangeMovesTheFingerprintAndIsRead(String kind, String ddl) throws Exception {
        String db = cloneGolden();
        try (Connection c = pg.connect(db)) {
            CatalogReader.Read first = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, null);
            CatalogReader.Read same = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, first);
            assertThat(same.snapshot()).as("unchanged: answered by the fingerprint").isNull();
            assertThat(same.byFingerprint()).isEqualTo(1);
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
            }
            CatalogReader.Read changed = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, same);
            assertThat(changed.fingerprint()).as(kind).isNotEqualTo(first.fingerprint());
            assertThat(changed.byFingerprint()).isZero();
            assertThat(changed.snapshot()).as(kind + ": the catalog query ran and sent the new snapshot").isNotNull()
                    .isNotEqualTo(first.snapshot());
        }
    }

    @Test
    void aRoleRenamedMovesTheFingerprint() throws Exception {
        String db = cloneGolden();
        String role = "fp_role_" + DATABASES.incrementAndGet();
        List<String> roles = List.of(role);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role);
            s.execute("GRANT SELECT ON public.sessions TO " + role);
            CatalogReader.Read first = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, roles, null);
            assertThat(CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, roles, first).snapshot()).isNull();
            s.execute("ALTER ROLE " + role + " RENAME TO " + role + "_renamed");
            CatalogReader.Read changed = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, roles, first);
            assertThat(changed.snapshot()).as("the grant's role is no longer one of the compared roles").isNotNull()
                    .isNotEqualTo(first.snapshot());
        }
    }

    @Test
    void statisticsLeaveTheFingerprintAlone() throws Exception {
        String db = cloneGolden();
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            CatalogReader.Read first = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, null);
            // both rewrite pg_class's statistics of the table in place: no new row version, so no full read
            s.execute("ANALYZE public.sessions");
            s.execute("VACUUM public.sessions");
            CatalogReader.Read after = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, first);
            assertThat(after.fingerprint()).isEqualTo(first.fingerprint());
            assertThat(after.snapshot()).isNull();
        }
    }

    @Test
    void everyTwentiethReadRunsTheCatalogQueryEvenWhenTheFingerprintIsUnchanged() throws Exception {
        String db = cloneGolden();
        try (Connection c = pg.connect(db)) {
            CatalogReader.Read read = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, null);
            String hash = read.hash();
            for (int i = 1; i < CatalogReader.FULL_READ_EVERY; i++) {
                read = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, read);
                assertThat(read.byFingerprint()).isEqualTo(i);
            }
            read = CatalogReader.readIfChanged(new JdbcSql(c), SCHEMAS, read);
            assertThat(read.byFingerprint()).as("a full read").isZero();
            assertThat(read.hash()).isEqualTo(hash);
            assertThat(read.snapshot()).as("same hash: still no snapshot sent").isNull();
        }
    }
}
