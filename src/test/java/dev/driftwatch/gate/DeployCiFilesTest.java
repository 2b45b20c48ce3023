package dev.driftwatch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.Gates.Result;
import dev.driftwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CI examples under deploy/ci: every YAML file parses, and the release workflow, read step by step, cannot
 * deploy before its schema gate has passed (its steps run as written in {@link ReleaseWorkflowTest}).
 */
class DeployCiFilesTest {
    private static final Path CI = PostgresServer.PROJECT.resolve("deploy/ci");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode read(String file) throws Exception {
        return YAML.readTree(CI.resolve(file).toFile());
    }

    private static List<String> stepNames(JsonNode job) {
        List<String> names = new ArrayList<>();
        job.path("steps").forEach(s -> names.add(s.path("name").asText(s.path("uses").asText(s.path("run").asText()))));
        return names;
    }

    @Test
    void everyYamlFileParsesAndTheShellGateIsValidBash() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(CI)) {
            files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("argo-analysis-prometheus.yaml",
                "argo-analysis-web.yaml", "flagger-webhook.yaml", "github-actions-release.yml");
        for (Path f : files) {
            assertThat(YAML.readTree(f.toFile()).isObject()).as(f.toString()).isTrue();
        }
        Result syntax = Gates.exec(List.of("bash", "-n", Gates.SCRIPT.toString()), CI, java.util.Map.of());
        assertThat(syntax.code()).as(syntax.all()).isZero();
        assertThat(Files.isExecutable(Gates.SCRIPT)).isTrue();
    }

    @Test
    void theReleaseWorkflowDeploysOnlyAfterTheSchemaGateAndGatesAgainSinceTheDeploy() throws Exception {
        JsonNode jobs = read("github-actions-release.yml").path("jobs");
        assertThat(jobs.path("build").path("needs").asText()).isEqualTo("typecheck");
        assertThat(jobs.path("schema").path("needs").asText()).isEqualTo("build");
        assertThat(jobs.path("deploy").path("needs").asText()).isEqualTo("schema");
        assertThat(jobs.path("verify").path("needs").asText()).isEqualTo("deploy");
        assertThat(jobs.path("deploy").has("if")).as("deploy runs only when every job before it succeeded").isFalse();
        assertThat(jobs.path("inspect").path("if").asText()).isEqualTo("always()");

        assertThat(stepNames(jobs.path("schema"))).containsSubsequence("Push migrations", "Gate: schema and migrations");
        assertThat(stepNames(jobs.path("verify"))).containsSubsequence("Smoke", "Gate: everything, since the deploy");
        assertThat(stepNames(jobs.path("deploy"))).containsSubsequence("Deploy to Vercel", "Release marker");
        String schemaGate = ReleaseWorkflowTest.step(read("github-actions-release.yml"), "schema", "Gate: schema and migrations")
                .path("run").asText();
        assertThat(schemaGate).contains("--checks schema,migrations", "--since \"$PUSHED_AT\"", "--migrations supabase/migrations");
        String finalGate = ReleaseWorkflowTest.step(read("github-actions-release.yml"), "verify", "Gate: everything, since the deploy")
                .path("run").asText();
        assertThat(finalGate).contains("--since \"$DEPLOYED_AT\"", "--strict").doesNotContain("--checks");
        assertThat(ReleaseWorkflowTest.step(read("github-actions-release.yml"), "schema", "Push migrations").path("run").asText())
                .contains("supabase db push").contains("PUSHED_AT=");

        String text = Files.readString(CI.resolve("github-actions-release.yml"));
        assertThat(text).as("tools pinned").doesNotContain("@latest").doesNotContainPattern("version: *latest")
                .containsPattern("VERCEL_CLI_VERSION: \\d+\\.\\d+\\.\\d+").containsPattern("SUPABASE_CLI_VERSION: \\d+\\.\\d+\\.\\d+");
        jobs.fields().forEachRemaining(job -> {
            if (job.getValue().toString().contains("DRIFTWATCH")) {
                assertThat(job.getValue().path("runs-on").toString()).as(job.getKey() + " reaches driftwatch from inside its network")
                        .contains("self-hosted");
            }
            assertThat(job.getValue().has("continue-on-error")).as(job.getKey()).isFalse();
            job.getValue().path("steps").forEach(step -> {
                assertThat(step.has("continue-on-error")).as(job.getKey() + " " + step).isFalse();
                assertThat(step.path("run").asText()).as("no expression expanded into a script").doesNotContain("${{");
            });
        });
    }

    @Test
    void theArgoAndFlaggerExamplesAskTheVerdict() throws Exception {
        JsonNode web = read("argo-analysis-web.yaml");
        assertThat(web.path("kind").asText()).isEqualTo("AnalysisTemplate");
        JsonNode metric = web.path("spec").path("metrics").get(0);
        assertThat(metric.path("provider").path("web").path("url").asText())
                .contains("/api/v1/environments/{{args.environment}}/verdict?status=200");
        assertThat(metric.path("provider").path("web").path("jsonPath").asText()).isEqualTo("{$.verdict}");
        assertThat(metric.path("failureCondition").asText()).isEqualTo("result == \"fail\"");

        JsonNode prometheus = read("argo-analysis-prometheus.yaml");
        assertThat(prometheus.path("spec").path("metrics").get(0).path("provider").path("prometheus").path("query").asText())
                .contains("driftwatch_verdict{environment=\"{{args.environment}}\", verdict=\"fail\"}");

        JsonNode flagger = read("flagger-webhook.yaml");
        assertThat(flagger.path("kind").asText()).isEqualTo("Canary");
        JsonNode hooks = flagger.path("spec").path("analysis").path("webhooks");
        assertThat(hooks.get(0).path("type").asText()).isEqualTo("pre-rollout");
        assertThat(hooks.get(0).path("metadata").path("type").asText()).isEqualTo("bash");
        assertThat(hooks.get(0).path("metadata").path("cmd").asText())
                .startsWith("curl -fsS").contains("/verdict?checks=schema,migrations");
    }
}
