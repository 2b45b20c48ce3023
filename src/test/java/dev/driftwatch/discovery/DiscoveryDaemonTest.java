package dev.driftwatch.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.driftwatch.config.Secret;
import dev.driftwatch.testsupport.Await;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Discovery through the daemon: an http_sd source on loopback lists previews, each with its own database; they appear,
 * are checked against staging, fail alone, survive a source outage and leave after their grace with their series.
 */
@QuarkusTest
@WithTestResource(DiscoveryDaemonResource.class)
class DiscoveryDaemonTest {
    /** One discovery interval (1s) plus one check interval (1s) and timeout (2s), with margin for a loaded machine. */
    private static final Duration WITHIN_AN_INTERVAL = Duration.ofSeconds(1 + 1 + 2 + 8);
    /** The grace (2s) plus one discovery interval, with the same margin. */
    private static final Duration AFTER_THE_GRACE = Duration.ofSeconds(2 + 1 + 8);

    private static Path sdDir() {
        return Path.of(ConfigProvider.getConfig().getValue("dwtest.sd-dir", String.class));
    }

    private static int pgPort() {
        return ConfigProvider.getConfig().getValue("dwtest.pg-port", Integer.class);
    }

    private static void serve(String... branches) throws Exception {
        List<String> groups = new ArrayList<>();
        for (String b : branches) {
            groups.add("{\"targets\": [\"https://app-%s.example.com\"], \"labels\": {\"branch\": \"Feature/%s\", \"db_host\": \"127.0.0.1:%d\", \"db\": \"preview_%s\"}}"
                    .formatted(b, b.toUpperCase(), pgPort(), b));
        }
        Path tmp = sdDir().resolve("sd.json.tmp");
        Files.writeString(tmp, "[" + String.join(",", groups) + "]");
        Files.move(tmp, sdDir().resolve("sd.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void status(int code) throws Exception {
        if (code == 200) {
            Files.deleteIfExists(sdDir().resolve("sd.status"));
        } else {
            Files.writeString(sdDir().resolve("sd.status"), Integer.toString(code));
        }
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
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + pgPort() + "/" + db, props);
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void previewsAppearFailAloneSurviveAnOutageAndLeaveAfterTheirGrace() throws Exception {
        Map<String, String> captured = new LinkedHashMap<>();
        serve("a", "b");
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feature-a"), "pass"::equals, "preview-feature-a passes");
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feature-b"), "pass"::equals, "preview-feature-b passes");
        given().when().get("/api/v1/environments").then()
                .body("environments.find { it.name == 'preview-feature-a' }.discoveredBy", equalTo("previews"))
                .body("environments.find { it.name == 'preview-feature-a' }.labels.branch", equalTo("Feature/A"))
                .body("environments.find { it.name == 'preview-feature-a' }.labels.target", equalTo("https://app-a.example.com"))
                .body("environments.find { it.name == 'staging' }.discoveredBy", equalTo(null));
        given().when().get("/api/v1/environments/preview-feature-a").then().statusCode(200)
                .body("discoveredBy", equalTo("previews")).body("checks.id", equalTo(List.of("schema/public")));
        given().when().get("/api/v1/environments/preview-feature-a/verdict").then().statusCode(200);
        given().when().get("/api/v1/discovery").then().statusCode(200)
                .body("sources[0].name", equalTo("previews")).body("sources[0].type", equalTo("http"))
                .body("sources[0].up", equalTo(true)).body("sources[0].error", equalTo(null))
                .body("sources[0].environments", equalTo(List.of("preview-feature-a", "preview-feature-b")));
        assertThat(metrics()).contains("driftwatch_discovery_up{source=\"previews\"} 1.0")
                .contains("driftwatch_discovered_environments{source=\"previews\"} 2.0");

        sql("preview_a", "ALTER TABLE public.auth_api_keys DROP COLUMN revoked CASCADE");
        Await.until(WITHIN_AN_INTERVAL, () -> verdictOf("preview-feature-a"), "fail"::equals, "preview-feature-a fails");
        assertThat(verdictOf("preview-feature-b")).isEqualTo("pass");
        assertThat(verdictOf("staging")).isEqualTo("pass");
        given().when().get("/api/v1/environments/preview-feature-a/verdict").then().statusCode(503);

        status(500);
        Await.until(WITHIN_AN_INTERVAL, () -> given().when().get("/api/v1/discovery").then().extract().jsonPath(),
                d -> !d.getBoolean("sources[0].up"), "the source reports itself down");
        given().when().get("/api/v1/discovery").then()
                .body("sources[0].error", equalTo("GET http://127.0.0.1:" + sdPort() + "/sd.json: answered HTTP 500 (expected 200)"))
                .body("sources[0].environments", equalTo(List.of("preview-feature-a", "preview-feature-b")));
        assertThat(metrics()).contains("driftwatch_discovery_up{source=\"previews\"} 0.0")
                .contains("driftwatch_discovered_environments{source=\"previews\"} 2.0");
        assertThat(environments().getList("environments.name", String.class)).contains("preview-feature-a", "preview-feature-b");
        captured.put("GET /api/v1/discovery (down)", given().when().get("/api/v1/discovery").then().extract().asString());

        serve("b");
        status(200);
        Await.until(AFTER_THE_GRACE, () -> environments().getList("environments.name", String.class),
                names -> !names.contains("preview-feature-a"), "preview-feature-a is gone after its grace");
        assertThat(environments().getList("environments.name", String.class)).containsExactly("staging", "preview-feature-b");
        String m = metrics();
        assertThat(m).doesNotContain("environment=\"preview-feature-a\"").contains("environment=\"preview-feature-b\"")
                .contains("driftwatch_discovered_environments{source=\"previews\"} 1.0");
        given().when().get("/api/v1/environments/preview-feature-a").then().statusCode(404);

        captured.put("GET /api/v1/environments", given().when().get("/api/v1/environments").then().extract().asString());
        captured.put("GET /api/v1/environments/preview-feature-b", given().when().get("/api/v1/environments/preview-feature-b").then().extract().asString());
        captured.put("GET /api/v1/discovery", given().when().get("/api/v1/discovery").then().extract().asString());
        captured.put("GET /q/metrics", m);
        captured.put("GET / (status page)", given().when().get("/").then().statusCode(200).extract().asString());
        captured.put("GET /environments/preview-feature-b", given().when().get("/environments/preview-feature-b").then().statusCode(200).extract().asString());
        captured.put("log file", Files.readString(Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class))));
        assertThat(captured.get("GET / (status page)")).contains("preview-feature-b").contains("discovered by previews");
        List<String> leaks = new ArrayList<>();
        Map<String, String> secrets = Map.of("the http_sd bearer token", DiscoveryDaemonResource.SD_TOKEN,
                "the preview database password", DiscoveryDaemonResource.PREVIEW_PASSWORD);
        captured.forEach((where, text) -> secrets.forEach((what, raw) -> {
            if (text.contains(raw)) {
                leaks.add(what + " (" + new Secret(raw).fingerprint() + ") in " + where);
            }
        }));
        assertThat(leaks).as("leaks (listed by fingerprint, never by value)").isEmpty();
    }

    private static int sdPort() throws Exception {
        String config = Files.readString(Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)/sd\\.json").matcher(config);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
