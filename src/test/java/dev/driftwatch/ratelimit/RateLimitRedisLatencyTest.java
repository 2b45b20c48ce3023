package dev.driftwatch.ratelimit;

import static dev.driftwatch.ratelimit.RateLimitProbeTest.assertFailOpen;
import static dev.driftwatch.ratelimit.RateLimitProbeTest.assertOk;
import static dev.driftwatch.ratelimit.RateLimitProbeTest.measured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.LatencyProxy;
import dev.driftwatch.testsupport.RedisServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The latency rows of docs/checks/ratelimit.md over the Redis protocol: every answer of a real redis-server reaches
 * the check through a proxy that delays it. A warm app instance keeps its connection, so its limiter calls cost one
 * round trip each; a new one first connects (Lettuce's handshake: two round trips) inside its first call's timeout.
 */
class RateLimitRedisLatencyTest {
    static RedisServer redis;
    static RedisResources resources;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        resources = new RedisResources();
    }

    @AfterAll
    static void stop() {
        resources.close();
        redis.close();
    }

    /**
     * The app's script is in Redis's cache, as it is once the app has served a request; a flushed cache costs one
     * more round trip (EVALSHA, NOSCRIPT, EVAL) in one call, which a separate test covers without latency.
     */
    @BeforeEach
    void scriptCached() {
        redis.command("SCRIPT", "LOAD", Algorithm.SLIDING_WINDOW.script());
    }

    static RateLimitSettings settings(String url, Duration limiterTimeout) {
        return new RateLimitSettings(RateLimitSettings.Transport.REDIS, new Secret(url), new Secret(""), null, "tokenmart:global",
                Algorithm.SLIDING_WINDOW, 30, Duration.ofSeconds(10), 30, limiterTimeout, RateLimitCheckGroup.DEFAULT_PLACEHOLDERS, 1);
    }

    static RateLimitProbe probe(String url, Duration limiterTimeout) {
        return new RateLimitProbe("redis", settings(url, limiterTimeout), resources, () -> { });
    }

    static void assertSlow(ProbeResult r, String limiterTimeout) {
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.reason()).contains("is above half the limiter timeout (" + limiterTimeout + ")")
                .contains("a new connection takes").contains("a new app instance's first limiter calls time out");
        assertThat(r.details()).containsEntry("failOpen", false).containsEntry("appErrors", false);
        assertThat(measured(r, "ratelimit_fail_open")).isZero();
    }

    /** The numbers: the app's 5 s limiter timeout and 1 s, 3 s, 6 s per round trip, from a cold start. */
    @ParameterizedTest
    @CsvSource({"1000,OK", "3000,SLOW", "6000,FAIL_OPEN"})
    void latencyIsOkSlowOrFailOpenAgainstTheAppsFiveSecondTimeout(long millis, String expected) throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        try (LatencyProxy proxy = LatencyProxy.to(redis.port()); RateLimitProbe probe = probe(proxy.redisUrl(), timeout)) {
            proxy.delay(Duration.ofMillis(millis));
            ProbeResult r = probe.probe(settings(proxy.redisUrl(), timeout).budget().total());
            assertThat(r.outcome()).as(r.reason()).isNotEqualTo(Outcome.UNKNOWN);
            switch (expected) {
                case "OK" -> assertOk(r);
                case "SLOW" -> {
                    assertSlow(r, "5s");
                    // three round trips of 3 s before the new connection's PING is answered
                    assertThat((Double) r.details().get("newClientSeconds")).isGreaterThanOrEqualTo(9.0);
                }
                default -> assertFailOpen(r, "no answer from 127.0.0.1:" + proxy.port() + " within the limiter timeout (5s); "
                        + "a new connection's handshake did not complete within 10s (2 round trips)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> budget = (Map<String, Object>) r.details().get("budget");
            // 2 limiter calls x 5s + (2 handshake round trips + PING + inspection) x 5s + 1s
            assertThat(budget).containsEntry("limiterCalls", 2).containsEntry("housekeeping", "20s").containsEntry("total", "31s");
        }
    }

    /**
     * The same rows scaled to a 1 s limiter timeout, on one probe whose connection stays up between runs (a warm app
     * instance) and on a new probe (a cold one): both agree, and the latency can change from run to run.
     */
    @Test
    void aWarmAndAColdStartAgreeAsTheLatencyChanges() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (LatencyProxy proxy = LatencyProxy.to(redis.port()); RateLimitProbe warm = probe(proxy.redisUrl(), timeout)) {
            proxy.delay(Duration.ofMillis(200));
            assertOk(warm.probe(timeout));
            proxy.delay(Duration.ofMillis(600));
            int before = proxy.connections();
            assertSlow(warm.probe(timeout), "1s");
            assertThat(proxy.connections()).as("a warm run opens only its new-client connection").isEqualTo(before + 1);
            try (RateLimitProbe cold = probe(proxy.redisUrl(), timeout)) {
                assertSlow(cold.probe(timeout), "1s");
            }
            proxy.delay(Duration.ofMillis(1200));
            assertFailOpen(warm.probe(timeout), "within the limiter timeout (1s)");
            proxy.delay(Duration.ZERO);
            assertOk(warm.probe(timeout));
        }
    }

    /**
     * Round trips under half the limiter timeout, but a new connection's three (handshake, PING) take longer than it:
     * warm instances limit, so the outcome is ok; the new connection's time is in the details. (Not a warning on its
     * own: driftwatch's own first connection after a start is often that slow, which says nothing about the app.)
     */
    @Test
    void aNewConnectionSlowerThanTheLimiterTimeoutWithFastRoundTripsIsOkAndShownInDetails() throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        try (LatencyProxy proxy = LatencyProxy.to(redis.port()); RateLimitProbe probe = probe(proxy.redisUrl(), timeout)) {
            proxy.delay(Duration.ofMillis(1100));
            ProbeResult r = probe.probe(timeout);
            assertOk(r);
            assertThat((Double) r.details().get("newClientSeconds")).isGreaterThan(3.0);
        }
    }
}
