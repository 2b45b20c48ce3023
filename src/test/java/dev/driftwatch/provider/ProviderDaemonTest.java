package dev.driftwatch.provider;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.driftwatch.config.Secret;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import dev.driftwatch.testsupport.providers.ProviderTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * The daemon with provider checks against fake providers: a key that starts being rejected fails the verdict within
 * one interval, a key shared by three environments costs one request per interval, spend becomes metrics, and no raw
 * key appears in anything driftwatch logs, exports or answers.
 */
@QuarkusTest
@WithTestResource(ProviderTestResource.class)
class ProviderDaemonTest {
    private static final Duration SHARED_MIN_INTERVAL = Duration.ofSeconds(2);
    /** The rotating key's minimum interval plus the check interval and timeout, and margin for a loaded machine. */
    private static final Duration WITHIN_ONE_INTERVAL = Duration.ofMillis(1000 + 500 + 2000 + 5000);

    private static final Map<ProviderType, FakeProviderServer> FAKES = new EnumMap<>(ProviderType.class);
    /** Every raw key in the environments file, by the environment that uses it. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static String rotating;
    private static String shared;

    private static String newKey(String what) {
        return "sk-test-" + what + "-" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static Path configFile() {
        return Path.of(ConfigProvider.getConfig().getValue("driftwatch.config", String.class));
    }

    /** An environment with one provider entry answered by {@code scenario}. */
    private static String failing(StringBuilder yaml, String env, ProviderType type, Scenario scenario, String extra) {
        String key = newKey(env.toUpperCase());
        KEYS.put(env, key);
        FAKES.get(type).answer(key, scenario);
        yaml.append("  ").append(env).append(":\n    providers:\n      ").append(type.label()).append(": {type: ").append(type.label())
                .append(", baseUrl: \"").append(FAKES.get(type).baseUrl()).append("\", key: \"").append(key)
                .append("\", minInterval: 1h").append(extra).append("}\n");
        return key;
    }

    @BeforeAll
    static void startFakesAndConfigure() throws IOException {
        for (ProviderType type : ProviderType.values()) {
            FAKES.put(type, FakeProviderServer.start(type));
        }
        FakeProviderServer openai = FAKES.get(ProviderType.OPENAI);
        FakeProviderServer openrouter = FAKES.get(ProviderType.OPENROUTER);
        rotating = newKey("ROTATING");
        shared = newKey("SHARED");
        String openrouterKey = newKey("OPENROUTER");
        openai.answer(rotating, Scenario.OK).answer(shared, Scenario.OK);
        openrouter.answer(openrouterKey, Scenario.OK);
        KEYS.put("rotating", rotating);
        KEYS.put("production", shared);
        KEYS.put("production/openrouter", openrouterKey);
        StringBuilder yaml = new StringBuilder("""
                interval: 500ms
                timeout: 2s
                environments:
                  rotating:
                    providers:
                      openai: {baseUrl: "%1$s", key: "%2$s", minInterval: 1s}
                  production:
                    providers:
                      openai: {baseUrl: "%1$s", key: "%3$s", minInterval: 2s}
                      openrouter: {baseUrl: "%4$s", key: "%5$s", minInterval: 1h}
                  preview:
                    providers:
                      openai: {baseUrl: "%1$s", key: "%3$s", minInterval: 2s, distinctFrom: [production]}
                  staging:
                    providers:
                      openai: {baseUrl: "%1$s", key: "%3$s", minInterval: 2s}
                """.formatted(openai.baseUrl(), rotating, shared, openrouter.baseUrl(), openrouterKey));
        failing(yaml, "f-openai-401", ProviderType.OPENAI, Scenario.UNAUTHORIZED_401, "");
        failing(yaml, "f-openai-quota", ProviderType.OPENAI, Scenario.QUOTA_429, "");
        failing(yaml, "f-openai-restricted", ProviderType.OPENAI, Scenario.OPENAI_RESTRICTED_403, "");
        failing(yaml, "f-anthropic-403", ProviderType.ANTHROPIC, Scenario.FORBIDDEN_403, "");
        failing(yaml, "f-anthropic-429", ProviderType.ANTHROPIC, Scenario.RATE_LIMITED_429, "");
        failing(yaml, "f-groq-500", ProviderType.GROQ, Scenario.SERVER_ERROR_500, "");
        failing(yaml, "f-mistral-503", ProviderType.MISTRAL, Scenario.UNAVAILABLE_503, "");
        failing(yaml, "f-together-slow", ProviderType.TOGETHER, Scenario.SLOW, "");
        failing(yaml, "f-gemini-invalid", ProviderType.GEMINI, Scenario.GEMINI_KEY_INVALID_400, "");
        failing(yaml, "f-gemini-malformed", ProviderType.GEMINI, Scenario.MALFORMED_JSON, "");
        failing(yaml, "f-openrouter-spent", ProviderType.OPENROUTER, Scenario.OPENROUTER_LIMIT_SPENT, "");
        failing(yaml, "f-openrouter-402", ProviderType.OPENROUTER, Scenario.PAYMENT_REQUIRED_402, "");
        failing(yaml, "f-compatible-reset", ProviderType.OPENAI_COMPATIBLE, Scenario.RESET, "");
        failing(yaml, "f-pinned", ProviderType.ANTHROPIC, Scenario.OK, ", expectFingerprint: \"sha256:00000000\"");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String refusedKey = newKey("REFUSED");
        KEYS.put("f-refused", refusedKey);
        yaml.append("""
                  f-refused:
                    providers:
                      local: {type: openai-compatible, baseUrl: "http://127.0.0.1:%d/v1", key: "%s", minInterval: 1h}
                  f-notconfigured:
                    providers:
                      openai: {baseUrl: "%s", key: ""}
                """.formatted(closed, refusedKey, openai.baseUrl()));
        Files.writeString(configFile(), yaml.toString());
    }

    /** RestAssured knows the daemon's port only once a test runs. */
    @BeforeEach
    void providerEnvironmentsLoaded() {
        Await.until(Duration.ofSeconds(10), () -> given().get("/api/v1/environments/f-refused").statusCode(), s -> s == 200,
                "the provider environments are loaded");
    }

    @AfterAll
    static void stopFakes() throws IOException {
        Files.writeString(configFile(), ProviderTestResource.INITIAL_CONFIG);
        FAKES.values().forEach(FakeProviderServer::close);
        FAKES.clear();
        KEYS.clear();
    }

    private static Response verdict(String env) {
        return given().when().get("/api/v1/environments/" + env + "/verdict");
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aKeyThatStartsBeingRejectedFailsTheVerdictWithinOneInterval() {
        FakeProviderServer openai = FAKES.get(ProviderType.OPENAI);
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("rotating").statusCode(), s -> s == 200, "rotating passes");
        openai.answer(rotating, Scenario.UNAUTHORIZED_401);
        try {
            Response failing = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("rotating"), r -> r.statusCode() == 503,
                    "rotating fails once its key is rejected");
            failing.then().body("verdict", equalTo("fail")).body("reasons[0]", equalTo(
                    "provider/openai: critical drift: key rejected: openai answered 401 invalid_api_key to GET /v1/models"));
        } finally {
            openai.answer(rotating, Scenario.OK);
        }
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("rotating").statusCode(), s -> s == 200, "rotating passes again");
        given().queryParam("check", "provider/openai").get("/api/v1/environments/rotating/history").then().statusCode(200)
                .body("transitions[0].to", equalTo("ok")).body("transitions[1].to", equalTo("drift"));
    }

    @Test
    void threeEnvironmentsSharingAKeySendOneRequestPerInterval() {
        FakeProviderServer openai = FAKES.get(ProviderType.OPENAI);
        List<Instant> arrivals = Await.until(Duration.ofSeconds(20), () -> openai.arrivals(shared), a -> a.size() >= 3,
                "three minimum intervals of the shared key");
        for (int i = 1; i < arrivals.size(); i++) {
            // Each check runs every 500ms in three environments; only the minimum interval lets a request through.
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i)))
                    .as("time between requests %d and %d for the key three environments share", i, i + 1)
                    .isGreaterThanOrEqualTo(SHARED_MIN_INTERVAL.minusMillis(100));
        }
        for (String env : List.of("production", "preview", "staging")) {
            given().get("/api/v1/environments/" + env).then().statusCode(200)
                    .body("checks.find { it.id == 'provider/openai' }.observation.details.keyFingerprint",
                            equalTo(new Secret(shared).fingerprint()));
        }
        verdict("staging").then().statusCode(200).body("verdict", equalTo("pass"));
        verdict("preview").then().statusCode(503).body("verdict", equalTo("fail")).body("reasons[0]", equalTo(
                "provider/openai: critical drift: uses the same key as environment production (providers.openai, "
                        + new Secret(shared).fingerprint() + ") although distinctFrom lists it"));
    }

    @Test
    void verdictsMetricsAndDetailsTellEachFailureApart() {
        awaitEveryEnvironmentObserved();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("f-openai-401", "fail");
        expected.put("f-openai-quota", "fail");
        expected.put("f-openai-restricted", "unknown");
        expected.put("f-anthropic-403", "fail");
        expected.put("f-anthropic-429", "unknown");
        expected.put("f-groq-500", "unknown");
        expected.put("f-mistral-503", "unknown");
        expected.put("f-together-slow", "unknown");
        expected.put("f-gemini-invalid", "fail");
        expected.put("f-gemini-malformed", "unknown");
        expected.put("f-openrouter-spent", "fail");
        expected.put("f-openrouter-402", "fail");
        expected.put("f-compatible-reset", "unknown");
        expected.put("f-refused", "unknown");
        expected.put("f-notconfigured", "fail");
        expected.put("f-pinned", "fail");
        expected.forEach((env, v) -> verdict(env).then().body("verdict", equalTo(v)));
        verdict("f-notconfigured").then().body("reasons[0]", containsString("key not configured: providers.openai.key is empty"));
        verdict("f-pinned").then().body("reasons[0]", containsString("is not the pinned key sha256:00000000 (expectFingerprint)"));
        verdict("f-openai-quota").then().body("reasons[0]", containsString("quota exhausted: openai answered 429 insufficient_quota"));

        Await.until(Duration.ofSeconds(10), ProviderDaemonTest::metrics,
                m -> m.contains("driftwatch_provider_credit_remaining{environment=\"production\",provider=\"openrouter\"} 74.5"),
                "OpenRouter credit exported");
        assertThat(metrics())
                .contains("driftwatch_provider_key_valid{environment=\"production\",provider=\"openai\"} 1.0")
                .contains("driftwatch_provider_key_valid{environment=\"f-openai-401\",provider=\"openai\"} 0.0")
                .contains("driftwatch_provider_http_status{environment=\"f-openai-401\",provider=\"openai\"} 401.0")
                .contains("driftwatch_provider_http_status{environment=\"f-refused\",provider=\"local\"} 0.0")
                .contains("driftwatch_provider_quota_exhausted{environment=\"f-openai-quota\",provider=\"openai\"} 1.0")
                .contains("driftwatch_provider_credit_limit{environment=\"production\",provider=\"openrouter\"} 100.0")
                .contains("driftwatch_provider_credit_usage{environment=\"production\",provider=\"openrouter\"} 25.5")
                .contains("driftwatch_provider_credit_remaining{environment=\"f-openrouter-spent\",provider=\"openrouter\"} 0.0")
                .contains("driftwatch_check_outcome{check=\"provider\",environment=\"f-groq-500\",outcome=\"unknown\",target=\"groq\"} 1.0")
                .contains("driftwatch_check_outcome{check=\"provider\",environment=\"f-openai-401\",outcome=\"drift\",target=\"openai\"} 1.0");

        int port = Integer.parseInt(FAKES.get(ProviderType.ANTHROPIC).baseUrl().replaceAll(".*:(\\d+).*", "$1"));
        given().get("/api/v1/environments/f-anthropic-429").then().statusCode(200)
                .body("checks[0].observation.details.provider", equalTo("anthropic"))
                .body("checks[0].observation.details.host", equalTo("127.0.0.1:" + port))
                .body("checks[0].observation.details.request", equalTo("GET /v1/models"))
                .body("checks[0].observation.details.keyFingerprint", equalTo(new Secret(KEYS.get("f-anthropic-429")).fingerprint()))
                .body("checks[0].observation.details.httpStatus", equalTo(429))
                .body("checks[0].observation.details.errorType", equalTo("rate_limit_error"))
                .body("checks[0].observation.details.retryAfterSeconds", equalTo(20))
                .body("checks[0].observation.details.backoffUntil", org.hamcrest.Matchers.notNullValue());
    }

    private static void awaitEveryEnvironmentObserved() {
        List<String> envs = new ArrayList<>(KEYS.keySet().stream().filter(e -> !e.contains("/")).toList());
        envs.add("f-notconfigured");
        for (String env : envs) {
            Await.until(Duration.ofSeconds(20), () -> given().get("/api/v1/environments/" + env).then().extract()
                    .<List<Object>>path("checks.observation"), obs -> obs.stream().allMatch(o -> o != null), env + " observed");
        }
    }

    /** Everything driftwatch said while driving every path above: API bodies, metrics, health, logs, history file. */
    private static Map<String, String> everythingCaptured() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("/q/metrics", metrics());
        for (String path : List.of("/api/v1/environments", "/q/health/ready", "/q/health/live", "/q/health")) {
            out.put(path, given().get(path).asString());
        }
        List<String> envs = new ArrayList<>(KEYS.keySet().stream().filter(e -> !e.contains("/")).toList());
        envs.add("f-notconfigured");
        for (String env : envs) {
            for (String suffix : List.of("", "/verdict", "/history", "/verdict?strict=true")) {
                String path = "/api/v1/environments/" + env + suffix;
                out.put(path, given().get(path).asString());
            }
        }
        Path log = Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class));
        out.put("log file", Files.readString(log));
        Path data = Path.of(ConfigProvider.getConfig().getValue("driftwatch.data-dir", String.class));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put("data file " + data.relativize(f), Files.readString(f));
            }
        }
        return out;
    }

    @Test
    void noRawKeyAppearsInLogsMetricsApiBodiesOrHistory() throws IOException {
        awaitEveryEnvironmentObserved();
        verdict("f-openai-401").then().body("verdict", equalTo("fail"));
        verdict("f-together-slow").then().body("reasons[0]", org.hamcrest.Matchers.anyOf(
                containsString("no answer from 127.0.0.1:"), containsString("timed out after 2s")));
        verdict("f-compatible-reset").then().body("reasons[0]", containsString("closed before a complete response"));
        Map<String, String> captured = everythingCaptured();
        assertThat(captured.get("log file")).as("the log file holds driftwatch's DEBUG lines")
                .contains("DEBUG").contains("provider/openai");
        List<String> leaks = new ArrayList<>();
        captured.forEach((where, text) -> {
            KEYS.forEach((env, key) -> {
                if (text.contains(key)) {
                    leaks.add("the raw key of " + env + " (" + new Secret(key).fingerprint() + ") in " + where);
                }
            });
            if (text.contains("Incorrect API key provided") || text.contains("You exceeded your current quota")) {
                leaks.add("a provider's error message quoted in " + where);
            }
        });
        assertThat(leaks).as("leaks (listed by fingerprint, never by value)").isEmpty();
    }
}
