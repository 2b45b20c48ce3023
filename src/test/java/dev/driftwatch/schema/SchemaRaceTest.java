package dev.driftwatch.schema;

import dev.driftwatch.platform.postgres.JdbcSql;
import dev.driftwatch.platform.postgres.PostgresDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.config.Secret;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema check racing DDL: a column with an index, a CHECK constraint and a trigger on it is added and dropped in a
 * loop while the check runs. Every observation must be a state the database was in: the contract's (ok), or the
 * contract plus the extra column and the parts of it that exist (extra objects). Never a changed index with a null
 * definition, a missing object, or a failure. A run whose every re-read raced says unknown (could not verify).
 */
class SchemaRaceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int RUNS = 300;
    private static final Set<String> EXTRA = Set.of("public.zz_race.x", "public.zz_race_x_idx", "public.zz_race.zz_race_x_check",
            "public.zz_race.zz_race_x_touch");
    private static PostgresServer pg;
    private static Path contract;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        pg.createDatabase("race", null);
        pg.execute("race", "CREATE TABLE public.zz_race (id int PRIMARY KEY)",
                "CREATE FUNCTION public.zz_touch() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end'");
        contract = Files.createTempFile("contract-", ".json");
        try (Connection c = pg.connect("race")) {
            ContractFile.JSON.writeValue(contract.toFile(), CatalogReader.read(new JdbcSql(c), List.of("public")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
        Files.deleteIfExists(contract);
    }

    @Test
    void noObservationMadeWhileDdlRunsIsAStateTheDatabaseWasNeverIn() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ddlRounds = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Exception> ddlFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread ddl = new Thread(() -> {
            try (Connection c = pg.connect("race"); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    s.execute("ALTER TABLE public.zz_race ADD COLUMN x int");
                    s.execute("CREATE INDEX zz_race_x_idx ON public.zz_race (x)");
                    s.execute("ALTER TABLE public.zz_race ADD CONSTRAINT zz_race_x_check CHECK (x > 0)");
                    s.execute("CREATE TRIGGER zz_race_x_touch BEFORE UPDATE OF x ON public.zz_race"
                            + " FOR EACH ROW EXECUTE FUNCTION public.zz_touch()");
                    s.execute("ALTER TABLE public.zz_race DROP COLUMN x CASCADE");
                    ddlRounds.incrementAndGet();
                }
            } catch (Exception e) {
                ddlFailure.set(e);
            }
        });
        ddl.start();
        List<String> impossible = new ArrayList<>();
        int unguardedInconsistent = 0;
        int unverifiable = 0;
        PgConnections connections = new PgConnections();
        PostgresDatabase target = new PostgresDatabase(pg.jdbcUrl("race"), "postgres", new Secret(""));
        try (SchemaProbe probe = new SchemaProbe("public", new SchemaSettings(target, List.of("public"), contract, null, null),
                connections, SchemaCheckGroup.statementTimeout(TIMEOUT), s -> { });
             Connection raw = pg.connect("race")) {
            for (int i = 0; i < RUNS; i++) {
                ProbeResult r = probe.probe(TIMEOUT);
                if (r.outcome() == Outcome.DRIFT) {
                    @SuppressWarnings("unchecked")
                    List<Difference> differences = (List<Difference>) r.details().get("differences");
                    differences.stream().filter(d -> d.kind() != DifferenceKind.EXTRA_OBJECT || !EXTRA.contains(d.object()))
                            .forEach(d -> impossible.add(d.describe()));
                } else if (r.outcome() == Outcome.UNKNOWN && r.reason().contains("the catalog changed during each of")) {
                    unverifiable++;
                } else if (r.outcome() != Outcome.OK) {
                    impossible.add(r.outcome() + ": " + r.reason());
                }
                if (inconsistentWithoutRetry(raw)) {
                    unguardedInconsistent++;
                }
            }
        } finally {
            stop.set(true);
            ddl.join();
            connections.close();
        }
        assertThat(ddlFailure.get()).as("the DDL loop").isNull();
        assertThat(ddlRounds.get()).as("DDL rounds during the runs").isGreaterThan(10);
        String figures = String.format("%d runs racing %d DDL rounds: %d single reads were inconsistent and would have been"
                + " recorded without the re-read; %d runs raced every re-read and said unknown", RUNS, ddlRounds.get(),
                unguardedInconsistent, unverifiable);
        System.out.println("SchemaRaceTest: " + figures);
        assertThat(impossible).as("impossible observations in " + figures).isEmpty();
        // How many runs lose every re-read to the DDL loop depends on the machine's load (53 of 300 seen on a busy
        // 2-core CI machine); the test only needs most runs to have observed something, or it would prove nothing.
        assertThat(unverifiable).as("runs that could not verify, in " + figures).isLessThan(RUNS / 2);
    }

    /** One read of the catalog query as it was before the re-read: whether its answer mixes two catalog states. */
    private static boolean inconsistentWithoutRetry(Connection c) throws Exception {
        try {
            String json = new JdbcSql(c).row(CatalogReader.CATALOG_QUERY, List.of("public"), CatalogReader.DEFAULT_ROLES)[0];
            CatalogJson.toSnapshot(new ObjectMapper().readTree(json), List.of("public"));
            return false;
        } catch (CatalogJson.InconsistentReadException e) {
            return true;
        } catch (java.sql.SQLException e) {
            return CatalogReader.raced(e);
        }
    }
}
