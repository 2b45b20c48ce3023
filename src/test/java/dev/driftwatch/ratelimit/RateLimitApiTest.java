package dev.driftwatch.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.PostgresServer;
import dev.driftwatch.testsupport.RedisResource;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.RespClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Fail-open through the daemon: metric, verdict and recovery over both transports, and event-driven loss. */
@QuarkusTest
@WithTestResource(RedisResource.class)
class RateLimitApiTest {
    private static final Duration WITHIN_ONE_INTERVAL = Duration.ofSeconds(1 + 2 + 4);

    private static int port(String name) {
        return ConfigProvider.getConfig().getValue("dwtest." + name, Integer.class);
    }

    private static Object redis(String name, Object... command) throws Exception {
        try (RespClient c = new RespClient(port(name), null, null)) {
            return c.call(command);
        }
    }

    private static Response verdict(String env) {
        return given().when().get("/api/v1/environments/" + env + "/verdict");
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String failOpen(String env, String target, String value) {
        return "driftwatch_ratelimit_fail_open{environment=\"" + env + "\",target=\"" + target + "\"} " + value;
    }

    @Test
    void aReadOnlyRedisFlipsFailOpenAndTheVerdictOverBothTransportsAndClearingItRestoresThem() throws Exception {
        Await.until(WITHIN_ONE_INTERVAL, RateLimitApiTest::metrics,
                m -> m.contains(failOpen("cache", "redis", "0.0")) && m.contains(failOpen("edge", "upstash", "0.0")), "both healthy");
        int deadMaster = PostgresServer.freePort();
        redis("redis-port", "REPLICAOF", "127.0.0.1", Integer.toString(deadMaster));
        try {
            Await.until(WITHIN_ONE_INTERVAL, RateLimitApiTest::metrics,
                    m -> m.contains(failOpen("cache", "redis", "1.0")) && m.contains(failOpen("edge", "upstash", "1.0")), "both fail open");
            for (String env : List.of("cache", "edge")) {
                verdict(env).then().statusCode(503).body("verdict", equalTo("fail"))
                        .body("reasons[0]", containsString("read-only replica"));
            }
            given().when().get("/api/v1/environments/cache").then().statusCode(200)
                    .body("checks[0].observation.details.failOpen", equalTo(true))
                    .body("checks[0].observation.details.algorithm", equalTo("sliding-window"))
                    .body("checks[0].observation.details.prefix", equalTo("tokenmart:global"))
                    .body("checks[0].observation.details.limiterTimeout", equalTo("1s"));
        } finally {
            redis("redis-port", "REPLICAOF", "NO", "ONE");
        }
        Await.until(WITHIN_ONE_INTERVAL, RateLimitApiTest::metrics,
                m -> m.contains(failOpen("cache", "redis", "0.0")) && m.contains(failOpen("edge", "upstash", "0.0")), "both cleared");
        for (String env : List.of("cache", "edge")) {
            Await.until(WITHIN_ONE_INTERVAL, () -> verdict(env).statusCode(), s -> s == 200, env + " passes again");
        }
        assertThat(metrics()).contains("driftwatch_redis_round_trip_seconds{environment=\"cache\",target=\"redis\"}")
                .contains("driftwatch_ratelimit_limiter_timeout_seconds{environment=\"edge\",target=\"upstash\"} 1.0")
                .doesNotContain(RedisResource.TOKEN);
    }

    private static String outcomeAfter(Response r, Instant after) {
        return outcomeAfter(r.then().extract().jsonPath(), after);
    }

    private static String outcomeAfter(io.restassured.path.json.JsonPath body, Instant after) {
        String observedAt = body.getString("checks[0].observation.observedAt");
        return observedAt != null && Instant.parse(observedAt).isAfter(after)
                ? body.getString("checks[0].observation.outcome") : "none";
    }

    @Test
    void aLostRedisIsReportedWithinASecondAndSoIsItsRecovery() throws Exception {
        // The check runs hourly: any observation after the start came from a connection event.
        String path = "/api/v1/environments/watched";
        // A cold JVM's first Redis connection can be slow on a loaded machine: the check's timeout leaves room for it.
        Await.until(Duration.ofSeconds(20), () -> given().get(path).then().extract().<String>path("checks[0].observation.reason"),
                r -> r != null && r.contains("limits as configured"), "the hourly check's first run to be ok");
        int port = port("watched-port");
        Instant stopped = Instant.now();
        try (RespClient c = new RespClient(port, null, null)) {
            c.call("SHUTDOWN", "NOSAVE");
        } catch (java.io.IOException expected) {
            // the server closes the connection as it exits
        }
        Response lost = Await.until(Duration.ofSeconds(1), () -> given().get(path), r -> !outcomeAfter(r, stopped).equals("none"),
                "an observation within a second of the loss");
        lost.then().body("checks[0].observation.outcome", equalTo("drift"))
                .body("checks[0].observation.details.failOpen", equalTo(true))
                .body("checks[0].observation.reason", anyOf(containsString("cannot connect to 127.0.0.1:" + port),
                        containsString("the connection to 127.0.0.1:" + port + " was closed")));
        Instant restarted = Instant.now();
        try (RedisServer back = RedisServer.startOn(port)) {
            Await.until(Duration.ofSeconds(1), () -> given().get(path).then().extract().asString(),
                    body -> outcomeAfter(io.restassured.path.json.JsonPath.from(body), restarted).equals("ok"),
                    "recovery within a second of the restart at " + restarted);
        }
    }

    @Test
    void aRestFrontAnswering503FailsTheVerdictNamingFailOpenWithinOneIntervalAndPassesAfter() throws Exception {
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("outage").statusCode(), s -> s == 200, "outage passes first");
        int port = port("outage-port");
        try (RespClient c = new RespClient(port, null, null)) {
            c.call("SHUTDOWN", "NOSAVE");
        } catch (java.io.IOException expected) {
            // the server closes the connection as it exits; the REST front now answers 503
        }
        Response failing = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("outage"), r -> r.statusCode() == 503, "outage fails");
        failing.then().body("verdict", equalTo("fail")).body("reasons[0]", containsString("REST API answered HTTP 503"))
                .body("reasons[0]", containsString("allows every request"));
        assertThat(metrics()).contains(failOpen("outage", "upstash", "1.0"))
                .contains("driftwatch_ratelimit_app_errors{environment=\"outage\",target=\"upstash\"} 0.0");
        try (RedisServer back = RedisServer.startOn(port)) {
            Await.until(WITHIN_ONE_INTERVAL, () -> verdict("outage").statusCode(), s -> s == 200, "outage passes again");
            assertThat(metrics()).contains(failOpen("outage", "upstash", "0.0"));
        }
    }

    @Test
    void aPasswordSetOnTheRunningRedisFailsTheVerdictAsCredentialsRejectedWithoutStackTraces() throws Exception {
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("cache").statusCode(), s -> s == 200, "cache passes first");
        java.nio.file.Path log = java.nio.file.Path.of(ConfigProvider.getConfig().getValue("dwtest.log-file", String.class));
        long logStart = java.nio.file.Files.size(log);
        redis("redis-port", "CONFIG", "SET", "requirepass", "rotated-pass");
        try {
            Response failing = Await.until(WITHIN_ONE_INTERVAL, () -> verdict("cache"), r -> r.statusCode() == 503, "cache fails");
            failing.then().body("verdict", equalTo("fail")).body("reasons[0]", containsString("credentials rejected"))
                    .body("reasons[0]", containsString("NOAUTH"));
            // the kept connection is killed too: Lettuce now retries a handshake Redis refuses, every 50-250 ms
            try (RespClient c = new RespClient(port("redis-port"), null, "rotated-pass")) {
                c.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            }
            Await.until(WITHIN_ONE_INTERVAL, () -> verdict("cache"), r -> r.statusCode() == 503
                    && r.then().extract().<String>path("reasons[0]").contains("credentials rejected"), "still credentials rejected");
        } finally {
            try (RespClient c = new RespClient(port("redis-port"), null, "rotated-pass")) {
                c.call("CONFIG", "SET", "requirepass", "");
            }
        }
        Await.until(WITHIN_ONE_INTERVAL, () -> verdict("cache").statusCode(), s -> s == 200, "cache passes again");
        String written;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            f.seek(logStart);
            byte[] bytes = new byte[(int) (f.length() - logStart)];
            f.readFully(bytes);
            written = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(written).doesNotContain("\tat ").doesNotContain("Caused by").doesNotContain("rotated-pass");
        assertThat(written.lines().filter(l -> l.contains("cache ratelimit/redis: ok -> drift: credentials rejected")).count())
                .as("one line per state change").isEqualTo(1);
        assertThat(written.lines().filter(l -> l.contains("cache ratelimit/redis: drift -> ok:")).count()).isEqualTo(1);
    }
}
