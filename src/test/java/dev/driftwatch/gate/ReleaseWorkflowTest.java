package dev.driftwatch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.GateResource;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions example's schema gate, run as GitHub would run it (its {@code run:} script, with bash -eo
 * pipefail, in a checkout holding the release's migrations and the vendored gate.sh) against the daemon: a release
 * whose migration is not applied in the environment is blocked, even though driftwatch's own migrations directory
 * does not know the new file; once the migration is applied the same step passes. And the workflow's driftwatch
 * steps in their order, release marker included, pass and then fail on a dropped column.
 */
@QuarkusTest
@WithTestResource(GateResource.class)
class ReleaseWorkflowTest {
    static final Path WORKFLOW = PostgresServer.PROJECT.resolve("deploy/ci/github-actions-release.yml");

    @TestHTTPResource("/")
    URL root;

    static JsonNode workflow() throws IOException {
        return new YAMLMapper().readTree(WORKFLOW.toFile());
    }

    static JsonNode step(JsonNode workflow, String job, String name) {
        for (JsonNode step : workflow.path("jobs").path(job).path("steps")) {
            if (name.equals(step.path("name").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step '" + name + "' in job " + job);
    }

    private Result runStep(String script, Path checkout, String pushedAt, String wait) {
        return runStep(script, checkout, Map.of("PUSHED_AT", pushedAt, "GATE_WAIT", wait));
    }

    /** A step's script as GitHub runs it, with the workflow's env, the job's env as given and the secret token. */
    private Result runStep(String script, Path checkout, Map<String, String> jobEnv) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DRIFTWATCH_URL", root.toString().replaceAll("/$", ""),
                "DRIFTWATCH_ENV", "gate",
                "DRIFTWATCH_API_TOKEN", GateResource.TOKEN,
                "GATE_WAIT", "30s"));
        env.putAll(jobEnv);
        return Gates.exec(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script), checkout, env);
    }

    private static Path checkout(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(".github/driftwatch"));
        Files.copy(Gates.SCRIPT, dir.resolve(".github/driftwatch/gate.sh"));
        Path migrations = Files.createDirectories(dir.resolve("supabase/migrations"));
        try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
            for (Path f : files.toList()) {
                Files.copy(f, migrations.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The workflow's driftwatch steps in their order (schema gate after the push, release marker after the deploy,
     * the strict final gate since the deploy), each as GitHub runs it with the token of the documented Secret: a
     * healthy release passes every one and leaves its marker; the same final gate fails once a column is dropped.
     */
    @Test
    void theWorkflowsDriftwatchStepsPassInOrderAndTheFinalGateFailsOnADroppedColumn(@TempDir Path dir) throws Exception {
        JsonNode workflow = workflow();
        Path checkout = checkout(dir);
        List<String> scripts = List.of(step(workflow, "schema", "Gate: schema and migrations").path("run").asText(),
                step(workflow, "deploy", "Release marker").path("run").asText(),
                step(workflow, "verify", "Gate: everything, since the deploy").path("run").asText());
        assertThat(scripts.get(2)).contains("--strict");

        Result schema = Await.until(GateTest.SOON, () -> runStep(scripts.get(0), checkout, Map.of("PUSHED_AT", now())),
                r -> r.code() != 2, "the schema gate sees observations after the push");
        assertThat(schema.code()).as(schema.all()).isZero();
        assertThat(schema.out()).startsWith("driftwatch gate: gate: PASS (exit 0, release may proceed)");

        String sha = "4f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
        Result marker = runStep(scripts.get(1), checkout, Map.of("GITHUB_SHA", sha, "DEPLOYMENT_URL", "https://app-4f1c2d9.vercel.app"));
        assertThat(marker.code()).as(marker.all()).isZero();
        assertThat(marker.all()).doesNotContain(GateResource.TOKEN);
        io.restassured.RestAssured.given().get("/api/v1/environments/gate/releases").then().statusCode(200)
                .body("commit", org.hamcrest.Matchers.equalTo(sha));

        String deployedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
        Result released = Await.until(GateTest.SOON, () -> runStep(scripts.get(2), checkout, Map.of("DEPLOYED_AT", deployedAt)),
                r -> r.code() != 2, "the final gate sees observations after the deploy");
        assertThat(released.code()).as(released.all()).isZero();
        assertThat(released.out()).startsWith("driftwatch gate: gate: PASS (exit 0, release may proceed)");

        GateTest.dropRevoked();
        try {
            // the workflow writes times to the second: the next second is the first that is surely after the drop
            String droppedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
            Result blocked = Await.until(GateTest.SOON, () -> runStep(scripts.get(2), checkout,
                            Map.of("DEPLOYED_AT", droppedAt, "GATE_WAIT", "5s")), r -> r.code() != 2,
                    "the final gate sees observations after the column was dropped");
            assertThat(blocked.code()).as(blocked.all()).isEqualTo(1);
            assertThat(blocked.out()).startsWith("driftwatch gate: gate: FAIL (exit 1, blocked: the environment is verifiably wrong)")
                    .contains("schema/public: critical drift");
        } finally {
            GateTest.restoreRevoked();
        }
        Await.until(GateTest.SOON, () -> io.restassured.RestAssured.given().get("/api/v1/environments/gate/verdict").statusCode(),
                s -> s == 200, "gate passes again for the tests after this one");
    }

    @Test
    void theSchemaGateStepBlocksAReleaseWhoseMigrationsWereNotPushed(@TempDir Path checkout) throws Exception {
        String script = step(workflow(), "schema", "Gate: schema and migrations").path("run").asText();
        assertThat(script).doesNotContain("${{");
        Path migrations = checkout(checkout).resolve("supabase/migrations");
        Files.writeString(migrations.resolve("00027_invoice_notes.sql"), "ALTER TABLE public.invoices ADD COLUMN note text;\n");

        Result blocked = runStep(script, checkout, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "3s");
        assertThat(blocked.code()).as(blocked.all()).isEqualTo(1);
        assertThat(blocked.out()).startsWith("driftwatch gate: gate: FAIL (exit 1, blocked: the environment is verifiably wrong)")
                .contains("1 migration file(s) of this release not applied in gate: 00027_invoice_notes.sql");

        // `supabase db push` applies the migration and records its version; the gate's next look lets the release on.
        GateTest.sql("app", "ALTER TABLE public.invoices ADD COLUMN note text",
                "INSERT INTO supabase_migrations.schema_migrations (version, name) VALUES ('00027', '00027_invoice_notes.sql')");
        try {
            String pushedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Result released = Await.until(GateTest.SOON, () -> runStep(script, checkout, pushedAt, "30s"), r -> r.code() != 1,
                    "the step passes once the migration is applied");
            assertThat(released.code()).as(released.all()).isZero();
            assertThat(released.out()).startsWith("driftwatch gate: gate: ");
        } finally {
            GateTest.sql("app", "DELETE FROM supabase_migrations.schema_migrations WHERE version = '00027'",
                    "ALTER TABLE public.invoices DROP COLUMN IF EXISTS note");
        }
    }
}
