package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.JdbcSql;
import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema probe against a real PostgreSQL built from the reference application's migrations. */
class SchemaProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;
    private static Path contract;
    private static final PgConnections CONNECTIONS = new PgConnections();

    @BeforeAll
    static void golden() throws Exception {
        pg = PostgresServer.start();
        pg.createReferenceDatabase("golden", PostgresServer.MIGRATIONS);
        SchemaSnapshot snapshot;
        try (Connection c = pg.connect("golden")) {
            snapshot = CatalogReader.read(new JdbcSql(c), List.of("public"));
        }
        contract = Files.createTempFile("contract-", ".json");
        ContractFile.JSON.writeValue(contract.toFile(), snapshot);
    }

    @AfterAll
    static void stop() throws Exception {
        CONNECTIONS.close();
        if (pg != null) {
            pg.close();
        }
        Files.deleteIfExists(contract);
    }

    private static String cloneGolden() {
        String name = "db" + DATABASES.incrementAndGet();
        pg.createDatabase(name, "golden");
        return name;
    }

    private static SchemaProbe probe(String database, Path contractFile) {
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl(database), "postgres", new Secret(""));
        return new SchemaProbe("public", new SchemaSettings(target, List.of("public"), contractFile, null, null),
                CONNECTIONS, SchemaCheckGroup.statementTimeout(TIMEOUT), s -> { });
    }

    @SuppressWarnings("unchecked")
    private static List<Difference> differences(ProbeResult r) {
        return (List<Difference>) r.details().get("differences");
    }

    @Test
    void anUnchangedCatalogIsAnsweredByItsHashAloneAndAChangeSendsTheSnapshotAgain() throws Exception {
        String db = cloneGolden();
        try (Connection c = pg.connect(db)) {
            CatalogReader.Read first = CatalogReader.readIfChanged(new JdbcSql(c), List.of("public"), null);
            assertThat(first.snapshot()).isEqualTo(CatalogReader.read(new JdbcSql(c), List.of("public")));
            // no fingerprint to compare (as every twentieth read): the catalog query runs and answers its hash alone
            CatalogReader.Read byHash = new CatalogReader.Read(null, first.hash(), null, 0);
            CatalogReader.Read again = CatalogReader.readIfChanged(new JdbcSql(c), List.of("public"), byHash);
            assertThat(again.hash()).isEqualTo(first.hash());
            assertThat(again.snapshot()).as("unchanged: only the hash travels").isNull();
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE public.sessions DROP COLUMN expires_at");
            }
            CatalogReader.Read changed = CatalogReader.readIfChanged(new JdbcSql(c), List.of("public"), byHash);
            assertThat(changed.hash()).isNotEqualTo(first.hash());
            assertThat(changed.snapshot().tables().get("public.sessions").columns()).doesNotContainKey("expires_at");
        }
    }

    @Test
    void aDropAfterUnchangedRunsIsStillFoundAndEqualSchemasShareOneSnapshot() throws Exception {
        String db = cloneGolden();
        SnapshotInterner interner = new SnapshotInterner();
        List<SchemaSnapshot> seen = new java.util.ArrayList<>();
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl(db), "postgres", new Secret(""));
        try (SchemaProbe probe = new SchemaProbe("public", new SchemaSettings(target, List.of("public"), contract, null, null),
                CONNECTIONS, SchemaCheckGroup.statementTimeout(TIMEOUT), seen::add, interner)) {
            assertThat(probe.probe(TIMEOUT).outcome()).isEqualTo(Outcome.OK);
            assertThat(probe.probe(TIMEOUT).outcome()).isEqualTo(Outcome.OK);
            assertThat(seen.get(1)).as("the live schema equals the contract: one instance for both")
                    .isSameAs(seen.get(0)).isSameAs(interner.intern(ContractFile.parse(contract)));
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE public.sessions DROP COLUMN expires_at");
            }
            ProbeResult dropped = probe.probe(TIMEOUT);
            assertThat(dropped.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(dropped.reason()).contains("sessions.expires_at");
        }
    }

    @Test
    void theCommittedContractMatchesAFreshBuildOfTheMigrations() throws Exception {
        SchemaSnapshot committed = ContractFile.parse(PostgresServer.PROJECT.resolve("config/contracts/local.json"));
        SchemaSnapshot fresh = ContractFile.parse(contract);
        assertThat(SchemaComparator.compare(committed, fresh)).isEmpty();
        assertThat(fresh.tables()).hasSizeGreaterThanOrEqualTo(20).containsKeys(
                "public.auth_api_keys", "public.tokenhall_api_keys", "public.sessions", "public.credits", "public.models");
        assertThat(fresh.functions()).containsKey("public.deduct_credits_with_key_limit("
                + "p_agent_id uuid, p_key_id uuid, p_amount numeric, p_description text, p_reference_id text)");
    }

    @Test
    void aDatabaseThatMatchesItsContractIsOk() throws Exception {
        try (SchemaProbe probe = probe(cloneGolden(), contract)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.OK);
            assertThat(r.reason()).startsWith("matches contract");
            assertThat(differences(r)).isEmpty();
            assertThat(r.measurements()).as("a kind never found exports no series").isEmpty();
        }
    }

    @Test
    void aKindOnceFoundKeepsItsSeriesAtZeroAndNoOtherKindIsExported() throws Exception {
        String db = cloneGolden();
        try (SchemaProbe probe = probe(db, contract)) {
            assertThat(probe.probe(TIMEOUT).measurements()).isEmpty();
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE public.sessions ALTER COLUMN expires_at DROP NOT NULL");
            }
            ProbeResult drift = probe.probe(TIMEOUT);
            assertThat(drift.measurements()).extracting(m -> m.labels().get("kind") + "=" + m.value())
                    .containsExactly("nullability_mismatch=1.0");
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE public.sessions ALTER COLUMN expires_at SET NOT NULL");
            }
            ProbeResult repaired = probe.probe(TIMEOUT);
            assertThat(repaired.outcome()).as(repaired.reason()).isEqualTo(Outcome.OK);
            assertThat(repaired.measurements()).as("the series drops to 0 instead of keeping its last count")
                    .extracting(m -> m.labels().get("kind") + "=" + m.value()).containsExactly("nullability_mismatch=0.0");
        }
    }

    static Stream<Arguments> injectedDrift() {
        return Stream.of(
                Arguments.of("ALTER TABLE public.tokenhall_api_keys DROP COLUMN rate_limit_rpm",
                        DifferenceKind.MISSING_COLUMN, Severity.CRITICAL, "public.tokenhall_api_keys.rate_limit_rpm"),
                Arguments.of("ALTER TABLE public.models ALTER COLUMN input_price_per_million TYPE double precision",
                        DifferenceKind.TYPE_MISMATCH, Severity.CRITICAL, "public.models.input_price_per_million"),
                Arguments.of("ALTER TABLE public.sessions ALTER COLUMN expires_at DROP NOT NULL",
                        DifferenceKind.NULLABILITY_MISMATCH, Severity.WARNING, "public.sessions.expires_at"),
                Arguments.of("ALTER TABLE public.auth_api_keys ALTER COLUMN revoked SET DEFAULT true",
                        DifferenceKind.DEFAULT_MISMATCH, Severity.WARNING, "public.auth_api_keys.revoked"),
                Arguments.of("ALTER TABLE public.auth_api_keys DISABLE ROW LEVEL SECURITY",
                        DifferenceKind.RLS_DISABLED, Severity.CRITICAL, "public.auth_api_keys"),
                Arguments.of("ALTER TABLE public.auth_api_keys NO FORCE ROW LEVEL SECURITY",
                        DifferenceKind.RLS_NOT_FORCED, Severity.WARNING, "public.auth_api_keys"),
                Arguments.of("DROP POLICY \"service role manages keys\" ON public.auth_api_keys",
                        DifferenceKind.MISSING_POLICY, Severity.CRITICAL, "public.auth_api_keys policy \"service role manages keys\""),
                Arguments.of("ALTER POLICY \"owners read their keys\" ON public.auth_api_keys TO anon",
                        DifferenceKind.POLICY_MISMATCH, Severity.CRITICAL, "public.auth_api_keys policy \"owners read their keys\""),
                Arguments.of("DROP INDEX public.sessions_refresh_token_hash_idx",
                        DifferenceKind.MISSING_INDEX, Severity.WARNING, "public.sessions_refresh_token_hash_idx"),
                Arguments.of("DROP FUNCTION public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text)",
                        DifferenceKind.MISSING_FUNCTION, Severity.CRITICAL,
                        "public.deduct_credits_with_key_limit(p_agent_id uuid, p_key_id uuid, p_amount numeric, p_description text, p_reference_id text)"),
                Arguments.of("DROP FUNCTION public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text);"
                                + "CREATE FUNCTION public.deduct_credits_with_key_limit(p_agent_id uuid, p_key_id uuid, p_amount numeric)"
                                + " RETURNS boolean LANGUAGE sql AS 'select true'",
                        DifferenceKind.FUNCTION_MISMATCH, Severity.CRITICAL, "public.deduct_credits_with_key_limit"),
                Arguments.of("CREATE OR REPLACE FUNCTION public.current_account_id() RETURNS uuid LANGUAGE sql STABLE"
                                + " SECURITY DEFINER SET search_path = public AS 'select null::uuid'",
                        DifferenceKind.FUNCTION_BODY_MISMATCH, Severity.WARNING, "public.current_account_id()"),
                Arguments.of("DROP TABLE public.credit_transactions CASCADE",
                        DifferenceKind.MISSING_TABLE, Severity.CRITICAL, "public.credit_transactions"),
                Arguments.of("CREATE TABLE public.zz_scratch (id int)",
                        DifferenceKind.EXTRA_OBJECT, Severity.INFO, "public.zz_scratch"));
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("injectedDrift")
    void everyDifferenceInjectedByRealDdlIsFoundWithItsKindAndSeverity(String ddl, DifferenceKind kind, Severity severity,
                                                                        String object) throws Exception {
        String db = cloneGolden();
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(ddl);
        }
        try (SchemaProbe probe = probe(db, contract)) {
            ProbeResult r = probe.probe(TIMEOUT);
            DriftAssertions.assertDrift(r, kind, severity, object);
            assertThat(r.reason()).contains(object);
        }
    }

    @Test
    void aDroppedColumnIsReportedWithExpectedAndActual() throws Exception {
        String db = cloneGolden();
        pg.execute(db, "ALTER TABLE public.tokenhall_api_keys DROP COLUMN expires_at");
        try (SchemaProbe probe = probe(db, contract)) {
            Difference d = differences(probe.probe(TIMEOUT)).stream()
                    .filter(x -> x.kind() == DifferenceKind.MISSING_COLUMN).findFirst().orElseThrow();
            assertThat(d.object()).isEqualTo("public.tokenhall_api_keys.expires_at");
            assertThat(d.expected()).isEqualTo("timestamp with time zone");
            assertThat(d.actual()).isNull();
        }
    }

    @Test
    void withoutExpectedStateTheCheckIsOkAndSaysSo() throws Exception {
        try (SchemaProbe probe = probe(cloneGolden(), null)) {
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.OK);
            assertThat(r.reason()).startsWith("no expected state");
        }
    }

    @Test
    void aReferenceEnvironmentIsComparedLive() throws Exception {
        String staging = cloneGolden();
        String production = cloneGolden();
        PostgresDatabase prod = new PostgresDatabase(pg.jdbcUrl(production), "postgres", new Secret(""));
        PostgresDatabase ref = new PostgresDatabase(pg.jdbcUrl(staging), "postgres", new Secret(""));
        try (SchemaProbe probe = new SchemaProbe("public", new SchemaSettings(prod, List.of("public"), null, "staging", ref),
                CONNECTIONS, SchemaCheckGroup.statementTimeout(TIMEOUT), s -> { })) {
            assertThat(probe.probe(TIMEOUT).outcome()).isEqualTo(Outcome.OK);
            pg.execute(staging, "ALTER TABLE public.sessions ADD COLUMN device_label text");
            ProbeResult r = probe.probe(TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.reason()).contains("reference environment staging").contains("public.sessions.device_label");
        }
    }

    @Test
    void aQueryPastTheStatementTimeoutIsUnknownAndTheConnectionIsReused() throws Exception {
        String db = cloneGolden();
        Duration timeout = Duration.ofSeconds(1);
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl(db), "postgres", new Secret(""));
        try (SchemaProbe probe = new SchemaProbe("public", new SchemaSettings(target, List.of("public"), contract, null, null),
                CONNECTIONS, SchemaCheckGroup.statementTimeout(timeout), s -> { })) {
            assertThat(probe.probe(timeout).outcome()).isEqualTo(Outcome.OK);
            try (Connection locker = pg.connect(db); Statement s = locker.createStatement()) {
                locker.setAutoCommit(false);
                s.execute("LOCK TABLE pg_catalog.pg_policy IN ACCESS EXCLUSIVE MODE");
                ProbeResult r = probe.probe(timeout);
                assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
                assertThat(r.reason()).contains("statement timeout");
                locker.rollback();
            }
            assertThat(probe.probe(timeout).outcome()).isEqualTo(Outcome.OK);
        }
    }

    @Test
    void aSchemaOfOverAThousandColumnsTakesAsManyRoundTripsAsASmallOne() throws Exception {
        String small = "small_schema";
        pg.createDatabase(small, null);
        pg.execute(small, "CREATE TABLE public.only_table (id int PRIMARY KEY)");
        int smallTrips = roundTripsPerRun(small);
        String large = cloneGolden();
        int largeTrips = roundTripsPerRun(large);
        assertThat(ContractFile.parse(contract).tables().values().stream().mapToInt(t -> t.columns().size()).sum())
                .isGreaterThan(1000);
        assertThat(largeTrips).isEqualTo(smallTrips).isEqualTo(1);
    }

    /** Statements the server logged for one run on an open connection. */
    private static int roundTripsPerRun(String db) throws Exception {
        try (SchemaProbe probe = probe(db, null)) {
            probe.probe(TIMEOUT);
            int before = statementsLogged(db);
            probe.probe(TIMEOUT);
            probe.probe(TIMEOUT);
            int after = dev.driftwatch.testsupport.Await.until(Duration.ofSeconds(5), () -> statementsLogged(db),
                    n -> n >= before + 2, "statements of two runs in the server log");
            return (after - before) / 2;
        }
    }

    private static int statementsLogged(String db) {
        try {
            String prefix = "driftwatch|" + db + "|LOG:  ";
            return (int) pg.log().lines().filter(l -> l.startsWith(prefix)
                    && (l.startsWith(prefix + "execute") || l.startsWith(prefix + "statement:"))).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
