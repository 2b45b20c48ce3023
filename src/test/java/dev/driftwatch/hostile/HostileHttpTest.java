package dev.driftwatch.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * HTTP fuzz over every endpoint and parameter: every answer is JSON with a status the API documents, never a 500 or a
 * stack trace, and no planted secret appears in any output (API, health, metrics, the DEBUG log, the data files).
 */
@QuarkusTest
@WithTestResource(HostileResource.class)
class HostileHttpTest {
    private static final Set<Integer> DOCUMENTED = Set.of(200, 201, 400, 401, 403, 404, 405, 406, 413, 415, 429, 503);
    private static final List<String> VALUES = List.of("9999999999999999h", "200000000000d", "366d", "-1", "-5s", "0",
            "", " ", "%00", "%0a%0d", "x".repeat(4000), "${file:dbpass}", HostileResource.DB_PASSWORD, "'\"<>", "1e309",
            "NaN", "2026-13-45T99:99:99Z", "+1000000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "%F0%9F%92%A5",
            "schema,,,", "verdict", "true", "200");
    private static final Map<String, List<String>> GET_PARAMETERS = Map.of(
            "/api/v1/environments/local/verdict", List.of("maxAge", "checks", "strict", "since", "wait", "status"),
            "/api/v1/environments/local/history", List.of("check", "since", "limit"),
            "/api/v1/environments/local", List.of("x"),
            "/api/v1/environments", List.of("x"),
            "/api/v1/environments/local/schema", List.of("x"),
            "/api/v1/environments/local/releases", List.of("x"));

    private static Path dir() {
        return Path.of(ConfigProvider.getConfig().getValue("dwtest.hostile-dir", String.class));
    }

    private static void harmless(String what, Response r) {
        String body = r.asString();
        assertThat(r.statusCode()).as(what + ": " + body).isIn(DOCUMENTED);
        assertThat(r.contentType()).as(what).startsWith("application/json");
        assertThat(body).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html")
                .doesNotContain(HostileResource.DB_PASSWORD).doesNotContain(HostileResource.URL_SECRET)
                .doesNotContain(HostileResource.TOKEN);
        if (r.statusCode() >= 400) {
            assertThat(body).as(what).contains("\"error\"");
        }
    }

    @Test
    void everyParameterOfEveryEndpointWithEveryHostileValueIsAnsweredInJsonWithoutA500() {
        Await.until(Duration.ofSeconds(20), () -> given().get("/api/v1/environments/local/verdict").statusCode(),
                s -> s == 200, "local passes");
        GET_PARAMETERS.forEach((path, parameters) -> {
            for (String parameter : parameters) {
                for (String value : VALUES) {
                    RequestSpecification request = given().urlEncodingEnabled(!value.startsWith("%")).queryParam(parameter, value);
                    harmless("GET " + path + "?" + parameter + "=" + value.substring(0, Math.min(40, value.length())),
                            request.get(path));
                }
            }
        });
        for (String parameter : List.of("checks", "strict")) {
            for (String value : VALUES) {
                harmless("POST probe?" + parameter, given().header("Authorization", "Bearer " + HostileResource.TOKEN)
                        .queryParam(parameter, value).post("/api/v1/environments/local/probe"));
            }
        }
        for (String env : List.of("nope", "..", "%2e%2e", "x".repeat(2000), "${file:dbpass}", HostileResource.DB_PASSWORD)) {
            for (String tail : List.of("", "/verdict", "/history", "/schema", "/releases")) {
                harmless("GET env " + env.substring(0, Math.min(20, env.length())) + tail,
                        given().urlEncodingEnabled(false).get("/api/v1/environments/" + (env.startsWith("%") ? env
                                : java.net.URLEncoder.encode(env, java.nio.charset.StandardCharsets.UTF_8)) + tail));
            }
        }
        given().get("/api/v1/environments/nope").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.equalTo("no environment named 'nope' (GET /api/v1/environments lists them)"));
        given().queryParam("maxAge", "9999999999999999h").get("/api/v1/environments/local/verdict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("parameter maxAge: '9999999999999999h' is longer than"));
    }

    @Test
    void releaseMarkerBodiesAreCheckedFieldByField() {
        String auth = "Bearer " + HostileResource.TOKEN;
        for (String body : List.of("", "null", "[]", "{", "{\"commit\": 1}", "{\"commit\": \"abcdef1\", \"x\": 1}",
                "{\"commit\": \"abcdef1\", \"at\": \"+1000000000-01-01T00:00:00Z\"}",
                "{\"commit\": \"abcdef1\", \"at\": \"1000-01-01T00:00:00Z\"}",
                "{\"commit\": \"abcdef1\", \"deploymentUrl\": \"" + "a".repeat(300) + "\"}",
                "{\"commit\": \"" + HostileResource.DB_PASSWORD + "\"}")) {
            Response r = given().header("Authorization", auth).contentType("application/json").body(body)
                    .post("/api/v1/environments/local/releases");
            harmless("POST releases " + body.substring(0, Math.min(60, body.length())), r);
            assertThat(r.statusCode()).isEqualTo(400);
        }
        given().header("Authorization", auth).contentType("application/json")
                .body("{\"commit\": \"abcdef1\", \"at\": \"+1000000000-01-01T00:00:00Z\"}")
                .post("/api/v1/environments/local/releases").then().body("error", org.hamcrest.Matchers.startsWith("body.at: "));
        Response big = given().header("Authorization", auth).contentType("application/json")
                .body("{\"commit\": \"abcdef1\", \"pad\": \"" + "x".repeat(20_000) + "\"}").post("/api/v1/environments/local/releases");
        harmless("20 KB release marker", big);
        assertThat(big.statusCode()).isEqualTo(413);
        given().header("Authorization", auth).contentType("application/json").body("{\"commit\": \"abcdef1\"}")
                .post("/api/v1/environments/local/releases").then().statusCode(201);
    }

    @Test
    void everyStatusTheServerAnswersHasAJsonBody() {
        harmless("unknown path", given().get("/nope"));
        harmless("unknown api path", given().get("/api/v1/nope"));
        Response wrongMethod = given().delete("/api/v1/environments");
        harmless("DELETE", wrongMethod);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        Response html = given().accept("text/html").get("/api/v1/environments");
        harmless("Accept: text/html", html);
        assertThat(html.statusCode()).isEqualTo(406);
        Response put = given().put("/api/v1/environments/local/releases");
        harmless("PUT", put);
        harmless("no token", given().post("/api/v1/environments/local/probe"));
        harmless("wrong token", given().header("Authorization", "Bearer wrong-token-000000000000").post("/api/v1/environments/local/probe"));
    }

    @Test
    void aConfigErrorWithPlantedSecretsShowsNoneOfThemAnywhere() throws IOException {
        Path config = dir().resolve("driftwatch.yaml");
        String good = Files.readString(config);
        String bad = good.replace("user: postgres", "user: postgres\n      schemas: [\"${file:dbpass}\"]\n      statementTimeout: ${file:urlparam}")
                + "\n  broken: {schema: {url: x, user: u, password: ${file:dbpass}: y}}\n";
        try {
            Files.writeString(config, bad.replace("  broken: {schema: {url: x, user: u, password: ${file:dbpass}: y}}\n", ""));
            Await.until(Duration.ofSeconds(10), () -> given().get("/q/health/ready").asString(),
                    b -> b.contains("environments.local.schema"), "the rejected reload is reported");
            Files.writeString(config, bad);
            Await.until(Duration.ofSeconds(10), () -> given().get("/q/health/ready").asString(),
                    b -> b.contains("not valid YAML"), "the YAML error is reported");
            String ready = given().get("/q/health/ready").asString();
            assertThat(ready).doesNotContain(HostileResource.DB_PASSWORD).doesNotContain(HostileResource.URL_SECRET)
                    .doesNotContain("password:");
        } finally {
            Files.writeString(config, good);
        }
        Await.until(Duration.ofSeconds(10), () -> given().get("/q/health/ready").statusCode(), s -> s == 200, "restored");
        noPlantedSecretInAnyOutput();
    }

    private void noPlantedSecretInAnyOutput() throws IOException {
        List<String> outputs = List.of(given().get("/q/metrics").asString(), given().get("/q/health").asString(),
                given().get("/api/v1/environments/local").asString(), given().get("/api/v1/environments/local/history").asString());
        for (String output : outputs) {
            assertThat(output).doesNotContain(HostileResource.DB_PASSWORD).doesNotContain(HostileResource.URL_SECRET)
                    .doesNotContain(HostileResource.TOKEN);
        }
        String log = Files.readString(dir().resolve("debug.log"));
        assertThat(log).as("the DEBUG log").contains("DEBUG").doesNotContain(HostileResource.DB_PASSWORD)
                .doesNotContain(HostileResource.URL_SECRET).doesNotContain(HostileResource.TOKEN)
                .as("nor a secret cut to 12 characters")
                .doesNotContain(HostileResource.DB_PASSWORD.substring(0, 12))
                .doesNotContain(HostileResource.URL_SECRET.substring(0, 12));
        try (Stream<Path> files = Files.walk(dir().resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(HostileResource.DB_PASSWORD)
                        .doesNotContain(HostileResource.URL_SECRET);
            }
        }
    }
}
