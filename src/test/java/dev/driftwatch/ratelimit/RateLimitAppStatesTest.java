package dev.driftwatch.ratelimit;

import static dev.driftwatch.ratelimit.RateLimitProbeTest.assertFailOpen;
import static dev.driftwatch.ratelimit.RateLimitProbeTest.assertOk;
import static dev.driftwatch.ratelimit.RateLimitProbeTest.measured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per row of the state table in docs/checks/ratelimit.md that the older probe test does not cover: what the
 * app's limiter (@upstash/ratelimit 2.0.8 over @upstash/redis 1.36.3, in the app's try/catch) does in each state.
 */
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.WithTestResource(dev.driftwatch.testsupport.RedisResource.class)
class RateLimitAppStatesTest {
    static final String TOKEN = RateLimitProbeTest.TOKEN;
    /** The app's limiter timeout (the library's default). */
    static final Duration APP_TIMEOUT = Duration.ofSeconds(5);
    static LimiterTargets targets;

    @BeforeAll
    static void start() throws Exception {
        targets = LimiterTargets.start(TOKEN);
    }

    @AfterAll
    static void stop() {
        targets.close();
    }

    static RateLimitSettings settings(RateLimitSettings.Transport t, String url, Duration limiterTimeout, Path ca) {
        return new RateLimitSettings(t, new Secret(url), new Secret(t == RateLimitSettings.Transport.UPSTASH ? TOKEN : ""), ca,
                "tokenmart:global", Algorithm.SLIDING_WINDOW, 30, Duration.ofSeconds(10), 30, limiterTimeout,
                RateLimitCheckGroup.DEFAULT_PLACEHOLDERS, 1);
    }

    static RateLimitProbe probe(RateLimitSettings.Transport t, String url, Duration limiterTimeout) {
        return new RateLimitProbe(t.label(), settings(t, url, limiterTimeout, null), targets.resources(), () -> { });
    }

    static ProbeResult runOnce(RateLimitSettings.Transport t, String url, Duration limiterTimeout) {
        RateLimitProbe probe = probe(t, url, limiterTimeout);
        try (probe) {
            return probe.probe(settings(t, url, limiterTimeout, null).budget().total());
        }
    }

    static void assertNotAppErrors(ProbeResult r) {
        assertThat(r.details()).containsEntry("appErrors", false);
        assertThat(measured(r, "ratelimit_app_errors")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "500|{\"error\":\"ERR internal\"}|REST API answered HTTP 500",
            "503|{\"error\":\"Service Unavailable\"}|REST API answered HTTP 503",
            "429|{\"error\":\"ERR max requests limit exceeded\"}|REST API answered HTTP 429",
            "400|{\"error\":\"ERR syntax error\"}|the limiter script failed",
            "502|<html>Bad Gateway</html>|HTTP 502 with a body that is not JSON (UpstashJSONParseError)",
            "200|<html>captive portal</html>|HTTP 200 with a body that is not JSON (UpstashJSONParseError)",
            "200|{\"neither\":1}|without a result or error field"})
    void everyRestAnswerTheSdkThrowsOnFailsOpen(int status, String body, String reasonPart) {
        targets.rest().answerEverything(status, body);
        try {
            ProbeResult r = runOnce(RateLimitSettings.Transport.UPSTASH, targets.rest().url(), APP_TIMEOUT);
            assertFailOpen(r, reasonPart);
            assertNotAppErrors(r);
            assertThat(r.reason()).contains("allows every request");
        } finally {
            targets.rest().answerEverything(null, null);
        }
    }

    @Test
    void restOverloadFailsOpen() {
        targets.rest().overload();
        try {
            assertFailOpen(runOnce(RateLimitSettings.Transport.UPSTASH, targets.rest().url(), APP_TIMEOUT), "HTTP 429: ERR max requests limit exceeded");
        } finally {
            targets.rest().answerEverything(null, null);
        }
    }

    @Test
    void redisStoppedBehindRestFailsOpenAndRecovers() throws Exception {
        try (RedisServer own = RedisServer.start(); UpstashRestFixture front = new UpstashRestFixture(own.port(), TOKEN);
             RateLimitProbe probe = probe(RateLimitSettings.Transport.UPSTASH, front.url(), APP_TIMEOUT)) {
            assertOk(probe.probe(APP_TIMEOUT));
            own.stop();
            assertFailOpen(probe.probe(APP_TIMEOUT), "REST API answered HTTP 503");
            own.restart();
            assertOk(probe.probe(APP_TIMEOUT));
        }
    }

    /** Latency injected per REST request; the app's limiter timeout is 5 s and each limiter call is judged on its own. */
    @ParameterizedTest
    @CsvSource({"1000,OK", "3000,SLOW", "6000,FAIL_OPEN"})
    void restLatencyIsOkSlowOrFailOpenAgainstTheAppsFiveSecondTimeout(long millis, String expected) throws Exception {
        try (UpstashRestFixture front = new UpstashRestFixture(targets.redis().port(), TOKEN)) {
            front.delay(Duration.ofMillis(millis));
            ProbeResult r = runOnce(RateLimitSettings.Transport.UPSTASH, front.url(), APP_TIMEOUT);
            assertThat(r.outcome()).as(r.reason()).isNotEqualTo(Outcome.UNKNOWN);
            assertThat(measured(r, "ratelimit_fail_open")).isNotNaN();
            switch (expected) {
                case "OK" -> assertOk(r);
                case "SLOW" -> {
                    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.DRIFT);
                    assertThat(r.severity()).isEqualTo(Severity.WARNING);
                    assertThat(r.reason()).contains("is above half the limiter timeout (5s)");
                    assertThat(measured(r, "ratelimit_fail_open")).isZero();
                }
                default -> assertFailOpen(r, "within the limiter timeout (5s");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> budget = (Map<String, Object>) r.details().get("budget");
            assertThat(budget).containsEntry("limiterCalls", 2).containsEntry("perCall", "5s").containsEntry("total", "16s");
        }
    }

    @Test
    void aScriptCacheFlushedAfterEveryLoadStillLimitsOverRest() throws Exception {
        try (UpstashRestFixture front = new UpstashRestFixture(targets.redis().port(), TOKEN);
             RateLimitProbe probe = probe(RateLimitSettings.Transport.UPSTASH, front.url(), APP_TIMEOUT)) {
            front.flushScriptsAfterLoad(true);
            for (int run = 0; run < 3; run++) {
                assertOk(probe.probe(APP_TIMEOUT));
            }
        }
    }

    @Test
    void aScriptCacheFlushedBeforeEveryRunStillLimitsOverTheRedisProtocol() throws Exception {
        try (RateLimitProbe probe = probe(RateLimitSettings.Transport.REDIS, targets.redis().url(), APP_TIMEOUT)) {
            for (int run = 0; run < 3; run++) {
                targets.redis().command("SCRIPT", "FLUSH");
                assertOk(probe.probe(APP_TIMEOUT));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rediss://default:pw@example.upstash.io:6379", "example.upstash.io", " https://example.upstash.io",
            "https://example.upstash.io\n", "https://.upstash.io"})
    void aRestUrlTheSdkRejectsMakesTheAppErrorNotFailOpen(String url) {
        int before = targets.rest().requests();
        ProbeResult r = runOnce(RateLimitSettings.Transport.UPSTASH, url, APP_TIMEOUT);
        assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.details()).containsEntry("failOpen", false).containsEntry("appErrors", true);
        assertThat(measured(r, "ratelimit_app_errors")).isEqualTo(1.0);
        assertThat(measured(r, "ratelimit_fail_open")).isZero();
        assertThat(r.reason()).contains("UrlError").contains("every rate-limited route answers 500").doesNotContain("pw@");
        assertThat(targets.rest().requests()).isEqualTo(before);
    }

    @Test
    void aTrailingSlashIsWhatTheSdkStripsSoTheRestUrlStillWorks() {
        assertOk(runOnce(RateLimitSettings.Transport.UPSTASH, targets.rest().url() + "/", APP_TIMEOUT));
    }

    @Test
    void driftwatchsOwnUnreadableCaFileIsUnknownWithNaNNotAStaleValue() {
        Path missing = Path.of("/nonexistent/driftwatch-ca.pem");
        try (RateLimitProbe probe = new RateLimitProbe("redis", settings(RateLimitSettings.Transport.REDIS, targets.redis().url(), APP_TIMEOUT, missing),
                targets.resources(), () -> { })) {
            ProbeResult r = probe.probe(APP_TIMEOUT);
            assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(r.reason()).contains("driftwatch cannot read its CA certificate");
            assertThat(measured(r, "ratelimit_fail_open")).isNaN();
            assertThat(measured(r, "ratelimit_app_errors")).isNaN();
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitSettings.Transport.class)
    void aPasswordSetOnARunningRedisIsCredentialsRejectedAtTheNextRun(RateLimitSettings.Transport t) throws Exception {
        try (RedisServer own = RedisServer.start(); UpstashRestFixture front = new UpstashRestFixture(own.port(), TOKEN)) {
            String url = t == RateLimitSettings.Transport.REDIS ? own.url() : front.url();
            try (RateLimitProbe probe = probe(t, url, APP_TIMEOUT)) {
                assertOk(probe.probe(APP_TIMEOUT));
                own.command("CONFIG", "SET", "requirepass", "rotated-pass");
                ProbeResult r = probe.probe(APP_TIMEOUT);
                assertFailOpen(r, "credentials rejected by 127.0.0.1:");
                assertThat(r.reason()).contains("NOAUTH").doesNotContain("rotated-pass");
            }
        }
    }
}
