package dev.driftwatch.monitoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.monitoring.Dashboards.Panel;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.Command;
import dev.driftwatch.testsupport.Gates;
import dev.driftwatch.testsupport.LoopbackServer;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The alerts and dashboards against a real Prometheus scraping this driftwatch, whose {@code drifted}
 * environment has drift injected (see PrometheusStackResource): the expected alerts reach firing through
 * Prometheus's HTTP API, the Alertmanager routes and inhibits them as deploy/alertmanager says, and every dashboard
 * query returns data.
 */
@QuarkusTest
@WithTestResource(PrometheusStackResource.class)
class RealPrometheusTest {
    /** Scrapes every second, checks every second, {@code for:} rewritten to 1s: generous for a loaded CI machine. */
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String ENV = PrometheusStackResource.ENVIRONMENT;

    /**
     * The alerts the injected drift must bring to firing, by their labels: the dropped column and the CHECK
     * constraint that went with it are critical, the partial index that went with it a warning, the unrecorded migration pending, the limiter fails open, the
     * OpenAI key is rejected, the OpenRouter limit is spent, Anthropic cannot be verified, the verdict fails, and the
     * app's OpenRouter catalog sells a model OpenRouter does not list and one below its price.
     */
    static final List<Map<String, String>> EXPECTED_FIRING = List.of(
            Map.of("alertname", "DriftwatchSchemaDrift", "environment", ENV, "target", "public", "severity", "critical"),
            Map.of("alertname", "DriftwatchSchemaDrift", "environment", ENV, "target", "public", "severity", "warning"),
            Map.of("alertname", "DriftwatchMigrationsPending", "environment", ENV, "target", "supabase", "severity", "critical"),
            Map.of("alertname", "DriftwatchEnvironmentFailing", "environment", ENV, "severity", "critical"),
            Map.of("alertname", "DriftwatchRateLimitFailOpen", "environment", ENV, "target", "redis", "severity", "critical"),
            Map.of("alertname", "DriftwatchProviderKeyRejected", "environment", ENV, "provider", "openai", "severity", "critical"),
            Map.of("alertname", "DriftwatchProviderQuotaExhausted", "environment", ENV, "provider", "openrouter", "severity", "critical"),
            Map.of("alertname", "DriftwatchProviderUnverifiable", "environment", ENV, "target", "anthropic", "severity", "warning"),
            Map.of("alertname", "DriftwatchCheckBlind", "environment", PrometheusStackResource.BLIND, "check", "schema",
                    "target", "public", "severity", "warning"),
            Map.of("alertname", "DriftwatchCatalogDrift", "environment", ENV, "provider", "openrouter", "severity", "critical"));

    private static int prometheus() {
        return ConfigProvider.getConfig().getValue("dwtest.prometheus-port", Integer.class);
    }

    private static int alertmanager() {
        return ConfigProvider.getConfig().getValue("dwtest.alertmanager-port", Integer.class);
    }

    /** Alerts in state firing, as Prometheus's /api/v1/alerts reports them. */
    private static List<JsonNode> firing() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode alert : LoopbackServer.getJson(prometheus(), "/api/v1/alerts").path("data").path("alerts")) {
            if (alert.path("state").asText().equals("firing")) {
                out.add(alert);
            }
        }
        return out;
    }

    /** The first alert whose labels include all of {@code labels}, or null. */
    private static JsonNode find(Iterable<JsonNode> alerts, Map<String, String> labels) {
        for (JsonNode a : alerts) {
            if (labels.entrySet().stream().allMatch(l -> a.path("labels").path(l.getKey()).asText().equals(l.getValue()))) {
                return a;
            }
        }
        return null;
    }

    private static List<JsonNode> awaitExpectedFiring() {
        try {
            Await.until(WITHIN, () -> EXPECTED_FIRING.stream().filter(e -> find(firing(), e) == null).toList(), List::isEmpty,
                    "every expected alert firing in Prometheus (listed: those not firing)");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ndriftwatch's checks of " + ENV + ": "
                    + given().get("/api/v1/environments/" + ENV).then().extract().path("checks.collect { it.id + ': ' + it.observation?.reason }"), e);
        }
        return firing();
    }

    private static JsonNode query(String promql) {
        return LoopbackServer.getJson(prometheus(), "/api/v1/query", "query", promql);
    }

    @Test
    void theInjectedDriftBringsTheExpectedAlertsToFiringWithTemplatedAnnotations() {
        List<JsonNode> firing = awaitExpectedFiring();
        for (Map<String, String> labels : EXPECTED_FIRING) {
            String name = labels.get("alertname");
            JsonNode alert = find(firing, labels);
            assertThat(alert.path("annotations").path("summary").asText()).as(name + " summary")
                    .contains(labels.get("environment")).doesNotContain("{{");
            assertThat(alert.path("annotations").path("description").asText()).as(name + " description")
                    .contains(labels.get("environment")).doesNotContain("{{");
            assertThat(alert.path("annotations").path("runbook_url").asText()).isEqualTo(AlertRulesTest.RUNBOOK_BASE + "/" + name + ".md");
        }
        assertThat(find(firing, EXPECTED_FIRING.get(0)).path("annotations").path("summary").asText())
                .isEqualTo("Critical schema drift in " + ENV + " (public), differences: 2.");
        assertThat(firing.stream().map(a -> a.path("labels").path("environment").asText()))
                .as("the blind check is not failing, and nothing else fires for it")
                .filteredOn(PrometheusStackResource.BLIND::equals).hasSize(1);
        assertThat(firing.stream().map(a -> a.path("labels").path("environment").asText()))
                .as("the healthy environment must stay quiet").doesNotContain(PrometheusStackResource.HEALTHY);
        Await.until(WITHIN, RealPrometheusTest::firing, f -> find(f, Map.of("alertname", "DriftwatchDown")) == null,
                "DriftwatchDown not firing while scraped");
    }

    @Test
    void theAlertmanagerPagesForTheSchemaDriftAndInhibitsTheCatchAll() {
        awaitExpectedFiring();
        Map<String, String> critical = EXPECTED_FIRING.get(0);
        Map<String, String> failOpen = EXPECTED_FIRING.get(4);
        Map<String, String> warning = EXPECTED_FIRING.get(1);
        Map<String, String> catchAll = EXPECTED_FIRING.get(3);
        JsonNode alerts = Await.until(WITHIN, () -> LoopbackServer.getJson(alertmanager(), "/api/v2/alerts"),
                a -> EXPECTED_FIRING.stream().allMatch(e -> find(a, e) != null)
                        && state(find(a, warning)).equals("suppressed") && state(find(a, catchAll)).equals("suppressed"),
                "the Alertmanager received every expected alert and inhibited the warning and the catch-all");
        JsonNode schema = find(alerts, critical);
        assertThat(state(schema)).isEqualTo("active");
        assertThat(schema.path("receivers").findValuesAsText("name")).containsExactlyInAnyOrder("driftwatch-pager", "driftwatch-chat");
        assertThat(find(alerts, failOpen).path("receivers").findValuesAsText("name")).containsExactlyInAnyOrder("driftwatch-pager", "driftwatch-chat");
        assertThat(state(find(alerts, failOpen))).isEqualTo("active");
        assertThat(find(alerts, EXPECTED_FIRING.get(7)).path("receivers").findValuesAsText("name")).containsExactly("driftwatch-chat");
        assertThat(find(alerts, catchAll).path("status").path("inhibitedBy")).isNotEmpty();
        assertThat(find(alerts, warning).path("status").path("inhibitedBy")).isNotEmpty();
    }

    /**
     * The read-only database login disabled: the check cannot see, so the verdict is unknown (503) and the gate
     * blocks with exit 2 naming the check; the alert's description links the reason. Marked optional, the same
     * check only warns, as before issue 19.
     */
    @Test
    void aDisabledDatabaseLoginIsUnknownBlocksTheGateAndFiresTheBlindAlertUnlessOptional() {
        JsonNode alert = find(awaitExpectedFiring(), EXPECTED_FIRING.get(8));
        String description = alert.path("annotations").path("description").asText();
        Matcher link = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/api/v1/environments/blind)").matcher(description);
        assertThat(link.find()).as(description).isTrue();
        JsonNode detail = LoopbackServer.getJson(Integer.parseInt(link.group(1)), link.group(2));
        assertThat(detail.path("checks").get(0).path("observation").path("reason").asText())
                .contains("credentials rejected").contains("not permitted to log in");

        given().get("/api/v1/environments/blind/verdict").then().statusCode(503)
                .body("verdict", equalTo("unknown"))
                .body("reasons[0]", startsWith("schema/public: cannot verify: credentials rejected"));
        String url = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", String.class);
        for (Gates.Result gate : List.of(Gates.inProcess("--url", url, "--env", "blind"), Gates.script("--url", url, "--env", "blind"))) {
            assertThat(gate.code()).as(gate.all()).isEqualTo(2);
            assertThat(gate.out()).startsWith("driftwatch gate: blind: UNKNOWN (exit 2, blocked: cannot verify schema/public)\n"
                    + "  - schema/public: cannot verify: credentials rejected");
        }

        given().get("/api/v1/environments/blindoptional/verdict").then().statusCode(200)
                .body("verdict", equalTo("warn"))
                .body("reasons[0]", startsWith("schema/public: unknown (optional): credentials rejected"));
        Gates.Result optional = Gates.inProcess("--url", url, "--env", "blindoptional");
        assertThat(optional.code()).as(optional.all()).isZero();
        assertThat(optional.out()).startsWith("driftwatch gate: blindoptional: WARN (exit 0, release may proceed)");
    }

    /** The previews' http_sd endpoint answers 500: the source reports itself, and no environment is lost. */
    @Test
    void aDiscoverySourceThatCannotBeReadFiresItsAlert() {
        JsonNode alert = Await.until(WITHIN, () -> find(firing(), Map.of("alertname", "DriftwatchDiscoveryFailing")), a -> a != null,
                "DriftwatchDiscoveryFailing firing");
        assertThat(alert.path("labels").path("source").asText()).isEqualTo("previews");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(alert.path("annotations").path("summary").asText()).contains("discovery source previews").doesNotContain("{{");
        assertThat(alert.path("annotations").path("runbook_url").asText()).isEqualTo(AlertRulesTest.RUNBOOK_BASE + "/DriftwatchDiscoveryFailing.md");
        given().get("/api/v1/discovery").then().statusCode(200).body("sources[0].up", equalTo(false))
                .body("sources[0].error", org.hamcrest.Matchers.endsWith("answered HTTP 500 (expected 200)"));
        given().get("/api/v1/environments").then().body("environments.size()", equalTo(4));
    }

    private static String state(JsonNode alert) {
        return alert == null ? "" : alert.path("status").path("state").asText();
    }

    @Test
    void everyDashboardQueryReturnsASeries() {
        awaitExpectedFiring();
        Map<String, String> live = new TreeMap<>();
        for (Panel panel : Dashboards.panels()) {
            for (int i = 0; i < panel.queries().size(); i++) {
                String expr = Dashboards.expand(panel.queries().get(i), ENV, "15s");
                JsonNode result = query(expr);
                assertThat(result.path("status").asText()).as("%s: %s -> %s", panel.id(), expr, result).isEqualTo("success");
                live.put(panel.id() + " #" + (i + 1), expr);
            }
        }
        assertThat(live).hasSizeGreaterThan(25);
        Await.until(WITHIN, () -> live.entrySet().stream().filter(q -> query(q.getValue()).path("data").path("result").isEmpty())
                        .map(Map.Entry::getKey).toList(),
                List::isEmpty, "every dashboard query returns at least one series (listed: the queries without)");
    }

    @Test
    void everyMetricTheAlertsAndDashboardsCountOnIsScraped() {
        Await.until(WITHIN, () -> {
                    Set<String> names = new TreeSet<>();
                    LoopbackServer.getJson(prometheus(), "/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
                    return names;
                }, names -> names.containsAll(MetricNames.EXPORTED),
                "Prometheus has scraped " + MetricNames.EXPORTED);
    }

    @Test
    void everyDeclaredSeriesIsScrapedWithItsHelpText() {
        String scrape = Await.until(WITHIN, () -> given().get("/q/metrics").then().extract().asString(),
                m -> SeriesDeclarations.all().stream().allMatch(s -> m.contains("\n" + s.exported())),
                "every declared series in /q/metrics");
        for (dev.driftwatch.probe.Series s : SeriesDeclarations.all()) {
            assertThat(scrape).as(s.exported()).contains("# HELP " + SeriesDeclarations.family(s) + " " + s.help() + "\n");
        }
    }

    @Test
    void theContainerHealthCheckPassesAgainstTheRunningDaemonOnly() {
        String port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", String.class);
        Command.Result up = Command.run(PostgresServer.PROJECT, Map.of("DRIFTWATCH_PORT", port), Duration.ofSeconds(30),
                List.of("bash", "deploy/container/healthcheck.sh"));
        assertThat(up.ok()).as("healthcheck.sh against the daemon: %s", up.output()).isTrue();
        Command.Result down = Command.run(PostgresServer.PROJECT, Map.of("DRIFTWATCH_PORT", Integer.toString(prometheusFreePort())),
                Duration.ofSeconds(30), List.of("bash", "deploy/container/healthcheck.sh"));
        assertThat(down.ok()).as("healthcheck.sh against a closed port").isFalse();
    }

    private static int prometheusFreePort() {
        try {
            return PostgresServer.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
