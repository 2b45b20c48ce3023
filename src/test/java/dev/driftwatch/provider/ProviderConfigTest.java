package dev.driftwatch.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.provider.ProviderSettings.PeerKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code providers} group: defaults, overrides, and an error naming the path for every bad value. */
class ProviderConfigTest {
    static final Map<String, String> ENV = Map.of("PROD_OPENAI_API_KEY", "sk-prod-0123456789abcdef",
            "PREVIEW_OPENAI_API_KEY", "sk-prod-0123456789abcdef", "MOONSHOT_API_KEY", "sk-moon-0123456789", "EMPTY", "");

    static MonitorConfig parse(String yaml) {
        Clock clock = Clock.systemUTC();
        ProviderCheckGroup kind = new ProviderCheckGroup(null, Duration.ofMinutes(5),
                new KeyVerifier(clock, new OutboundBudget(60, clock), Duration.ofHours(1)));
        return new EnvironmentsFileParser(List.of(kind), ENV::get, Duration.ofSeconds(30), Duration.ofSeconds(5))
                .parse(yaml, Path.of("."));
    }

    static List<String> errors(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void theDesignsExampleParsesWithEachProvidersDefaults() {
        MonitorConfig config = parse("""
                environments:
                  production:
                    providers:
                      openai: {key: "${PROD_OPENAI_API_KEY}"}
                      anthropic: {key: sk-ant-1, interval: 1m, timeout: 3s, severity: warning, minInterval: 10m}
                      openrouter: {key: sk-or-1}
                      groq: {key: gsk-1}
                      gemini: {key: AIza-1}
                      mistral: {key: m-1}
                      together: {key: t-1}
                      moonshot: {type: openai-compatible, baseUrl: "https://api.moonshot.cn/v1/", key: "${MOONSHOT_API_KEY}"}
                """);
        List<CheckDefinition> checks = config.checks();
        assertThat(checks).extracting(CheckDefinition::id).containsExactly("provider/openai", "provider/anthropic",
                "provider/openrouter", "provider/groq", "provider/gemini", "provider/mistral", "provider/together", "provider/moonshot");
        assertThat(checks).extracting(c -> ((ProviderSettings) c.settings()).baseUrl()).containsExactly(
                URI.create("https://api.openai.com/v1"), URI.create("https://api.anthropic.com"), URI.create("https://openrouter.ai/api/v1"),
                URI.create("https://api.groq.com/openai/v1"), URI.create("https://generativelanguage.googleapis.com"),
                URI.create("https://api.mistral.ai/v1"), URI.create("https://api.together.xyz/v1"), URI.create("https://api.moonshot.cn/v1"));
        CheckDefinition anthropic = checks.get(1);
        assertThat(anthropic.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(anthropic.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(anthropic.severity()).isEqualTo(Severity.WARNING);
        assertThat(((ProviderSettings) anthropic.settings()).minInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(((ProviderSettings) checks.get(0).settings()).minInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(checks.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(((ProviderSettings) checks.get(7).settings()).type()).isEqualTo(ProviderType.OPENAI_COMPATIBLE);
        assertThat(config.secrets()).contains(new Secret("sk-prod-0123456789abcdef"), new Secret("sk-moon-0123456789"));
    }

    @Test
    void anEmptyKeyIsAcceptedSoThatTheCheckCanReportItNotConfigured() {
        MonitorConfig config = parse("""
                environments:
                  preview:
                    providers:
                      openai: {key: "${EMPTY}"}
                      anthropic: {key: ""}
                """);
        assertThat(config.checks()).allSatisfy(c -> assertThat(((ProviderSettings) c.settings()).key().isEmpty()).isTrue());
    }

    @Test
    void distinctFromResolvesThePeersKeysToFingerprints() {
        MonitorConfig config = parse("""
                environments:
                  production:
                    providers:
                      openai: {key: "${PROD_OPENAI_API_KEY}"}
                      anthropic: {key: ""}
                  preview:
                    providers:
                      openai: {key: "${PREVIEW_OPENAI_API_KEY}", distinctFrom: [production], expectFingerprint: "sha256:0a1b2c3d"}
                """);
        ProviderSettings preview = (ProviderSettings) config.environment("preview").orElseThrow().checks().get(0).settings();
        assertThat(preview.distinctFrom()).containsExactly(
                new PeerKey("production", "openai", Secret.fingerprintOf("sk-prod-0123456789abcdef")));
        assertThat(preview.expectFingerprint()).isEqualTo("sha256:0a1b2c3d");
        assertThat(preview.toString()).doesNotContain("sk-prod-0123456789abcdef");
    }

    @Test
    void everyBadValueIsAnErrorNamingItsPath() {
        assertThat(errors("""
                environments:
                  production:
                    providers:
                      moonshot: {key: k}
                      local: {type: openai-compatible, key: k}
                      openai: {key: k, region: eu, expectFingerprint: abc, minInterval: never}
                      anthropic: {}
                      gemini: {type: vertex, key: k}
                      Bad_Name: {type: openai, key: k}
                      groq: "gsk-literal"
                """)).containsExactlyInAnyOrder(
                "environments.production.providers.moonshot.type: required: moonshot is not a known provider (openai, anthropic, "
                        + "openrouter, groq, gemini, mistral, together, openai-compatible); set type (openai-compatible for any API "
                        + "that serves GET /models) and baseUrl",
                "environments.production.providers.local.baseUrl: required for type openai-compatible",
                "environments.production.providers.openai.region: unknown key (expected one of baseUrl, catalog, distinctFrom, "
                        + "expectFingerprint, interval, key, keyFromVercel, minInterval, severity, timeout, type)",
                "environments.production.providers.openai.expectFingerprint: must be a key fingerprint as driftwatch shows it: "
                        + "sha256: and 8 lowercase hex digits",
                "environments.production.providers.openai.minInterval: 'never' is not a duration such as 500ms, 30s, 5m or 1h",
                "environments.production.providers.anthropic.key: required",
                "environments.production.providers.gemini.type: must be one of openai, anthropic, openrouter, groq, gemini, "
                        + "mistral, together, openai-compatible",
                "environments.production.providers.Bad_Name: not a valid provider name (lowercase letters, digits, '.', '_' and '-', "
                        + "at most 63)",
                "environments.production.providers.groq: must be a mapping with at least key");
    }

    @Test
    void aBaseUrlWithCredentialsIsRefusedWithoutEchoingIt() {
        List<String> errors = errors("""
                environments:
                  production:
                    providers:
                      openai: {key: k, baseUrl: "https://user:hunter2@gateway.example/v1"}
                      anthropic: {key: k, baseUrl: "https://gateway.example/v1?key=hunter2"}
                      groq: {key: k, baseUrl: "ftp://gateway.example"}
                      mistral: {key: k, baseUrl: "not a url"}
                """);
        assertThat(errors).containsExactlyInAnyOrder(
                "environments.production.providers.openai.baseUrl: must not carry credentials, a query or a fragment; the key goes in key",
                "environments.production.providers.anthropic.baseUrl: must not carry credentials, a query or a fragment; the key goes in key",
                "environments.production.providers.groq.baseUrl: must be an http:// or https:// URL",
                "environments.production.providers.mistral.baseUrl: not a URL");
        assertThat(String.join("\n", errors)).doesNotContain("hunter2");
    }

    @Test
    void distinctFromMustNameAnotherEnvironmentWithProviders() {
        assertThat(errors("""
                environments:
                  production:
                    schema: {url: "jdbc:postgresql://db/postgres"}
                  preview:
                    providers:
                      openai: {key: k, distinctFrom: [preview, nowhere, production]}
                """)).contains(
                "environments.preview.providers.openai.distinctFrom: an environment cannot be distinct from itself",
                "environments.preview.providers.openai.distinctFrom: no environment named nowhere",
                "environments.preview.providers.openai.distinctFrom: environment production has no providers group to compare with");
    }

    @Test
    void anUnsetVariableIsAConfigErrorNotAnEmptyKey() {
        assertThat(errors("""
                environments:
                  production:
                    providers:
                      openai: {key: "${NOT_SET_ANYWHERE}"}
                """)).containsExactly("environments.production.providers.openai.key: environment variable NOT_SET_ANYWHERE is not set");
    }
}
