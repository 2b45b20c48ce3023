package dev.driftwatch.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.monitoring.Dashboards.Panel;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grafana/: the dashboards are valid Grafana JSON whose every query is valid PromQL on the design's metric names and
 * selects the chosen environment; provisioning points at them. RealPrometheusTest runs the queries for data.
 */
class DashboardsTest {
    private static final Set<String> NOT_PER_ENVIRONMENT = Set.of("up", "driftwatch_build_info",
            "driftwatch_config_last_reload_success", "driftwatch_config_last_reload_success_timestamp_seconds",
            // per discover: source (label source), not per environment
            "driftwatch_discovered_environments", "driftwatch_discovery_last_success_timestamp_seconds");

    @Test
    void theOverviewAndEnvironmentDashboardsHaveTheirPanels() {
        assertThat(Dashboards.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("driftwatch-environment.json", "driftwatch-overview.json");
        assertThat(Dashboards.panels()).extracting(Panel::id).contains(
                "driftwatch-overview/Check status (environment × check)",
                "driftwatch-overview/Verdict over time",
                "driftwatch-overview/Limiter fails open",
                "driftwatch-overview/Time since last ok",
                "driftwatch-environment/Check latency",
                "driftwatch-environment/Schema differences by kind",
                "driftwatch-environment/Provider keys",
                "driftwatch-environment/Provider credit remaining",
                "driftwatch-environment/Catalog models missing or sold at a loss",
                "driftwatch-environment/Margin of drifting models",
                "driftwatch-environment/Redis round trip against the limiter timeout",
                "driftwatch-environment/Time since last run, in intervals",
                "driftwatch-environment/Check intervals",
                "driftwatch-environment/Vercel environment variables",
                "driftwatch-environment/Deployment",
                "driftwatch-environment/Smoke requests: last status",
                "driftwatch-environment/Smoke request latency",
                "driftwatch-environment/Smoke requests let through");
    }

    /** Every series of the env, deployment and smoke checks, and the per-check interval, has a panel. */
    @Test
    void theEnvironmentDashboardCoversEveryCheckKindsSeries() {
        Set<String> used = new HashSet<>();
        Dashboards.panels().stream().filter(p -> p.dashboard().equals("driftwatch-environment"))
                .forEach(p -> p.queries().forEach(q -> used.addAll(MetricNames.referencedBy(q))));
        assertThat(used).contains("driftwatch_env_variables_required", "driftwatch_env_variables_missing",
                "driftwatch_env_variables_invalid", "driftwatch_deployment_ready", "driftwatch_deployment_commit_matches",
                "driftwatch_smoke_http_status", "driftwatch_smoke_latency_seconds", "driftwatch_smoke_fail_open",
                "driftwatch_check_interval_seconds");
    }

    /** Each panel links to driftwatch's status page: the environment's page, or the grid and each environment's page. */
    @Test
    void everyPanelLinksToTheStatusPage() {
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            List<String> vars = new ArrayList<>();
            d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
            assertThat(vars).as(file + " variables").contains("status_url");
        }
        for (Panel panel : Dashboards.panels()) {
            List<String> links = new ArrayList<>();
            panel.json().path("links").forEach(l -> links.add(l.path("url").asText()));
            assertThat(links).as(panel.id() + " panel links").isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("${status_url}/"));
            if (panel.dashboard().equals("driftwatch-environment")) {
                assertThat(links).as(panel.id()).contains("${status_url}/environments/${environment}");
            }
        }
        assertThat(Dashboards.panels()).filteredOn(p -> p.id().equals("driftwatch-overview/Verdict over time")).singleElement()
                .satisfies(p -> assertThat(p.json().path("fieldConfig").path("defaults").path("links").path(0).path("url").asText())
                        .isEqualTo("${status_url}/environments/${__field.labels.environment}"));
    }

    @Test
    void dashboardsAreGrafanaJsonWithDatasourceAndEnvironmentVariables() {
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            assertThat(uids.add(d.path("uid").asText())).as(file + " uid unique").isTrue();
            assertThat(d.path("uid").asText()).isEqualTo(file.getFileName().toString().replace(".json", ""));
            assertThat(d.path("schemaVersion").asInt()).as(file + " schemaVersion").isBetween(36, 41);
            assertThat(d.path("title").asText()).startsWith("driftwatch / ");
            Map<String, JsonNode> vars = new java.util.HashMap<>();
            d.path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));
            assertThat(vars).containsKeys("datasource", "environment");
            assertThat(vars.get("datasource").path("type").asText()).isEqualTo("datasource");
            assertThat(vars.get("datasource").path("query").asText()).isEqualTo("prometheus");
            JsonNode env = vars.get("environment");
            assertThat(env.path("type").asText()).isEqualTo("query");
            assertThat(env.path("definition").asText()).isEqualTo("label_values(driftwatch_verdict, environment)");
            assertThat(env.path("query").path("query").asText()).isEqualTo("label_values(driftwatch_verdict, environment)");
            assertThat(env.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlapOnTheGrid() {
        for (Path file : Dashboards.files()) {
            List<int[]> boxes = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : Dashboards.read(file).path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as(file + " panel id " + p.path("id")).isTrue();
                JsonNode g = p.path("gridPos");
                int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
                assertThat(box[0] + box[2]).as(file + " " + p.path("title") + " fits 24 columns").isLessThanOrEqualTo(24);
                assertThat(box[2] * box[3]).as(file + " " + p.path("title") + " has a size").isPositive();
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                    assertThat(overlap).as(file + " " + p.path("title") + " overlaps another panel").isFalse();
                }
                boxes.add(box);
            }
        }
    }

    @Test
    void everyQueryUsesTheDatasourceVariableKnownMetricsAndTheEnvironment() {
        for (Panel panel : Dashboards.panels()) {
            assertThat(panel.queries()).as(panel.id() + " queries").isNotEmpty().allSatisfy(q -> assertThat(q).isNotBlank());
            assertThat(panel.json().path("datasource").path("uid").asText()).as(panel.id()).isEqualTo("${datasource}");
            panel.json().path("targets").forEach(t ->
                    assertThat(t.path("datasource").path("uid").asText()).as(panel.id() + " target").isEqualTo("${datasource}"));
            for (String q : panel.queries()) {
                Set<String> names = MetricNames.referencedBy(q);
                assertThat(names).as(panel.id() + ": " + q).isNotEmpty().isSubsetOf(MetricNames.known());
                if (!NOT_PER_ENVIRONMENT.containsAll(names)) {
                    assertThat(q).as(panel.id() + " selects the environment variable").contains("$environment");
                }
            }
        }
    }

    /** promtool parses every query, with the variables expanded, as the expression of a recording rule. */
    @Test
    void everyQueryIsValidPromql(@TempDir Path dir) throws IOException {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int n = 0;
        for (Panel panel : Dashboards.panels()) {
            for (String q : panel.queries()) {
                String expr = Dashboards.expand(q, "production", "2m");
                rules.append("      - record: dashboard:query_").append(n++).append('\n')
                        .append("        expr: ").append(RuleFile.YAML.writeValueAsString(expr).replaceFirst("^---\\s*", "").trim()
                                .replace("\n", "\n          ")).append('\n');
            }
        }
        Path file = dir.resolve("queries.yml");
        Files.writeString(file, rules);
        Command.Result r = Command.run(PostgresServer.PROJECT, List.of("promtool", "check", "rules", file.toString()));
        assertThat(r.ok()).as("promtool check rules on the dashboard queries:\n%s\n%s", r.output(), rules).isTrue();
        assertThat(r.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void provisioningDefinesThePrometheusDatasourceAndTheDashboardsFolder() throws IOException {
        Path grafana = PostgresServer.PROJECT.resolve("grafana/provisioning");
        JsonNode ds = RuleFile.YAML.readTree(grafana.resolve("datasources/driftwatch.yaml").toFile());
        assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(ds.path("datasources")).singleElement().satisfies(d -> {
            assertThat(d.path("type").asText()).isEqualTo("prometheus");
            assertThat(d.path("url").asText()).isNotBlank();
            assertThat(d.path("isDefault").asBoolean()).as("the default datasource").isTrue();
            for (Path file : Dashboards.files()) {
                JsonNode variable = Dashboards.read(file).path("templating").path("list").get(0);
                assertThat(variable.path("name").asText()).isEqualTo("datasource");
                assertThat(variable.path("current").path("value").asText()).as(file + ": the datasource variable opens on it")
                        .isEqualTo(d.path("uid").asText());
            }
        });
        JsonNode dash = RuleFile.YAML.readTree(grafana.resolve("dashboards/driftwatch.yaml").toFile());
        assertThat(dash.path("providers")).singleElement().satisfies(p -> {
            assertThat(p.path("type").asText()).isEqualTo("file");
            assertThat(p.path("folder").asText()).isEqualTo("driftwatch");
            assertThat(p.path("options").path("path").asText()).isNotBlank();
        });
    }
}
