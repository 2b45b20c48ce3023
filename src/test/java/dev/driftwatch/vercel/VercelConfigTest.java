package dev.driftwatch.vercel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.probe.CheckGroup;
import dev.driftwatch.ratelimit.RateLimitSettings;
import dev.driftwatch.smoke.SmokeCheckGroup;
import dev.driftwatch.testsupport.ParsingGroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vercel group and the checks that read their credentials from it, as the environments file declares them. */
class VercelConfigTest {
    private static MonitorConfig parse(String yaml) {
        List<CheckGroup> kinds = List.of(ParsingGroups.vercel(), ParsingGroups.ratelimit(), new SmokeCheckGroup());
        return new EnvironmentsFileParser(kinds, Map.of("VERCEL_TOKEN", "vtok-123456")::get, Duration.ofSeconds(30), Duration.ofSeconds(5))
                .parse(yaml, Path.of("."));
    }

    @Test
    void oneGroupDefinesTheEnvAndDeploymentChecksAndLendsItsConnection() {
        MonitorConfig config = parse("""
                environments:
                  production:
                    vercel: {token: "${VERCEL_TOKEN}", projectId: prj_1, required: [A, B], urls: [A], alias: "https://app.example.com/"}
                    ratelimit: {upstash: {fromVercel: true}}
                """);
        List<CheckDefinition> checks = config.environment("production").orElseThrow().checks();
        assertThat(checks).extracting(CheckDefinition::id).containsExactlyInAnyOrder("env/vercel", "deployment/vercel", "ratelimit/upstash");
        RateLimitSettings rl = (RateLimitSettings) checks.stream().filter(c -> c.kind().equals("ratelimit")).findFirst().orElseThrow().settings();
        assertThat(rl.fromVercel().vercelEnvironment()).isEqualTo("production");
        assertThat(rl.fromVercel().project().baseUrl()).hasToString("https://api.vercel.com");
        assertThat(config.secrets()).extracting(s -> s.reveal()).contains("vtok-123456");
        assertThat(checks.stream().filter(c -> c.kind().equals("deployment")).findFirst().orElseThrow().settings().toString())
                .contains("alias=app.example.com").doesNotContain("vtok-123456");
    }

    @Test
    void mistakesAreConfigErrorsNamingTheirPath() {
        assertThatThrownBy(() -> parse("""
                environments:
                  staging:
                    vercel: {token: "", projectId: prj_1, required: [A, "not a name"], urls: [B], expectCommit: main}
                    ratelimit: {upstash: {fromVercel: true, url: "https://x.upstash.io"}}
                  other:
                    ratelimit: {upstash: {fromVercel: true}}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("environments.staging.vercel.token: must not be empty")
                .hasMessageContaining("environments.staging.vercel.target: required: environment staging is not named production, preview or development")
                .hasMessageContaining("environments.staging.vercel.required: 'not a name' is not an environment variable name")
                .hasMessageContaining("environments.staging.vercel.urls: B is not in required")
                .hasMessageContaining("environments.staging.vercel.alias: required when expectCommit is set")
                .hasMessageContaining("environments.staging.ratelimit.upstash.fromVercel: set either url and token or fromVercel: true, not both")
                .hasMessageContaining("environments.other.ratelimit.upstash.fromVercel: needs a vercel: group in environment other");
    }
}
