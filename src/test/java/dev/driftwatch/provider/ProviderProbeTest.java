package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.Probe;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.providers.FakeProviderServer;
import dev.driftwatch.testsupport.providers.ProviderFixtures;
import dev.driftwatch.testsupport.providers.ProviderFixtures.Scenario;
import dev.driftwatch.testsupport.providers.ProviderTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every classification of every provider, through the real REST clients against a fake of each provider's API that
 * answers as its documentation says. Each test uses its own keys and its own verifier, so nothing is cached across tests.
 */
@QuarkusTest
@WithTestResource(ProviderTestResource.class)
class ProviderProbeTest {
    private static final Map<ProviderType, FakeProviderServer> FAKES = new EnumMap<>(ProviderType.class);
    /** What each provider's 401 answer names as its error type; null where its body carries none. */
    private static final Map<ProviderType, String> ERROR_TYPE_401 = new EnumMap<>(Map.of(
            ProviderType.OPENAI, "invalid_api_key", ProviderType.ANTHROPIC, "authentication_error",
            ProviderType.GROQ, "invalid_api_key", ProviderType.GEMINI, "UNAUTHENTICATED",
            ProviderType.TOGETHER, "invalid_api_key", ProviderType.OPENAI_COMPATIBLE, "invalid_api_key"));
    private static final Set<ProviderType> REJECT_403 = Set.of(ProviderType.ANTHROPIC, ProviderType.GEMINI,
            ProviderType.MISTRAL, ProviderType.TOGETHER, ProviderType.OPENAI_COMPATIBLE);

    @Inject
    ProviderApi api;

    @BeforeAll
    static void startFakes() {
        for (ProviderType type : ProviderType.values()) {
            FAKES.put(type, FakeProviderServer.start(type));
        }
    }

    @AfterAll
    static void stopFakes() {
        FAKES.values().forEach(FakeProviderServer::close);
        FAKES.clear();
    }

    static String key(Scenario scenario) {
        return "sk-test-" + scenario.name() + "-" + UUID.randomUUID().toString().replace("-", "");
    }

    private ProviderCheckGroup kind() {
        Clock clock = Clock.systemUTC();
        return new ProviderCheckGroup(api, Duration.ofHours(1), new KeyVerifier(clock, new OutboundBudget(1000, clock), Duration.ofHours(1)));
    }

    private static MonitorConfig parse(ProviderCheckGroup kind, String yaml) {
        return new EnvironmentsFileParser(List.of(kind), Map.<String, String>of()::get, Duration.ofSeconds(30), Duration.ofSeconds(2))
                .parse(yaml, Path.of("."));
    }

    private static String entry(ProviderType type, String baseUrl, String key, String extra) {
        return "%s: {type: %s, baseUrl: \"%s\", key: \"%s\"%s}".formatted(type.label(), type.label(), baseUrl, key, extra);
    }

    /** Runs the check of {@code environment} once, as the runner would. */
    private static ProbeResult run(ProviderCheckGroup kind, MonitorConfig config, String environment) throws Exception {
        CheckDefinition check = config.environment(environment).orElseThrow().checks().get(0);
        try (Probe probe = kind.newProbe(check)) {
            return probe.probe(check.timeout());
        }
    }

    private ProbeResult run(ProviderType type, Scenario scenario) throws Exception {
        FakeProviderServer fake = FAKES.get(type);
        String key = key(scenario);
        fake.answer(key, scenario);
        ProviderCheckGroup kind = kind();
        ProbeResult r = run(kind, parse(kind, "environments:\n  test:\n    providers:\n      "
                + entry(type, fake.baseUrl(), key, "") + "\n"), "test");
        assertThat(fake.requests(key)).as("requests with the key at the fake %s", type.label()).isEqualTo(1);
        assertThat(r.reason() + r.details() + r.measurements()).as("probe output").doesNotContain(key);
        return r;
    }

    private static Map<String, Double> measured(ProbeResult r) {
        return r.measurements().stream().collect(Collectors.toMap(Measurement::name, Measurement::value));
    }

    static Stream<Arguments> everyProviderAndAnswer() {
        List<Arguments> out = new ArrayList<>();
        for (ProviderType type : ProviderType.values()) {
            String who = type.label() + " answered ";
            String path = " to GET " + endpoint(type);
            String type401 = ERROR_TYPE_401.get(type);
            out.add(Arguments.of(type, Scenario.OK, Outcome.OK, "key valid: " + who + "200" + path));
            out.add(Arguments.of(type, Scenario.UNAUTHORIZED_401, Outcome.DRIFT,
                    "key rejected: " + who + "401" + (type401 == null ? "" : " " + type401) + path));
            out.add(Arguments.of(type, Scenario.FORBIDDEN_403, REJECT_403.contains(type) ? Outcome.DRIFT : Outcome.UNKNOWN,
                    (REJECT_403.contains(type) ? "key rejected: " : "cannot verify: ") + who + "403"));
            out.add(Arguments.of(type, Scenario.RATE_LIMITED_429, Outcome.UNKNOWN, "cannot verify: " + who + "429"));
            out.add(Arguments.of(type, Scenario.SERVER_ERROR_500, Outcome.UNKNOWN, "cannot verify: " + who + "500"));
            out.add(Arguments.of(type, Scenario.UNAVAILABLE_503, Outcome.UNKNOWN, "cannot verify: " + who + "503"));
            out.add(Arguments.of(type, Scenario.SLOW, Outcome.UNKNOWN, "cannot verify: no answer from 127.0.0.1:"));
            out.add(Arguments.of(type, Scenario.MALFORMED_JSON, Outcome.UNKNOWN,
                    "cannot verify: " + who + "200" + path + " with a body that is not JSON"));
            out.add(Arguments.of(type, Scenario.RESET, Outcome.UNKNOWN, "cannot verify: the connection to 127.0.0.1:"));
        }
        return out.stream();
    }

    /** The path a request to the fake of {@code type} has: its base path and the documented endpoint. */
    private static String endpoint(ProviderType type) {
        return ProviderFixtures.basePath(type) + type.path();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("everyProviderAndAnswer")
    void everyDocumentedAnswerIsClassified(ProviderType type, Scenario scenario, Outcome outcome, String reasonStart) throws Exception {
        ProbeResult r = run(type, scenario);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(outcome);
        assertThat(r.reason()).startsWith(reasonStart);
        assertThat(r.details()).containsEntry("provider", type.label()).containsEntry("type", type.label())
                .containsKey("keyFingerprint").containsEntry("cached", false);
        if (outcome == Outcome.DRIFT) {
            assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(measured(r)).containsEntry("provider_key_valid", 0.0);
        } else if (outcome == Outcome.OK) {
            assertThat(measured(r)).containsEntry("provider_key_valid", 1.0).containsEntry("provider_http_status", 200.0);
        } else {
            assertThat(measured(r)).doesNotContainKey("provider_key_valid");
        }
    }

    @Test
    void rejectionReasonsQuoteTheErrorTypeButNeverTheBody() throws Exception {
        ProbeResult r = run(ProviderType.OPENAI, Scenario.UNAUTHORIZED_401);
        assertThat(r.reason()).isEqualTo("key rejected: openai answered 401 invalid_api_key to GET /v1/models")
                .doesNotContain("Incorrect API key provided");
        assertThat(r.details()).containsEntry("httpStatus", 401).containsEntry("errorType", "invalid_api_key");
    }

    @Test
    void aRateLimitIsUnknownAndBacksOffForRetryAfter() throws Exception {
        ProbeResult r = run(ProviderType.ANTHROPIC, Scenario.RATE_LIMITED_429);
        assertThat(r.reason()).startsWith("cannot verify: anthropic answered 429 rate_limit_error (rate limited, Retry-After 20s); backing off until ");
        assertThat(r.details()).containsEntry("retryAfterSeconds", 20L).containsKey("backoffUntil");
    }

    @Test
    void openAiInsufficientQuotaIsQuotaExhaustedDrift() throws Exception {
        for (ProviderType type : List.of(ProviderType.OPENAI, ProviderType.OPENAI_COMPATIBLE)) {
            ProbeResult r = run(type, Scenario.QUOTA_429);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.reason()).startsWith("quota exhausted: " + type.label() + " answered 429 insufficient_quota");
            assertThat(measured(r)).containsEntry("provider_quota_exhausted", 1.0).containsEntry("provider_key_valid", 1.0);
        }
    }

    @Test
    void paymentRequiredIsQuotaExhaustedDrift() throws Exception {
        for (ProviderType type : List.of(ProviderType.OPENROUTER, ProviderType.TOGETHER)) {
            ProbeResult r = run(type, Scenario.PAYMENT_REQUIRED_402);
            assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
            assertThat(r.reason()).startsWith("quota exhausted: " + type.label() + " answered 402");
        }
    }

    @Test
    void anOpenAiRestrictedKeyWithoutTheModelsScopeCannotBeVerified() throws Exception {
        ProbeResult r = run(ProviderType.OPENAI, Scenario.OPENAI_RESTRICTED_403);
        assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.reason()).isEqualTo("cannot verify a restricted key this way: openai answered 403 invalid_request_error "
                + "(missing scope api.model.read)");
    }

    @Test
    void geminiRejectsAWrongKeyWith400ApiKeyInvalid() throws Exception {
        ProbeResult r = run(ProviderType.GEMINI, Scenario.GEMINI_KEY_INVALID_400);
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.reason()).isEqualTo("key rejected: gemini answered 400 API_KEY_INVALID to GET /v1beta/models");
    }

    @Test
    void openRouterReportsCreditAsMetricsAndASpentLimitAsQuotaExhausted() throws Exception {
        ProbeResult ok = run(ProviderType.OPENROUTER, Scenario.OK);
        assertThat(ok.reason()).isEqualTo("key valid: openrouter answered 200 to GET /api/v1/key ($74.50 of $100.00 left)");
        assertThat(measured(ok)).containsEntry("provider_credit_remaining", 74.5).containsEntry("provider_credit_limit", 100.0)
                .containsEntry("provider_credit_usage", 25.5).containsEntry("provider_quota_exhausted", 0.0);
        assertThat(ok.details().toString()).doesNotContain("sk-or-v1"); // the label OpenRouter returns is part of the key

        ProbeResult spent = run(ProviderType.OPENROUTER, Scenario.OPENROUTER_LIMIT_SPENT);
        assertThat(spent.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(spent.reason()).isEqualTo("quota exhausted: openrouter key limit of $100.00 is spent (usage $100.25)");
        assertThat(measured(spent)).containsEntry("provider_credit_remaining", 0.0).containsEntry("provider_quota_exhausted", 1.0);
    }

    @Test
    void aRefusedConnectionIsUnknown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProviderCheckGroup kind = kind();
        ProbeResult r = run(kind, parse(kind, "environments:\n  test:\n    providers:\n      "
                + entry(ProviderType.OPENAI_COMPATIBLE, "http://127.0.0.1:" + port + "/v1", key(Scenario.OK), "") + "\n"), "test");
        assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(r.reason()).isEqualTo("cannot verify: cannot connect to 127.0.0.1:" + port + " (connection refused)");
        assertThat(r.details()).containsEntry("httpStatus", null);
        assertThat(measured(r)).containsEntry("provider_http_status", 0.0);
    }

    @Test
    void anEmptyKeyIsNotConfiguredDriftAndSendsNothing() throws Exception {
        FakeProviderServer fake = FAKES.get(ProviderType.OPENAI);
        int before = fake.totalRequests();
        ProviderCheckGroup kind = kind();
        ProbeResult r = run(kind, parse(kind, "environments:\n  test:\n    providers:\n      "
                + entry(ProviderType.OPENAI, fake.baseUrl(), "", "") + "\n"), "test");
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.reason()).isEqualTo("key not configured: providers.openai.key is empty");
        assertThat(fake.totalRequests()).isEqualTo(before);
    }

    @Test
    void expectFingerprintPinsTheKey() throws Exception {
        FakeProviderServer fake = FAKES.get(ProviderType.ANTHROPIC);
        String key = key(Scenario.OK);
        fake.answer(key, Scenario.OK);
        String pinned = new Secret(key).fingerprint();
        ProviderCheckGroup kind = kind();
        MonitorConfig config = parse(kind, """
                environments:
                  right:
                    providers:
                      %s
                  wrong:
                    providers:
                      %s
                """.formatted(entry(ProviderType.ANTHROPIC, fake.baseUrl(), key, ", expectFingerprint: " + pinned),
                entry(ProviderType.ANTHROPIC, fake.baseUrl(), key, ", expectFingerprint: sha256:00000000")));
        assertThat(run(kind, config, "right").outcome()).isEqualTo(Outcome.OK);
        ProbeResult wrong = run(kind, config, "wrong");
        assertThat(wrong.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(wrong.reason()).isEqualTo("key " + pinned + " is not the pinned key sha256:00000000 (expectFingerprint)");
    }

    @Test
    void distinctFromFlagsAPreviewUsingProductionsKey() throws Exception {
        FakeProviderServer fake = FAKES.get(ProviderType.OPENAI);
        String shared = key(Scenario.OK);
        String own = key(Scenario.OK);
        fake.answer(shared, Scenario.OK).answer(own, Scenario.OK);
        ProviderCheckGroup kind = kind();
        MonitorConfig config = parse(kind, """
                environments:
                  production:
                    providers:
                      %s
                  preview:
                    providers:
                      %s
                  staging:
                    providers:
                      %s
                """.formatted(entry(ProviderType.OPENAI, fake.baseUrl(), shared, ""),
                entry(ProviderType.OPENAI, fake.baseUrl(), shared, ", distinctFrom: [production]"),
                entry(ProviderType.OPENAI, fake.baseUrl(), own, ", distinctFrom: [production]")));
        assertThat(run(kind, config, "production").outcome()).isEqualTo(Outcome.OK);
        assertThat(run(kind, config, "staging").outcome()).isEqualTo(Outcome.OK);
        ProbeResult preview = run(kind, config, "preview");
        assertThat(preview.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(preview.reason()).isEqualTo("uses the same key as environment production (providers.openai, "
                + new Secret(shared).fingerprint() + ") although distinctFrom lists it");
        assertThat(preview.details()).containsEntry("distinctFrom", List.of("production"));
    }

    @Test
    void environmentsSharingAKeyShareOneRequestPerMinInterval() throws Exception {
        FakeProviderServer fake = FAKES.get(ProviderType.GROQ);
        String shared = key(Scenario.OK);
        fake.answer(shared, Scenario.OK);
        ProviderCheckGroup kind = kind();
        String entry = entry(ProviderType.GROQ, fake.baseUrl(), shared, "");
        MonitorConfig config = parse(kind, """
                environments:
                  production: {providers: {%s}}
                  preview: {providers: {%s}}
                  staging: {providers: {%s}}
                """.formatted(entry, entry, entry));
        List<ProbeResult> results = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String env : List.of("production", "preview", "staging")) {
                results.add(run(kind, config, env));
            }
        }
        assertThat(fake.requests(shared)).isEqualTo(1);
        assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.OK));
        assertThat(results.stream().filter(r -> Boolean.FALSE.equals(r.details().get("cached")))).hasSize(1);
        assertThat(results.stream().map(r -> r.details().get("checkedAt")).distinct()).hasSize(1);
    }
}
