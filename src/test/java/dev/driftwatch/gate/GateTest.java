package dev.driftwatch.gate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.GateResource;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release gate end to end on a real PostgreSQL: the three ways to run it (in process, the JDK-only source file,
 * bash + curl) against the daemon, drift and repair, stale observations, and {@code --wait}. The probe endpoint's
 * token, rate limit and shared runs are in {@link ProbeEndpointTest}; the CI workflow's own steps in
 * {@link ReleaseWorkflowTest}.
 */
@QuarkusTest
@WithTestResource(GateResource.class)
class GateTest {
    /** A few intervals of the `gate` environment (1 s, timeout 2 s) with room for a loaded machine. */
    static final Duration SOON = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    String url() {
        return root.toString().replaceAll("/$", "");
    }

    static void sql(String database, String... statements) throws Exception {
        int port = ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
        try (Connection c = PostgresServer.connect(port, database);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static void dropRevoked() throws Exception {
        sql("app", "ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
    }

    static void restoreRevoked() throws Exception {
        sql("app", "ALTER TABLE public.auth_api_keys ADD COLUMN IF NOT EXISTS revoked boolean NOT NULL DEFAULT false",
                "CREATE INDEX IF NOT EXISTS auth_api_keys_active_idx ON public.auth_api_keys USING btree (account_id) WHERE (NOT revoked)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'auth_api_keys_revoked_consistency') THEN "
                        + "ALTER TABLE public.auth_api_keys ADD CONSTRAINT auth_api_keys_revoked_consistency "
                        + "CHECK (NOT revoked OR revoked_at IS NOT NULL); END IF; END $$");
    }

    @BeforeEach
    void bothEnvironmentsObserved() {
        Await.until(SOON, () -> given().get("/api/v1/environments/gate/verdict").statusCode(), s -> s == 200, "gate passes");
        Await.until(SOON, () -> given().get("/api/v1/environments/ondemand").then().extract().<java.util.List<Object>>path("checks.observation"),
                l -> l.stream().allMatch(o -> o != null), "ondemand observed once");
    }

    @Test
    void aHealthyEnvironmentPassesWithEveryWayOfRunningTheGate() throws Exception {
        Result inProcess = Gates.inProcess("--url", url(), "--env", "gate");
        assertThat(inProcess.code()).as(inProcess.all()).isZero();
        assertThat(inProcess.out()).startsWith("driftwatch gate: gate: PASS (exit 0, release may proceed)")
                .contains("  - all 3 checks ok");

        Result source = Gates.sourceFile("--url", url(), "--env", "gate", "--checks", "schema,migrations", "--json");
        assertThat(source.code()).as(source.all()).isZero();
        JsonNode body = JSON.readTree(source.out());
        assertThat(body.path("verdict").asText()).isEqualTo("pass");
        assertThat(body.path("checks")).hasSize(2);

        Result script = Gates.script("--url", url(), "--env", "gate", "--max-age", "1m");
        assertThat(script.code()).as(script.all()).isZero();
        assertThat(script.out()).isEqualTo(inProcess.out());
    }

    @Test
    void injectedDriftFailsTheGateNamingItAndWaitReturnsZeroOnceRepaired() throws Exception {
        dropRevoked();
        try {
            Await.until(SOON, () -> given().get("/api/v1/environments/gate/verdict").statusCode(), s -> s == 503, "gate fails");
            Result java = Gates.inProcess("--url", url(), "--env", "gate");
            assertThat(java.code()).as(java.all()).isEqualTo(GateCommand.FAIL);
            assertThat(java.out()).startsWith("driftwatch gate: gate: FAIL (exit 1, blocked: the environment is verifiably wrong)")
                    .contains("schema/public: critical drift: ").contains("missing column public.auth_api_keys.revoked");
            Result script = Gates.script("--url", url(), "--env", "gate");
            assertThat(script.code()).as(script.all()).isEqualTo(1);
            assertThat(script.out()).contains("missing column public.auth_api_keys.revoked");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> GateCommand.run(
                    new String[] {"--url", url(), "--env", "gate", "--wait", "90s", "--since", "now"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
            Await.until(SOON, () -> err.toString(StandardCharsets.UTF_8), e -> e.contains("gate: fail; waiting up to"),
                    "the waiting gate sees the fail");
            assertThat(waiting).as("still waiting while the drift lasts").isNotDone();
            restoreRevoked();
            assertThat(waiting.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(GateCommand.PASS);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("driftwatch gate: gate: PASS");
        } finally {
            restoreRevoked();
        }
    }

    @Test
    void aLimiterFailingOpenFailsTheGateNamingItAndWaitReturnsZeroOnceRedisIsWritable() throws Exception {
        int redisPort = ConfigProvider.getConfig().getValue("dwtest.redis-port", Integer.class);
        try (dev.driftwatch.testsupport.RespClient redis = new dev.driftwatch.testsupport.RespClient(redisPort, null, null)) {
            redis.call("REPLICAOF", "127.0.0.1", Integer.toString(PostgresServer.freePort()));
            try {
                Result failing = Await.until(SOON, () -> Gates.inProcess("--url", url(), "--env", "gate"),
                        r -> r.code() == GateCommand.FAIL, "the gate fails on the read-only Redis");
                assertThat(failing.out()).contains("ratelimit/redis: critical drift: ").contains("is a read-only replica")
                        .contains("the app allows every request");
                assertThat(Gates.script("--url", url(), "--env", "gate", "--checks", "ratelimit").code()).isEqualTo(1);
                assertThat(Gates.inProcess("--url", url(), "--env", "gate", "--checks", "schema,migrations").code()).isZero();

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> GateCommand.run(
                        new String[] {"--url", url(), "--env", "gate", "--wait", "90s"},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));
                Await.until(SOON, () -> err.toString(StandardCharsets.UTF_8), e -> e.contains("gate: fail; waiting up to"),
                        "the waiting gate sees the fail");
                redis.call("REPLICAOF", "NO", "ONE");
                assertThat(waiting.get(60, TimeUnit.SECONDS)).as(out + "\n" + err).isEqualTo(GateCommand.PASS);
            } finally {
                redis.call("REPLICAOF", "NO", "ONE");
            }
        }
    }

    @Test
    void observationsOlderThanMaxAgeOrFromBeforeSinceAreUnknownAndExitTwo() {
        // `ondemand` is probed once at start and then only on demand: its probes are paused as far as a gate knows.
        Result stale = Await.until(SOON, () -> Gates.inProcess("--url", url(), "--env", "ondemand", "--max-age", "1s"),
                r -> r.code() == GateCommand.UNKNOWN, "ondemand's observations pass their 1s max age");
        assertThat(stale.out()).startsWith("driftwatch gate: ondemand: UNKNOWN (exit 2, blocked: cannot verify schema/public")
                .contains("schema/public: latest observation is").contains("(max age 1s)");

        Result afterDeploy = Gates.script("--url", url(), "--env", "ondemand", "--since", "now");
        assertThat(afterDeploy.code()).as(afterDeploy.all()).isEqualTo(2);
        assertThat(afterDeploy.out()).contains("schema/public: no observation since ");

        Result waited = Gates.inProcess("--url", url(), "--env", "ondemand", "--since", "now", "--wait", "1s");
        assertThat(waited.code()).as("a wait that ends without a fresh observation is still unknown: " + waited.all()).isEqualTo(2);
    }

    @Test
    void aPendingMigrationInDriftwatchsDirectoryFailsTheSchemaGateNamingIt() throws Exception {
        Path file = Path.of(ConfigProvider.getConfig().getValue("dwtest.migrations", String.class), "00027_release_note.sql");
        Files.writeString(file, "ALTER TABLE public.invoices ADD COLUMN note text;\n");
        try {
            Result blocked = Await.until(SOON, () -> Gates.inProcess("--url", url(), "--env", "gate", "--checks", "schema,migrations"),
                    r -> r.code() == GateCommand.FAIL, "the pending migration fails the gate");
            assertThat(blocked.out()).contains("migrations/supabase: critical drift: 1 migration pending: 00027_release_note.sql");
        } finally {
            Files.delete(file);
        }
        Await.until(SOON, () -> Gates.script("--url", url(), "--env", "gate", "--checks", "migrations").code(), c -> c == 0,
                "the gate passes once the file is gone");
    }

    @Test
    void theVerdictLongPollAnswersOnceEveryCheckHasAnObservationSinceTheGivenTime() {
        Instant since = Instant.now();
        JsonNode body = given().queryParam("since", since.toString()).queryParam("wait", "30s")
                .get("/api/v1/environments/gate/verdict").then().statusCode(200).extract().as(JsonNode.class);
        assertThat(body.path("verdict").asText()).isEqualTo("pass");
        for (JsonNode check : body.path("checks")) {
            assertThat(Instant.parse(check.path("observedAt").asText())).isAfter(since);
        }
        given().queryParam("since", Instant.now().toString()).queryParam("wait", "1s")
                .get("/api/v1/environments/ondemand/verdict").then().statusCode(503)
                .body("verdict", org.hamcrest.Matchers.equalTo("unknown"))
                .body("reasons[0]", org.hamcrest.Matchers.containsString("no observation since"));
        given().queryParam("since", Instant.now().toString()).queryParam("status", "200")
                .get("/api/v1/environments/ondemand/verdict").then().statusCode(200)
                .body("verdict", org.hamcrest.Matchers.equalTo("unknown"));
        given().queryParam("wait", "10m").get("/api/v1/environments/gate/verdict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("parameter wait: '10m' is longer than the longest wait, 5m"));
        given().queryParam("wait", "soon").get("/api/v1/environments/gate/verdict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("parameter wait: 'soon' is not a duration"));
        given().queryParam("status", "always").get("/api/v1/environments/gate/verdict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("parameter status: 'always' is not 'verdict'"));
    }
}
