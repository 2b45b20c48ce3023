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
 * does not know the new file; once the migration is applied the same step passes.
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
        return Gates.exec(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script), checkout, Map.of(
                "DRIFTWATCH_URL", root.toString().replaceAll("/$", ""),
                "DRIFTWATCH_ENV", "gate",
                "DRIFTWATCH_API_TOKEN", GateResource.TOKEN,
                "GATE_WAIT", wait,
                "PUSHED_AT", pushedAt));
    }

    @Test
    void theSchemaGateStepBlocksAReleaseWhoseMigrationsWereNotPushed(@TempDir Path checkout) throws Exception {
        String script = step(workflow(), "schema", "Gate: schema and migrations").path("run").asText();
        assertThat(script).doesNotContain("${{");
        Files.createDirectories(checkout.resolve(".github/driftwatch"));
        Files.copy(Gates.SCRIPT, checkout.resolve(".github/driftwatch/gate.sh"));
        Path migrations = Files.createDirectories(checkout.resolve("supabase/migrations"));
        try (Stream<Path> files = Files.list(PostgresServer.MIGRATIONS)) {
            for (Path f : files.toList()) {
                Files.copy(f, migrations.resolve(f.getFileName()));
            }
        }
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
