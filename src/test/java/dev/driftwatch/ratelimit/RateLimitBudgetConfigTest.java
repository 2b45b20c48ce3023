package dev.driftwatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.config.CheckDefinition;
import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.EnvironmentsFileParser;
import dev.driftwatch.config.MonitorConfig;
import dev.driftwatch.testsupport.ParsingGroups;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check's own deadline fits every limiter call at the app's timeout, so slow-but-working is never unknown. */
class RateLimitBudgetConfigTest {
    private static MonitorConfig parse(String yaml) {
        return new EnvironmentsFileParser(List.of(ParsingGroups.ratelimit()), Map.<String, String>of()::get, Duration.ofSeconds(30),
                Duration.ofSeconds(5)).parse(yaml, Path.of("."));
    }

    @Test
    void theDefaultDeadlineIsTheBudgetOfCanaryCallsAndHousekeeping() {
        CheckDefinition check = parse("""
                environments:
                  production:
                    ratelimit: {upstash: {url: "https://x.upstash.io", token: "t0ken-value"}, timeout: 5s}
                """).environment("production").orElseThrow().checks().get(0);
        // (canaryLimit 2 + 1) calls x 5s + 5s inspection (one /pipeline request) + 1s margin
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(21));
        assertThat(((RateLimitSettings) check.settings()).budget().total()).isEqualTo(Duration.ofSeconds(21));
    }

    @Test
    void overTheRedisProtocolTheBudgetAlsoCoversANewClientsHandshakeAndPing() {
        CheckDefinition check = parse("""
                environments:
                  production:
                    ratelimit: {redis: "redis://127.0.0.1:6379", timeout: 5s}
                """).environment("production").orElseThrow().checks().get(0);
        // 3 calls x 5s + new client (2 handshake round trips + PING) x 5s + 5s inspection + 1s margin
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(36));
        assertThat(((RateLimitSettings) check.settings()).budget().housekeeping()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aProbeTimeoutBelowTheBudgetIsAConfigErrorNamingTheMinimum() {
        assertThatThrownBy(() -> parse("""
                environments:
                  production:
                    ratelimit: {redis: "redis://127.0.0.1:6379", timeout: 5s, canaryLimit: 1, probeTimeout: 6s}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("environments.production.ratelimit.probeTimeout: must be at least 31s");
    }
}
