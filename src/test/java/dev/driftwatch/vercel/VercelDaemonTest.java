package dev.driftwatch.vercel;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.driftwatch.config.Secret;
import dev.driftwatch.fixtures.SmokeApp;
import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.fixtures.VercelApiFixture;
import dev.driftwatch.provider.ProviderType;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.VercelTestResource;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release loop through the daemon: production's Vercel environment, the deployment behind its alias, the checks
 * that read their credentials from Vercel, and the reference application's smoke checks. Each Done-when case (a
 * variable removed from production, a placeholder Upstash URL, a limiter that stops answering 429, a stale deployment
 * behind the alias) turns the verdict to fail with a reason an operator can act on, and recovers.
 */
@QuarkusTest
@WithTestResource(VercelTestResource.class)
class VercelDaemonTest {
    private static final Duration WITHIN_ONE_INTERVAL = Duration.ofSeconds(15);
    private static final String VERCEL_TOKEN = "vercel-test-token-" + java.util.UUID.randomUUID();
    private static final String PROJECT = "prj_tokenmart";
    private static final String TEAM = "team_tokenmart";
    private static final String ALIAS = "tokenmart.example.com";
    private static final String OLD_SHA = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String NEW_SHA = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    /** Every raw value the fake Vercel holds, by what it is. */
    private static final Map<String, String> VALUES = new LinkedHashMap<>();

    private static VercelApiFixture vercel;
    private static RedisServer redis;
    private static UpstashRestFixture upstash;
    private static SmokeApp app;
    private static FakeProviderServer openai;

    private static String value(String what) {
        String v = what.toLowerCase().replace('_', '-') + "-" + java.util.UUID.randomUUID().toString().replace("-", "");
        VALUES.put(what, v);
        return v;
    }

    @BeforeAll
    static void start() throws IOException {
        String upstashToken = value("UPSTASH_REDIS_REST_TOKEN");
        redis = RedisServer.start();
        upstash = new UpstashRestFixture(redis.port(), upstashToken);
        String rpm1 = value("RPM1_KEY");
        app = new SmokeApp().key(rpm1, 1);
        openai = FakeProviderServer.start(ProviderType.OPENAI);
        String openaiKey = "sk-" + value("OPENAI_API_KEY");
        VALUES.put("OPENAI_API_KEY", openaiKey);
        openai.answer(openaiKey, Scenario.OK);
        // four variables a page: production's eight are read from two pages, the oldest (NEXT_PUBLIC_SUPABASE_URL) on the second
        vercel = new VercelApiFixture(VERCEL_TOKEN).project(PROJECT, TEAM).envPageSize(4);
        String serviceRole = value("SUPABASE_SERVICE_ROLE_KEY");
        String encryption = value("ENCRYPTION_SECRET");
        vercel.set(PROJECT, "NEXT_PUBLIC_SUPABASE_URL", "https://abcdefgh.supabase.co", "plain", "production", "preview", "development")
                .set(PROJECT, "SUPABASE_SERVICE_ROLE_KEY", serviceRole, "encrypted", "production", "preview")
                .set(PROJECT, "ENCRYPTION_SECRET", encryption, "encrypted", "production", "preview")
                .set(PROJECT, "NEXT_PUBLIC_APP_URL", "https://tokenmart.example.com", "plain", "production")
                .set(PROJECT, "UPSTASH_REDIS_REST_URL", upstash.url(), "encrypted", "production", "preview")
                .set(PROJECT, "UPSTASH_REDIS_REST_TOKEN", upstashToken, "encrypted", "production", "preview")
                .set(PROJECT, "OPENAI_API_KEY", openaiKey, "encrypted", "production")
                .set(PROJECT, "ANTHROPIC_API_KEY", "sk-ant-" + value("ANTHROPIC_API_KEY"), "sensitive", "production");
        VALUES.put("ANTHROPIC_API_KEY", "sk-ant-" + VALUES.get("ANTHROPIC_API_KEY"));
        vercel.deployment("dpl_old", "tokenmart-old.vercel.app", "READY", OLD_SHA);
        vercel.deployment("dpl_new", "tokenmart-new.vercel.app", "READY", NEW_SHA);
        vercel.deployment("dpl_building", "tokenmart-b.vercel.app", "BUILDING", NEW_SHA);
        vercel.deployment("dpl_error", "tokenmart-e.vercel.app", "ERROR", NEW_SHA);
        vercel.alias(ALIAS, PROJECT, "dpl_old");
        vercel.alias("building.example.com", PROJECT, "dpl_building");
        vercel.alias("error.example.com", PROJECT, "dpl_error");
        for (int status : List.of(401, 403, 429, 500)) {
            vercel.project("prj_" + status, null);
            vercel.force("prj_" + status, status);
        }
        StringBuilder yaml = new StringBuilder("""
                interval: 300ms
                timeout: 3s
                environments:
                  production:
                    vercel:
                      baseUrl: "%1$s"
                      token: "%2$s"
                      projectId: %3$s
                      teamId: %4$s
                      required: [NEXT_PUBLIC_SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, ENCRYPTION_SECRET, NEXT_PUBLIC_APP_URL,
                                 UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN, OPENAI_API_KEY, ANTHROPIC_API_KEY]
                      urls: [NEXT_PUBLIC_SUPABASE_URL, NEXT_PUBLIC_APP_URL, UPSTASH_REDIS_REST_URL]
                      alias: %5$s
                    ratelimit:
                      upstash: {fromVercel: true}
                      prefix: "tokenmart:global"
                      limit: 30
                      window: 10s
                    providers:
                      openai: {baseUrl: "%6$s", keyFromVercel: OPENAI_API_KEY, minInterval: 1s}
                    smoke:
                      home: {url: "%7$s/", expect: {status: 200}}
                      api-unauthenticated: {url: "%7$s/api/v1/models", expect: {status: 401}}
                      cors-preflight:
                        method: OPTIONS
                        url: "%7$s/api/v1/models"
                        headers: {Origin: "https://agent.example.com", Access-Control-Request-Method: POST, Access-Control-Request-Headers: X-Agent-Id}
                        expect: {headerContains: {Access-Control-Allow-Headers: X-Agent-Id}}
                      rate-limit:
                        url: "%7$s/api/v1/models"
                        headers: {Authorization: "Bearer %8$s"}
                        repeat: 2
                        expectLast: {status: 429}
                  building:
                    vercel: {baseUrl: "%1$s", token: "%2$s", projectId: %3$s, teamId: %4$s, target: production, alias: building.example.com}
                  errored:
                    vercel: {baseUrl: "%1$s", token: "%2$s", projectId: %3$s, teamId: %4$s, target: production, alias: error.example.com}
                """.formatted(vercel.baseUrl(), VERCEL_TOKEN, PROJECT, TEAM, ALIAS, openai.baseUrl(), app.url(), rpm1));
        for (int status : List.of(401, 403, 429, 500)) {
            yaml.append("""
                      v%1$d:
                        vercel: {baseUrl: "%2$s", token: "%3$s", projectId: prj_%1$d, target: preview, required: [A]}
                    """.formatted(status, vercel.baseUrl(), VERCEL_TOKEN));
        }
        Files.writeString(configFile(), yaml.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        Files.writeString(configFile(), VercelTestResource.INITIAL_CONFIG);
        vercel.close();
        upstash.close();
        redis.close();
        app.close();
        openai.close();
        VALUES.clear();
    }

    private static Path configFile() {
        return Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class));
    }

    @BeforeEach
    void productionPasses() {
        Await.until(Duration.ofSeconds(30), () -> verdict("production"), r -> r.statusCode() == 200,
                "production passes (every check ok)");
    }

    private static Response verdict(String env) {
        return given().when().get("/api/v1/environments/" + env + "/verdict");
    }

    private static Response failing(String what) {
        Response r = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("production"), v -> v.statusCode() == 503, what);
        r.then().body("verdict", equalTo("fail"));
        return r;
    }

    private static void passesAgain(String what) {
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("production").statusCode(), s -> s == 200, what);
    }

    @Test
    void aVariableRemovedFromProductionFailsTheVerdictNamingWhereItIsStillSet() {
        vercel.remove(PROJECT, "ENCRYPTION_SECRET", "production");
        try {
            failing("production fails once ENCRYPTION_SECRET is gone from its Vercel environment").then().body("reasons",
                    hasItem("env/vercel: critical drift: missing in production: ENCRYPTION_SECRET (set for preview)"));
        } finally {
            vercel.set(PROJECT, "ENCRYPTION_SECRET", VALUES.get("ENCRYPTION_SECRET"), "encrypted", "production");
        }
        passesAgain("production passes once ENCRYPTION_SECRET is back");
        given().get("/api/v1/environments/production").then()
                .body("checks.find { it.id == 'env/vercel' }.observation.details.variables.ENCRYPTION_SECRET.fingerprint",
                        equalTo(new Secret(VALUES.get("ENCRYPTION_SECRET")).fingerprint()));
    }

    @Test
    void variablesOnEveryPageOfTheEnvListAreChecked() {
        given().get("/api/v1/environments/production").then()
                .body("checks.find { it.id == 'env/vercel' }.observation.details.variables.NEXT_PUBLIC_SUPABASE_URL.fingerprint",
                        equalTo(new Secret("https://abcdefgh.supabase.co").fingerprint()))
                .body("checks.find { it.id == 'env/vercel' }.observation.details.variables.ANTHROPIC_API_KEY", org.hamcrest.Matchers.notNullValue());
        vercel.remove(PROJECT, "NEXT_PUBLIC_SUPABASE_URL", "production");
        try {
            failing("production fails once the variable on the env list's last page is gone").then().body("reasons",
                    hasItem("env/vercel: critical drift: missing in production: NEXT_PUBLIC_SUPABASE_URL (set for development, preview)"));
        } finally {
            vercel.set(PROJECT, "NEXT_PUBLIC_SUPABASE_URL", "https://abcdefgh.supabase.co", "plain", "production");
        }
        passesAgain("production passes once NEXT_PUBLIC_SUPABASE_URL is back");
    }

    @Test
    void aPlaceholderUpstashUrlInVercelIsReportedAsTheLimitersFailOpenState() {
        vercel.replace(PROJECT, "UPSTASH_REDIS_REST_URL", "production", "https://your-redis-url.upstash.io");
        try {
            failing("production fails once Vercel's UPSTASH_REDIS_REST_URL is a placeholder");
            // Both checks read the same variable; each reports it at its own next run.
            Response r = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("production"),
                    v -> v.<List<String>>path("reasons").size() == 2, "both the ratelimit and the env check report the placeholder");
            r.then().body("verdict", equalTo("fail")).body("reasons", hasItem("ratelimit/upstash: critical drift: "
                    + "UPSTASH_REDIS_REST_URL contains the placeholder 'your-redis': the app's limiter allows every request"));
            r.then().body("reasons", hasItem(org.hamcrest.Matchers.startsWith(
                    "env/vercel: critical drift: UPSTASH_REDIS_REST_URL in production holds a placeholder (contains 'your-'")));
            given().get("/api/v1/environments/production").then()
                    .body("checks.find { it.id == 'ratelimit/upstash' }.observation.details.failOpen", equalTo(true))
                    .body("checks.find { it.id == 'ratelimit/upstash' }.observation.details.credentialsFrom",
                            equalTo("Vercel project " + PROJECT + " (production)"));
        } finally {
            vercel.replace(PROJECT, "UPSTASH_REDIS_REST_URL", "production", upstash.url());
        }
        passesAgain("production passes once the Upstash URL is real again");
    }

    @Test
    void aSmokeCheckThatStopsAnswering429FailsTheVerdictAsFailingOpen() {
        app.failOpen(true);
        try {
            failing("production fails once the rpm-1 key's second request is let through").then().body("reasons", hasItem(
                    "smoke/rate-limit: critical drift: GET " + app.url() + "/api/v1/models (request 2 of 2) answered 200, "
                            + "expected 429: the rate limiter is failing open (it lets every request through)"));
        } finally {
            app.failOpen(false);
        }
        passesAgain("production passes once the limiter blocks again");
    }

    @Test
    void aStaleDeploymentBehindTheAliasFailsOnceCiPostsTheRelease() {
        given().header("Authorization", "Bearer " + VercelTestResource.API_TOKEN).body("{\"commit\": \"" + NEW_SHA + "\"}")
                .post("/api/v1/environments/production/releases").then().statusCode(201)
                .body("commit", equalTo(NEW_SHA)).body("environment", equalTo("production"));
        try {
            failing("production fails while the alias still serves the previous commit").then().body("reasons", hasItem(
                    org.hamcrest.Matchers.startsWith("deployment/vercel: critical drift: " + ALIAS + " serves 1111111 but the release is "
                            + "2222222 (release marker posted at ")));
            given().get("/api/v1/environments/production/releases").then().statusCode(200).body("commit", equalTo(NEW_SHA));
        } finally {
            vercel.alias(ALIAS, PROJECT, "dpl_new");
        }
        passesAgain("production passes once the released deployment is promoted");
        given().get("/api/v1/environments/production").then()
                .body("checks.find { it.id == 'deployment/vercel' }.observation.reason",
                        equalTo(ALIAS + " serves dpl_new (2222222), READY, the released commit"));
        Path data = Path.of(ConfigProvider.getConfig().getValue("driftwatch.data-dir", String.class));
        assertThat(data.resolve("releases.json")).content().contains(NEW_SHA);
    }

    @Test
    void theReleasesEndpointNeedsTheTokenAndAValidBody() {
        String path = "/api/v1/environments/production/releases";
        given().body("{\"commit\": \"abcdef1\"}").post(path).then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token").body("{\"commit\": \"abcdef1\"}").post(path).then().statusCode(403);
        String auth = "Bearer " + VercelTestResource.API_TOKEN;
        given().header("Authorization", auth).body("{\"commit\": \"main\"}").post(path).then().statusCode(400)
                .body("error", equalTo("body.commit: required, a git commit SHA (7 to 40 hex digits)"));
        given().header("Authorization", auth).body("{\"commit\": \"abcdef1\", \"branch\": \"main\"}").post(path).then().statusCode(400)
                .body("error", equalTo("body.branch: unknown field (expected commit, deploymentUrl, at)"));
        given().header("Authorization", auth).body("{\"commit\": \"abcdef1\", \"at\": \"yesterday\"}").post(path).then().statusCode(400);
        given().header("Authorization", auth).body("not json").post(path).then().statusCode(400);
        given().header("Authorization", auth).body("{\"commit\": \"abcdef1\"}").post("/api/v1/environments/nope/releases")
                .then().statusCode(404);
        given().get("/api/v1/environments/building/releases").then().statusCode(404);
    }

    @Test
    void vercelFailuresAreUnknownAndDeploymentStatesAreTold() {
        Map<String, String> expected = Map.of(
                "v401", "Vercel answered 401 unauthorized to GET /v10/projects/prj_401/env (You must be authenticated to perform this action): the token driftwatch uses is missing, invalid or expired",
                "v403", "Vercel answered 403 forbidden to GET /v10/projects/prj_403/env (You don't have permission to access this project): the token cannot read this project (wrong team or scope?)",
                "v429", "Vercel answered 429 rate_limited to GET /v10/projects/prj_429/env (Rate limit exceeded): rate limited, retry after 60s",
                "v500", "Vercel answered 500 internal_server_error to GET /v10/projects/prj_500/env (An unexpected internal error occurred): Vercel's API is failing");
        // a critical check that cannot see makes the verdict unknown (503), not pass or warn (issue 19)
        expected.forEach((env, reason) -> Await.until(WITHIN_ONE_INTERVAL, () -> verdict(env), r -> r.statusCode() == 503
                && "unknown".equals(r.path("verdict")), env + " is unknown, not fail").then().body("reasons[0]", equalTo(
                "env/vercel: cannot verify: cannot read the variables of Vercel project prj_" + env.substring(1) + " (preview): " + reason)));
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("building"), r -> "unknown".equals(r.path("verdict")), "building is unknown")
                .then().body("reasons[0]", equalTo("deployment/vercel: cannot verify: building.example.com serves dpl_building (2222222) "
                        + "which is still BUILDING: cannot tell yet whether it will become READY"));
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("errored"), r -> "fail".equals(r.path("verdict")), "errored fails")
                .then().body("reasons[0]", equalTo("deployment/vercel: critical drift: error.example.com serves dpl_error (2222222) "
                        + "which is ERROR, not READY: promote or roll back to a READY deployment"));
    }

    @Test
    void noValueReadFromVercelAppearsInApiBodiesMetricsOrLogs() throws IOException {
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "driftwatch_env_variables_missing{environment=\"production\",target=\"vercel\"} 0.0"));
        Map<String, String> captured = new LinkedHashMap<>();
        captured.put("/q/metrics", given().get("/q/metrics").asString());
        for (String env : List.of("production", "building", "errored", "v401", "v429")) {
            for (String suffix : List.of("", "/verdict", "/history")) {
                captured.put(env + suffix, given().get("/api/v1/environments/" + env + suffix).asString());
            }
        }
        captured.put("/api/v1/environments", given().get("/api/v1/environments").asString());
        captured.put("log file", Files.readString(Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class))));
        Path data = Path.of(ConfigProvider.getConfig().getValue("driftwatch.data-dir", String.class));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                captured.put("data file " + data.relativize(f), Files.readString(f));
            }
        }
        assertThat(captured.get("log file")).as("the log holds driftwatch's DEBUG lines").contains("DEBUG").contains("env/vercel");
        List<String> leaks = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>(VALUES);
        secrets.put("the Vercel token", VERCEL_TOKEN);
        captured.forEach((where, text) -> secrets.forEach((what, raw) -> {
            if (text.contains(raw)) {
                leaks.add(what + " (" + new Secret(raw).fingerprint() + ") in " + where);
            }
        }));
        assertThat(leaks).as("leaks (listed by fingerprint, never by value)").isEmpty();
    }
}
