package dev.driftwatch.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.driftwatch.config.Secret;
import dev.driftwatch.fixtures.SmokeApp;
import dev.driftwatch.fixtures.SupabaseApiFixture;
import dev.driftwatch.fixtures.VercelApiFixture;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preview environments found through the daemon from Vercel's READY preview deployments joined with Supabase's database
 * branches (both APIs on loopback): a branch with both appears and passes, fails alone when its database drifts,
 * survives a Vercel outage, and leaves with its series after the grace once the branch is deleted; no token or
 * database password reaches the API, the metrics or the log.
 */
@QuarkusTest
@WithTestResource(VercelSupabaseDaemonResource.class)
class VercelSupabaseDaemonTest {
    /** One discovery interval (3s) plus one check interval (1s) and timeout (2s), with margin for a loaded machine. */
    private static final Duration WITHIN_AN_INTERVAL = Duration.ofSeconds(3 + 1 + 2 + 20);
    /** The grace (3s) plus one discovery interval, with the same margin. */
    private static final Duration AFTER_THE_GRACE = Duration.ofSeconds(3 + 3 + 20);
    private static final String VERCEL_TOKEN = "vercel-previews-token-" + UUID.randomUUID();
    private static final String SUPABASE_TOKEN = "sbp_" + UUID.randomUUID().toString().replace("-", "");
    private static final String PASSWORD_A = "branch-a-db-pass-" + UUID.randomUUID();
    private static final String PASSWORD_B = "branch-b-db-pass-" + UUID.randomUUID();
    private static final String PROJECT = "prj_previews";
    private static final String REF = "abcdefghijklmnopqrst";

    private static VercelApiFixture vercel;
    private static SupabaseApiFixture supabase;
    private static SmokeApp app;

    @BeforeAll
    static void start() throws IOException {
        app = new SmokeApp();
        String host = URI.create(app.url()).getAuthority();
        vercel = new VercelApiFixture(VERCEL_TOKEN).project(PROJECT, null).deploymentPageSize(1);
        supabase = new SupabaseApiFixture(SUPABASE_TOKEN, REF);
        // feat_a has a preview deployment and a database branch; feat_b has only its deployment so far
        vercel.preview(PROJECT, "dpl_a1", host, "feat_a", "a1").preview(PROJECT, "dpl_b1", host, "feat_b", "b1");
        supabase.addBranch("feat_a", "127.0.0.1", pgPort(), "postgres", PASSWORD_A);
        // One PostgreSQL stands in for every branch's database server, so the template picks the database by branch.
        writeConfig(VercelSupabaseDaemonResource.INITIAL_CONFIG.formatted(pgPort()) + """
                discover:
                  previews:
                    vercel: {token: "%1$s", project: %2$s, baseUrl: "%3$s", interval: 3s}
                    supabase: {token: "%4$s", project: %5$s, baseUrl: "%6$s"}
                    grace: 3s
                    environment: "preview-${discovered.branch}"
                    template:
                      schema:
                        url: "jdbc:postgresql://${discovered.db_host}:${discovered.db_port}/preview_${discovered.branch}"
                        user: "${discovered.db_user}"
                        password: "${discovered.db_password}"
                        reference: staging
                      smoke:
                        home: {url: "http://${discovered.url}/", expect: {status: 200}}
                """.formatted(VERCEL_TOKEN, PROJECT, vercel.baseUrl(), SUPABASE_TOKEN, REF, supabase.baseUrl()));
    }

    @AfterAll
    static void stop() throws IOException {
        writeConfig(VercelSupabaseDaemonResource.INITIAL_CONFIG.formatted(pgPort()));
        vercel.close();
        supabase.close();
        app.close();
    }

    /** Replaces the environments file at once: a reload never reads it half-written. */
    private static void writeConfig(String yaml) throws IOException {
        Path file = Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int pgPort() {
        return ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
    }

    private static JsonPath environments() {
        return given().when().get("/api/v1/environments").then().statusCode(200).extract().jsonPath();
    }

    private static String verdictOf(String env) {
        return environments().getString("environments.find { it.name == '" + env + "' }.verdict");
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static void sql(String db, String statement) throws Exception {
        try (Connection c = PostgresServer.connect(pgPort(), db); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void branchesWithADeploymentAndADatabaseArePreviewsUntilDeleted() throws Exception {
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feat_a"), "pass"::equals, "preview-feat_a passes");
        assertThat(environments().getList("environments.name", String.class))
                .as("feat_b has no database branch yet: not a preview").containsExactly("staging", "preview-feat_a");

        supabase.addBranch("feat_b", "127.0.0.1", pgPort(), "postgres", PASSWORD_B);
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feat_b"), "pass"::equals,
                "preview-feat_b passes once its Supabase branch exists");
        given().when().get("/api/v1/environments/preview-feat_a").then().statusCode(200)
                .body("discoveredBy", equalTo("previews"));
        given().when().get("/api/v1/discovery").then().statusCode(200)
                .body("sources[0].name", equalTo("previews")).body("sources[0].up", equalTo(true))
                .body("sources[0].environments", equalTo(List.of("preview-feat_a", "preview-feat_b")));
        assertThat(metrics()).contains("driftwatch_discovery_up{source=\"previews\"} 1.0")
                .contains("driftwatch_discovered_environments{source=\"previews\"} 2.0");

        sql("preview_feat_a", "ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feat_a"), "fail"::equals,
                "preview-feat_a fails once its database lost a column");
        assertThat(verdictOf("preview-feat_b")).isEqualTo("pass");
        assertThat(verdictOf("staging")).isEqualTo("pass");

        Map<String, String> captured = new LinkedHashMap<>();
        vercel.force(PROJECT, 500);
        try {
            Await.until(WITHIN_AN_INTERVAL, () -> given().when().get("/api/v1/discovery").then().extract().jsonPath(),
                    d -> !d.getBoolean("sources[0].up"), "the source reports itself down while Vercel answers 500");
            given().when().get("/api/v1/discovery").then()
                    .body("sources[0].error", startsWith("Vercel answered 500 internal_server_error to GET /v6/deployments?projectId="
                            + PROJECT + "&target=preview"))
                    .body("sources[0].environments", equalTo(List.of("preview-feat_a", "preview-feat_b")));
            assertThat(metrics()).contains("driftwatch_discovery_up{source=\"previews\"} 0.0")
                    .contains("driftwatch_discovered_environments{source=\"previews\"} 2.0");
            assertThat(environments().getList("environments.name", String.class))
                    .containsExactly("staging", "preview-feat_a", "preview-feat_b");
            captured.put("GET /api/v1/discovery (down)", given().when().get("/api/v1/discovery").then().extract().asString());
        } finally {
            vercel.force(PROJECT, 0);
        }

        vercel.removeBranch(PROJECT, "feat_a");
        supabase.removeBranch("feat_a");
        Await.until(AFTER_THE_GRACE, () -> environments().getList("environments.name", String.class),
                names -> !names.contains("preview-feat_a"), "preview-feat_a is gone after its grace");
        assertThat(environments().getList("environments.name", String.class)).containsExactly("staging", "preview-feat_b");
        given().when().get("/api/v1/environments/preview-feat_a").then().statusCode(404);
        String m = metrics();
        assertThat(m).doesNotContain("environment=\"preview-feat_a\"").contains("environment=\"preview-feat_b\"")
                .contains("driftwatch_discovered_environments{source=\"previews\"} 1.0");

        captured.put("GET /api/v1/environments", given().when().get("/api/v1/environments").then().extract().asString());
        captured.put("GET /api/v1/environments/preview-feat_b",
                given().when().get("/api/v1/environments/preview-feat_b").then().extract().asString());
        captured.put("GET /api/v1/discovery", given().when().get("/api/v1/discovery").then().extract().asString());
        captured.put("GET /q/metrics", m);
        captured.put("log file", Files.readString(Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class))));
        Map<String, String> secrets = Map.of("the Vercel token", VERCEL_TOKEN, "the Supabase token", SUPABASE_TOKEN,
                "feat_a's database password", PASSWORD_A, "feat_b's database password", PASSWORD_B);
        List<String> leaks = new ArrayList<>();
        captured.forEach((where, text) -> secrets.forEach((what, raw) -> {
            if (text.contains(raw)) {
                leaks.add(what + " (" + new Secret(raw).fingerprint() + ") in " + where);
            }
        }));
        assertThat(leaks).as("leaks (listed by fingerprint, never by value)").isEmpty();
    }
}
