package dev.driftwatch.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresResource;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon end to end: a real PostgreSQL, the environments file, the API, metrics, reload and health. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ApiTest {
    /** One interval plus the timeout of the test config, and margin for a loaded CI machine. */
    private static final Duration WITHIN_ONE_INTERVAL = Duration.ofSeconds(1 + 2 + 5);

    private static int port() {
        return ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
    }

    private static Path configFile() {
        return Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class));
    }

    private static void sql(String... statements) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port() + "/app", props);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Response verdict(String env) {
        return given().when().get("/api/v1/environments/" + env + "/verdict");
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @BeforeEach
    void healthy() {
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("local").statusCode(), s -> s == 200, "local passes");
    }

    @Test
    void listAndDetailShowEveryEnvironmentCheckAndObservation() {
        given().when().get("/api/v1/environments").then().statusCode(200)
                .body("environments.name", hasItems("local", "bare"))
                .body("environments.find { it.name == 'local' }.verdict", equalTo("pass"))
                .body("environments.find { it.name == 'local' }.labels.tier", equalTo("dev"));
        given().when().get("/api/v1/environments/local").then().statusCode(200)
                .body("verdict.verdict", equalTo("pass"))
                .body("checks.id", hasItems("schema/public", "migrations/supabase"))
                .body("checks.find { it.id == 'schema/public' }.observation.outcome", equalTo("ok"))
                .body("checks.find { it.id == 'schema/public' }.observation.reason", startsWith("matches contract local.json"))
                .body("checks.find { it.id == 'migrations/supabase' }.observation.reason", equalTo("all 26 migrations applied"));
    }

    @Test
    void theVerdictAnswersReleaseGatesAndRejectsBadParameters() {
        verdict("local").then().statusCode(200)
                .body("environment", equalTo("local")).body("verdict", equalTo("pass"))
                .body("reasons[0]", equalTo("all 2 checks ok")).body("evaluatedAt", startsWith(String.valueOf(Instant.now().atZone(java.time.ZoneOffset.UTC).getYear())));
        given().queryParam("maxAge", "1ms").when().get("/api/v1/environments/local/verdict").then().statusCode(503)
                .body("verdict", equalTo("unknown")).body("reasons[0]", containsString("max age 1ms"));
        given().queryParam("checks", "migrations").queryParam("strict", "true").when().get("/api/v1/environments/local/verdict")
                .then().statusCode(200).body("checks.check", org.hamcrest.Matchers.contains("migrations/supabase"));
        given().queryParam("since", Instant.now().plusSeconds(3600).toString()).when().get("/api/v1/environments/local/verdict")
                .then().statusCode(503).body("verdict", equalTo("unknown"));
        given().queryParam("maxAge", "soon").when().get("/api/v1/environments/local/verdict").then().statusCode(400)
                .body("error", equalTo("parameter maxAge: 'soon' is not a duration such as 90s, 5m or 1h"));
        given().queryParam("strict", "yes").when().get("/api/v1/environments/local/verdict").then().statusCode(400)
                .body("error", equalTo("parameter strict: 'yes' is not true or false"));
        given().queryParam("checks", "provider/openai").when().get("/api/v1/environments/local/verdict").then().statusCode(400)
                .body("error", startsWith("parameter checks: environment local has no check 'provider/openai'"));
        given().queryParam("since", "yesterday").when().get("/api/v1/environments/local/verdict").then().statusCode(400)
                .body("error", startsWith("parameter since:"));
        given().queryParam("limit", "0").when().get("/api/v1/environments/local/history").then().statusCode(400)
                .body("error", equalTo("parameter limit: '0' is not a whole number from 1 to 1000"));
        given().when().get("/api/v1/environments/nope/verdict").then().statusCode(404)
                .body("error", equalTo("no environment named 'nope' (GET /api/v1/environments lists them)"));
    }

    /**
     * The plain request is answered before the REST layer (VerdictRoute); with a parameter that changes nothing it goes
     * through the resource. Both answer alike: status, headers, and the body but for its fresh evaluatedAt.
     */
    @Test
    void thePlainVerdictAnswersLikeTheResourceAndIsEvaluatedForEachRequest() {
        // A check may run between the two requests (observedAt changes): the pair is taken again until none did.
        Response[] pair = Await.until(WITHIN_ONE_INTERVAL, () -> new Response[] {verdict("local"),
                given().queryParam("strict", "false").when().get("/api/v1/environments/local/verdict")},
                p -> withoutTime(p[0]).equals(withoutTime(p[1])), "the plain and the resource's answer have the same body");
        Response plain = pair[0];
        Response viaResource = pair[1];
        assertThat(plain.statusCode()).isEqualTo(viaResource.statusCode()).isEqualTo(200);
        assertThat(plain.contentType()).isEqualTo(viaResource.contentType());
        assertThat(headerNames(plain)).isEqualTo(headerNames(viaResource));
        assertThat(plain.asString()).contains("\"evaluatedAt\":");
        Response again = verdict("local");
        assertThat(Instant.parse(again.path("evaluatedAt"))).isAfter(Instant.parse(plain.path("evaluatedAt")));
        given().when().head("/api/v1/environments/local/verdict").then().statusCode(200);
        assertThat(given().accept("text/html").when().get("/api/v1/environments/local/verdict").statusCode())
                .isEqualTo(given().accept("text/html").queryParam("strict", "false").when().get("/api/v1/environments/local/verdict").statusCode());
        given().accept("text/html, application/json").when().get("/api/v1/environments/local/verdict").then().statusCode(200);
        given().urlEncodingEnabled(false).when().get("/api/v1/environments/lo%63al/verdict").then().statusCode(200).body("environment", equalTo("local"));
    }

    private static String withoutTime(Response r) {
        return r.asString().replaceFirst("\"evaluatedAt\":\"[^\"]+\"", "");
    }

    private static java.util.List<String> headerNames(Response r) {
        return r.headers().asList().stream().map(h -> h.getName().toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    }

    @Test
    void droppingAContractColumnFailsTheVerdictNamingItAndItsForwardFixRestoresIt() throws Exception {
        sql("ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
        String fix = null;
        try {
            // fail, not any 503: on a loaded machine a run can time out first and make the verdict unknown for a moment
            Response failing = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("local"),
                    r -> r.statusCode() == 503 && "fail".equals(r.jsonPath().getString("verdict")), "local fails");
            given().when().get("/api/v1/environments/local").then()
                    .body("checks.find { it.id == 'schema/public' }.observation.details.fix",
                            equalTo("/api/v1/environments/local/schema/fix.sql"));
            fix = given().when().get("/api/v1/environments/local/schema/fix.sql").then().statusCode(200)
                    .contentType(startsWith("text/plain")).extract().asString();
            assertThat(fix).contains("-- missing column public.auth_api_keys.revoked")
                    .contains("ALTER TABLE public.auth_api_keys ADD COLUMN revoked boolean DEFAULT false NOT NULL;")
                    .contains("ALTER TABLE public.auth_api_keys ADD CONSTRAINT auth_api_keys_revoked_consistency");
            failing.then().body("verdict", equalTo("fail"))
                    .body("reasons[0]", containsString("missing column public.auth_api_keys.revoked"));
            String m = metrics();
            assertThat(m).contains("driftwatch_schema_differences{environment=\"local\",kind=\"missing_column\",target=\"public\"} 1.0")
                    .contains("driftwatch_verdict{environment=\"local\",verdict=\"fail\"} 1.0")
                    .contains("driftwatch_check_up{check=\"schema\",environment=\"local\",target=\"public\"} 0.0")
                    .contains("driftwatch_check_outcome{check=\"schema\",environment=\"local\",outcome=\"drift\",target=\"public\"} 1.0");
        } finally {
            // one statement string, one transaction: a run in between would see a half-restored table
            sql(fix != null ? fix : "ALTER TABLE public.auth_api_keys ADD COLUMN revoked boolean NOT NULL DEFAULT false; "
                    + "CREATE INDEX auth_api_keys_active_idx ON public.auth_api_keys USING btree (account_id) WHERE (NOT revoked);"
                    + "ALTER TABLE public.auth_api_keys ADD CONSTRAINT auth_api_keys_revoked_consistency"
                    + " CHECK (NOT revoked OR revoked_at IS NOT NULL)");
        }
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("local"), r -> r.statusCode() == 200, "local passes again")
                .then().body("verdict", equalTo("pass"));
        given().queryParam("check", "schema/public").when().get("/api/v1/environments/local/history").then().statusCode(200)
                .body("transitions[0].from", equalTo("drift")).body("transitions[0].to", equalTo("ok"))
                .body("transitions[1].to", equalTo("drift"));
        given().queryParam("check", "verdict").when().get("/api/v1/environments/local/history").then().statusCode(200)
                .body("transitions[0].to", equalTo("pass")).body("transitions[1].to", equalTo("fail"))
                .body("transitions[1].reason", containsString("public.auth_api_keys.revoked"));
    }

    @Test
    void theSchemaEndpointServesAContractAndSavingItGivesAPassingCheck() throws Exception {
        Await.until(WITHIN_ONE_INTERVAL, () -> given().when().get("/api/v1/environments/bare/schema").statusCode(),
                s -> s == 200, "the schema check of bare has read the schema");
        String body = given().when().get("/api/v1/environments/bare/schema").then().statusCode(200).extract().asString();
        assertThat(body).isEqualTo(Files.readString(PostgresServer.PROJECT.resolve("config/contracts/local.json")));
        given().when().get("/api/v1/environments/bare").then()
                .body("checks[0].observation.reason", startsWith("no expected state"));

        Path saved = configFile().resolveSibling("bare.json");
        Files.writeString(saved, body);
        String original = Files.readString(configFile());
        try {
            Files.writeString(configFile(), original.replace("""
                      bare:
                        schema:
                    """, """
                      bare:
                        schema:
                          contract: bare.json
                    """));
            Await.until(WITHIN_ONE_INTERVAL, () -> given().when().get("/api/v1/environments/bare").then().extract()
                    .path("checks[0].observation.reason"), r -> String.valueOf(r).startsWith("matches contract bare.json"), "bare uses its new contract");
        } finally {
            Files.writeString(configFile(), original);
        }
    }

    @Test
    void aBadReloadKeepsTheLastGoodConfigAndSaysSo() throws Exception {
        String original = Files.readString(configFile());
        try {
            Files.writeString(configFile(), original.replace("interval: 1s", "interval: 1 second"));
            Await.until(WITHIN_ONE_INTERVAL, ApiTest::metrics, m -> m.contains("driftwatch_config_last_reload_success 0.0"), "reload failure exported");
            // The reloader may first catch the file half-written (empty): wait for the error of the whole file.
            Await.until(WITHIN_ONE_INTERVAL, () -> given().when().get("/q/health/ready"),
                    r -> r.body().asString().contains("interval: '1 second' is not a duration"),
                    "the bad interval reported").then().statusCode(200);
            verdict("local").then().statusCode(200);
        } finally {
            Files.writeString(configFile(), original);
        }
        Await.until(WITHIN_ONE_INTERVAL, ApiTest::metrics, m -> m.contains("driftwatch_config_last_reload_success 1.0"), "reload success exported");
    }

    @Test
    void theDesignsMetricsHealthAndOpenApiAreServed() {
        String m = metrics();
        assertThat(m).contains("driftwatch_check_up{check=\"migrations\",environment=\"local\",target=\"supabase\"} 1.0")
                .contains("driftwatch_check_outcome{check=\"schema\",environment=\"local\",outcome=\"ok\",target=\"public\"} 1.0")
                .containsPattern("driftwatch_check_duration_seconds\\{check=\"schema\",environment=\"local\",target=\"public\"} [0-9.E-]+\n")
                .contains("driftwatch_check_last_run_timestamp_seconds{check=\"schema\"")
                .contains("driftwatch_check_last_ok_timestamp_seconds{check=\"schema\"")
                .contains("driftwatch_schema_differences{environment=\"local\",kind=\"pending_migration\",target=\"supabase\"} 0.0")
                .contains("driftwatch_verdict{environment=\"local\",verdict=\"pass\"} 1.0")
                .contains("driftwatch_build_info{version=")
                .doesNotContain("jdbc:postgresql");
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/environments/{env}/verdict"))
                .body(containsString("/api/v1/environments/{env}/schema"));
    }
}
