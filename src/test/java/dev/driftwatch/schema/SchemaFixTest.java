package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.JdbcSql;
import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
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
 * Every difference kind of constraints, triggers, views, sequences, extensions, grants and function attributes,
 * injected by real DDL into a copy of the reference schema; then the forward fix is applied with psql and the
 * check must pass again.
 */
class SchemaFixTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final PgConnections CONNECTIONS = new PgConnections();
    private static final String DEDUCT = "public.deduct_credits_with_key_limit(uuid, uuid, numeric, text, text)";
    private static final String DEDUCT_KEY = "public.deduct_credits_with_key_limit("
            + "p_agent_id uuid, p_key_id uuid, p_amount numeric, p_description text, p_reference_id text)";
    /** Objects the reference migrations do not have, so that every family has something to drift. */
    private static final String[] FIXTURE = {
        "CREATE SEQUENCE public.zz_booking_ids AS bigint START 1000",
        "CREATE TABLE public.zz_bookings (id bigint PRIMARY KEY DEFAULT nextval('public.zz_booking_ids'), code text NOT NULL,"
                + " during tstzrange NOT NULL, CONSTRAINT zz_bookings_code_key UNIQUE (code),"
                + " CONSTRAINT zz_bookings_no_overlap EXCLUDE USING gist (during WITH &&))",
        "REVOKE ALL ON public.zz_bookings FROM anon",
        "CREATE VIEW public.zz_open_grants WITH (security_invoker = true) AS"
                + " SELECT account_id, remaining FROM public.credit_grants WHERE remaining > 0",
        "CREATE MATERIALIZED VIEW public.zz_model_count AS SELECT count(*) AS n FROM public.models",
        "CREATE EXTENSION citext",
    };
    private static PostgresServer pg;
    private static Path contract;

    @BeforeAll
    static void golden() throws Exception {
        pg = PostgresServer.start();
        pg.createReferenceDatabase("golden", PostgresServer.MIGRATIONS);
        pg.execute("golden", FIXTURE);
        try (Connection c = pg.connect("golden")) {
            contract = Files.createTempFile("contract-", ".json");
            ContractFile.JSON.writeValue(contract.toFile(), CatalogReader.read(new JdbcSql(c), List.of("public")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        CONNECTIONS.close();
        if (pg != null) {
            pg.close();
        }
        Files.deleteIfExists(contract);
    }

    static Stream<Arguments> drift() {
        return Stream.of(
                Arguments.of("ALTER TABLE public.credit_grants DROP CONSTRAINT credit_grants_remaining_check",
                        DifferenceKind.MISSING_CONSTRAINT, Severity.CRITICAL, "public.credit_grants.credit_grants_remaining_check"),
                Arguments.of("ALTER TABLE public.credit_grants DROP CONSTRAINT credit_grants_remaining_check;"
                                + "ALTER TABLE public.credit_grants ADD CONSTRAINT credit_grants_remaining_check CHECK (remaining >= 0)",
                        DifferenceKind.CONSTRAINT_MISMATCH, Severity.CRITICAL, "public.credit_grants.credit_grants_remaining_check"),
                Arguments.of("ALTER TABLE public.credit_transactions DROP CONSTRAINT credit_transactions_agent_id_fkey;"
                                + "ALTER TABLE public.credit_transactions ADD CONSTRAINT credit_transactions_agent_id_fkey"
                                + " FOREIGN KEY (agent_id) REFERENCES public.agents (id) ON DELETE CASCADE DEFERRABLE",
                        DifferenceKind.CONSTRAINT_MISMATCH, Severity.CRITICAL, "public.credit_transactions.credit_transactions_agent_id_fkey"),
                Arguments.of("ALTER TABLE public.credit_grants DROP CONSTRAINT credit_grants_remaining_check;"
                                + "ALTER TABLE public.credit_grants ADD CONSTRAINT credit_grants_remaining_check"
                                + " CHECK (remaining >= 0 and remaining <= amount) NOT VALID",
                        DifferenceKind.CONSTRAINT_NOT_VALIDATED, Severity.WARNING, "public.credit_grants.credit_grants_remaining_check"),
                Arguments.of("ALTER TABLE public.zz_bookings DROP CONSTRAINT zz_bookings_code_key",
                        DifferenceKind.MISSING_CONSTRAINT, Severity.CRITICAL, "public.zz_bookings.zz_bookings_code_key"),
                Arguments.of("ALTER TABLE public.zz_bookings DROP CONSTRAINT zz_bookings_no_overlap",
                        DifferenceKind.MISSING_CONSTRAINT, Severity.CRITICAL, "public.zz_bookings.zz_bookings_no_overlap"),
                Arguments.of("ALTER TABLE public.credits DISABLE TRIGGER credits_touch_updated_at",
                        DifferenceKind.TRIGGER_DISABLED, Severity.CRITICAL, "public.credits.credits_touch_updated_at"),
                Arguments.of("DROP TRIGGER credits_touch_updated_at ON public.credits",
                        DifferenceKind.MISSING_TRIGGER, Severity.CRITICAL, "public.credits.credits_touch_updated_at"),
                Arguments.of("DROP TRIGGER credits_touch_updated_at ON public.credits; CREATE TRIGGER credits_touch_updated_at"
                                + " AFTER INSERT ON public.credits FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at()",
                        DifferenceKind.TRIGGER_MISMATCH, Severity.CRITICAL, "public.credits.credits_touch_updated_at"),
                Arguments.of("DROP VIEW public.zz_open_grants",
                        DifferenceKind.MISSING_VIEW, Severity.CRITICAL, "public.zz_open_grants"),
                Arguments.of("DROP MATERIALIZED VIEW public.zz_model_count",
                        DifferenceKind.MISSING_VIEW, Severity.CRITICAL, "public.zz_model_count"),
                Arguments.of("CREATE OR REPLACE VIEW public.zz_open_grants AS"
                                + " SELECT account_id, remaining FROM public.credit_grants WHERE remaining >= 0",
                        DifferenceKind.VIEW_MISMATCH, Severity.WARNING, "public.zz_open_grants"),
                Arguments.of("ALTER VIEW public.zz_open_grants SET (security_invoker = false)",
                        DifferenceKind.VIEW_SECURITY_INVOKER_OFF, Severity.CRITICAL, "public.zz_open_grants"),
                Arguments.of("ALTER TABLE public.zz_bookings ALTER COLUMN id DROP DEFAULT; DROP SEQUENCE public.zz_booking_ids",
                        DifferenceKind.MISSING_SEQUENCE, Severity.CRITICAL, "public.zz_booking_ids"),
                Arguments.of("ALTER SEQUENCE public.zz_booking_ids INCREMENT BY 5",
                        DifferenceKind.SEQUENCE_MISMATCH, Severity.WARNING, "public.zz_booking_ids"),
                Arguments.of("DROP EXTENSION citext",
                        DifferenceKind.EXTENSION_MISMATCH, Severity.INFO, "citext"),
                Arguments.of("REVOKE SELECT ON public.credits FROM authenticated",
                        DifferenceKind.MISSING_GRANT, Severity.CRITICAL, "table public.credits to authenticated"),
                Arguments.of("GRANT SELECT ON public.zz_bookings TO anon",
                        DifferenceKind.ANON_EXPOSED, Severity.CRITICAL, "table public.zz_bookings to anon"),
                Arguments.of("GRANT EXECUTE ON FUNCTION " + DEDUCT + " TO authenticated",
                        DifferenceKind.EXTRA_GRANT, Severity.WARNING, "function " + DEDUCT_KEY + " to authenticated"),
                Arguments.of("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM anon",
                        DifferenceKind.DEFAULT_PRIVILEGES_MISMATCH, Severity.WARNING,
                        "default privileges of postgres in schema public on tables to anon"),
                Arguments.of("ALTER FUNCTION public.current_account_id() VOLATILE",
                        DifferenceKind.FUNCTION_ATTRIBUTES_MISMATCH, Severity.WARNING, "public.current_account_id()"),
                Arguments.of("ALTER FUNCTION " + DEDUCT + " RESET search_path",
                        DifferenceKind.SEARCH_PATH_NOT_FIXED, Severity.CRITICAL, DEDUCT_KEY),
                Arguments.of("DROP FUNCTION " + DEDUCT,
                        DifferenceKind.MISSING_FUNCTION, Severity.CRITICAL, DEDUCT_KEY),
                Arguments.of("DROP TABLE public.credit_grants CASCADE",
                        DifferenceKind.MISSING_TABLE, Severity.CRITICAL, "public.credit_grants"));
    }

    @ParameterizedTest(name = "{1} after {0}")
    @MethodSource("drift")
    void eachDifferenceIsNamedAndTheForwardFixMakesTheCheckPassAgain(String ddl, DifferenceKind kind, Severity severity,
                                                                   String object) throws Exception {
        String db = "db" + DATABASES.incrementAndGet();
        pg.createDatabase(db, "golden");
        pg.execute(db, ddl.split(";"));
        List<SchemaSnapshot> seen = new ArrayList<>();
        try (SchemaProbe probe = probe(db, seen)) {
            DriftAssertions.assertDrift(probe.probe(TIMEOUT), kind, severity, object);
            String fix = FixScript.of(ContractFile.parse(contract), seen.get(0), "fix for " + db);
            assertThat(fix).contains("-- " + kind.description() + " " + object);
            Path file = Files.createTempFile("fix-", ".sql");
            try {
                Files.writeString(file, fix);
                pg.psql(db, List.of("-1", "-f", file.toString()));
            } finally {
                Files.delete(file);
            }
            ProbeResult after = probe.probe(TIMEOUT);
            assertThat(after.outcome()).as("after the fix:\n" + fix + "\n" + after.reason()).isEqualTo(Outcome.OK);
        }
    }

    @Test
    void destructiveRepairsAreCommentedOutWithTheReason() throws Exception {
        String db = "db" + DATABASES.incrementAndGet();
        pg.createDatabase(db, "golden");
        pg.execute(db, "ALTER TABLE public.models ALTER COLUMN input_price_per_million TYPE double precision",
                "CREATE TABLE public.zz_scratch (id int)", "ALTER TABLE public.credits DISABLE ROW LEVEL SECURITY");
        String fix;
        try (Connection c = pg.connect(db)) {
            fix = FixScript.of(ContractFile.parse(contract), CatalogReader.read(new JdbcSql(c), List.of("public")), "fix");
        }
        assertThat(fix).contains("-- NOT RUN: a type change rewrites the table")
                .contains("-- ALTER TABLE public.models ALTER COLUMN input_price_per_million TYPE numeric(12,4)")
                .contains("-- DROP TABLE public.zz_scratch;")
                .contains("\nALTER TABLE public.credits ENABLE ROW LEVEL SECURITY;\n")
                .contains("\nREVOKE ");
        assertThat(fix.indexOf("==== columns ====")).isLessThan(fix.indexOf("==== policies ===="));
        assertThat(fix.indexOf("==== policies ====")).isLessThan(fix.indexOf("==== grants ===="));
    }

    @Test
    void aV1ContractIsStillReadAndComparesOnlyWhatItRecords() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode v1 = (com.fasterxml.jackson.databind.node.ObjectNode)
                ContractFile.JSON.readTree(contract.toFile());
        v1.put("format", SchemaSnapshot.FORMAT_V1);
        v1.remove(List.of("views", "sequences", "extensions", "grants", "defaultPrivileges"));
        v1.get("tables").forEach(t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove(List.of("constraints", "triggers")));
        v1.get("functions").forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f)
                .remove(List.of("volatility", "strict", "config", "definition")));
        Path old = Files.createTempFile("contract-v1-", ".json");
        try {
            ContractFile.JSON.writeValue(old.toFile(), v1);
            SchemaSnapshot parsed = ContractFile.parse(old);
            assertThat(parsed.format()).isEqualTo(SchemaSnapshot.FORMAT_V1);
            String db = "db" + DATABASES.incrementAndGet();
            pg.createDatabase(db, "golden");
            pg.execute(db, "ALTER TABLE public.credits DISABLE TRIGGER credits_touch_updated_at",
                    "GRANT SELECT ON public.zz_bookings TO anon");
            try (Connection c = pg.connect(db)) {
                List<Difference> differences = SchemaComparator.compare(parsed, CatalogReader.read(new JdbcSql(c), List.of("public")));
                assertThat(differences).as("a v1 contract records no triggers; an anon grant on a table without RLS is seen anyway")
                        .extracting(Difference::kind).containsExactly(DifferenceKind.ANON_EXPOSED);
            }
        } finally {
            Files.delete(old);
        }
    }

    private static SchemaProbe probe(String database, List<SchemaSnapshot> seen) {
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl(database), "postgres", new Secret(""));
        return new SchemaProbe("public", new SchemaSettings(target, List.of("public"), contract, null, null),
                CONNECTIONS, SchemaCheckGroup.statementTimeout(TIMEOUT), seen::add);
    }
}
