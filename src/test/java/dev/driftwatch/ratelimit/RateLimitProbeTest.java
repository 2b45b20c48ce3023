package dev.driftwatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.config.Secret;
import dev.driftwatch.config.Severity;
import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.probe.Measurement;
import dev.driftwatch.probe.Outcome;
import dev.driftwatch.probe.ProbeResult;
import dev.driftwatch.testsupport.Await;
import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.RespClient;
import dev.driftwatch.testsupport.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rate-limit probe against real redis-servers, over the Redis protocol and an Upstash-REST front alike.
 * A Quarkus test because the REST transport is a Quarkus REST client, which needs the application running.
 */
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.WithTestResource(dev.driftwatch.testsupport.RedisResource.class)
class RateLimitProbeTest {
    static final String TOKEN = "AX_test_upstash_token_0123456789";
    static final Duration LIMITER_TIMEOUT = Duration.ofMillis(800);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    static final RedisResources RESOURCES = new RedisResources();
    static RedisServer redis;
    static UpstashRestFixture rest;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        rest = new UpstashRestFixture(redis.port(), TOKEN);
    }

    @AfterAll
    static void stop() {
        rest.close();
        redis.close();
        RESOURCES.close();
    }

    static RateLimitSettings settings(RateLimitSettings.Transport transport, String url, String token, Algorithm algorithm, Path ca) {
        return new RateLimitSettings(transport, new Secret(url), new Secret(token), ca, "tokenmart:global", algorithm, 30,
                Duration.ofSeconds(10), 30, LIMITER_TIMEOUT, RateLimitCheckGroup.DEFAULT_PLACEHOLDERS, 2);
    }

    static RateLimitProbe probe(RateLimitSettings.Transport transport) {
        return transport == RateLimitSettings.Transport.REDIS
                ? new RateLimitProbe("redis", settings(transport, redis.url(), "", Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })
                : new RateLimitProbe("upstash", settings(transport, rest.url(), TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { });
    }

    static RateLimitProbe redisProbe(String url) {
        return new RateLimitProbe("redis", settings(RateLimitSettings.Transport.REDIS, url, "", Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { });
    }

    static double measured(ProbeResult r, String name) {
        return r.measurements().stream().filter(m -> m.name().equals(name)).mapToDouble(Measurement::value).findFirst().orElseThrow();
    }

    static void assertOk(ProbeResult r) {
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.OK);
        assertThat(r.details()).containsEntry("failOpen", false);
        assertThat(measured(r, "ratelimit_fail_open")).isZero();
        assertThat(measured(r, "redis_round_trip_seconds")).isPositive();
    }

    static void assertFailOpen(ProbeResult r, String reasonPart) {
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.DRIFT);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.details()).containsEntry("failOpen", true);
        assertThat(r.reason()).contains(reasonPart);
        assertThat(measured(r, "ratelimit_fail_open")).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyAlgorithmCountsAndBlocksOverBothTransportsWithoutTouchingOtherKeys(Algorithm algorithm) throws Exception {
        redis.command("SET", "tokenmart:global:user-7:123", "4");
        for (RateLimitSettings.Transport t : RateLimitSettings.Transport.values()) {
            String url = t == RateLimitSettings.Transport.REDIS ? redis.url() : rest.url();
            try (RateLimitProbe probe = new RateLimitProbe(t.label(), settings(t, url, TOKEN, algorithm, null), RESOURCES, () -> { })) {
                ProbeResult r = probe.probe(CHECK_TIMEOUT);
                assertOk(r);
                assertThat(r.reason()).startsWith(algorithm.label() + " limiter on 127.0.0.1:");
                assertThat(r.details()).containsEntry("algorithm", algorithm.label()).containsEntry("prefix", "tokenmart:global")
                        .containsEntry("limiterTimeout", "800ms");
            }
        }
        assertThat(redis.command("KEYS", "tokenmart:global:driftwatch-canary:*")).isEqualTo(List.of());
        assertThat(redis.command("GET", "tokenmart:global:user-7:123")).isEqualTo("4");
    }

    @Test
    void checksOfOneRedisShareOneConnectionThatLastsUntilTheLastOneCloses() throws Exception {
        RedisServer own = RedisServer.start();
        RedisResources resources = new RedisResources();
        try {
            java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
            RateLimitProbe a = new RateLimitProbe("redis", settings(RateLimitSettings.Transport.REDIS, own.url(), "", Algorithm.SLIDING_WINDOW, null),
                    resources, woken::incrementAndGet);
            RateLimitProbe b = new RateLimitProbe("redis", settings(RateLimitSettings.Transport.REDIS, own.url(), "", Algorithm.SLIDING_WINDOW, null),
                    resources, woken::incrementAndGet);
            assertOk(a.probe(CHECK_TIMEOUT));
            assertOk(b.probe(CHECK_TIMEOUT));
            assertThat(clients(own)).as("one connection for both checks").isEqualTo(1);
            a.close();
            assertOk(b.probe(CHECK_TIMEOUT));
            woken.set(0);
            own.stop();
            Await.until(Duration.ofSeconds(5), woken::get, n -> n >= 1, "the remaining check woken by the lost connection");
            own.restart();
            b.close();
            Await.until(Duration.ofSeconds(5), () -> clients(own), n -> n == 0, "the connection closed with its last user");
        } finally {
            resources.close();
            own.close();
        }
    }

    /** Client connections other than the one asking. */
    private static long clients(RedisServer server) {
        try (RespClient admin = server.admin()) {
            String list = String.valueOf(admin.call("CLIENT", "LIST"));
            return list.lines().filter(l -> !l.contains("cmd=client")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theCanaryUsesTheLibrarysKeyLayoutAndScriptAndExpiresWithinSeconds() throws Exception {
        Algorithm.Call call = Algorithm.SLIDING_WINDOW.call("tokenmart:global", "driftwatch-canary:ab", 10_500, 2, 2000, 2);
        assertThat(call.keys()).containsExactly("tokenmart:global:driftwatch-canary:ab:5", "tokenmart:global:driftwatch-canary:ab:4", "");
        try (var admin = redis.admin()) {
            for (Algorithm a : Algorithm.values()) {
                assertThat(admin.call("SCRIPT", "LOAD", a.script())).as(a.label() + ": the library's hash").isEqualTo(a.sha());
            }
            admin.call("EVALSHA", Algorithm.SLIDING_WINDOW.sha(), "3", call.keys().get(0), call.keys().get(1), "", "2", "10500", "2000", "1");
            long ttl = (Long) admin.call("PTTL", call.keys().get(0));
            assertThat(ttl).isBetween(1L, 5000L);
            admin.call("DEL", call.keys().get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitSettings.Transport.class)
    void aPlaceholderAMalformedUrlOrAMissingTokenFailsOpenWithoutAnyRequest(RateLimitSettings.Transport t) {
        String placeholder = t == RateLimitSettings.Transport.REDIS ? "redis://your-redis-host:6379" : "https://your-redis.upstash.io";
        String malformed = t == RateLimitSettings.Transport.REDIS ? "redis//nohost" : "https://[nohost";
        int before = rest.requests();
        assertFailOpen(new RateLimitProbe("x", settings(t, placeholder, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })
                .probe(CHECK_TIMEOUT), "contains the placeholder 'your-redis'");
        assertFailOpen(new RateLimitProbe("x", settings(t, malformed, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })
                .probe(CHECK_TIMEOUT), "is not a valid URL");
        assertFailOpen(new RateLimitProbe("x", settings(t, " ", TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })
                .probe(CHECK_TIMEOUT), "is missing or empty");
        if (t == RateLimitSettings.Transport.UPSTASH) {
            assertFailOpen(new RateLimitProbe("x", settings(t, rest.url(), "", Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })
                    .probe(CHECK_TIMEOUT), "UPSTASH_REDIS_REST_TOKEN is missing or empty");
        }
        assertThat(rest.requests()).isEqualTo(before);
    }

    @Test
    void anUnresolvableHostFailsOpen() {
        try (RateLimitProbe probe = redisProbe("redis://driftwatch-no-such-host.invalid:6379")) {
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "unknown host driftwatch-no-such-host.invalid (DNS lookup failed)");
        }
    }

    @Test
    void aStoppedRedisFailsOpenAndTheSameProbeRecoversWhenItIsBack() throws Exception {
        try (RedisServer own = RedisServer.start(); RateLimitProbe probe = redisProbe(own.url())) {
            assertOk(probe.probe(CHECK_TIMEOUT));
            own.stop();
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "cannot connect to 127.0.0.1:" + own.port());
            own.restart();
            ProbeResult back = dev.driftwatch.testsupport.Await.until(Duration.ofSeconds(5), () -> probe.probe(CHECK_TIMEOUT),
                    r -> r.outcome() == Outcome.OK, "the probe sees Redis back");
            assertOk(back);
        }
    }

    @Test
    void anUnreachableRestEndpointFailsOpen() throws Exception {
        int port = dev.driftwatch.testsupport.PostgresServer.freePort();
        try (RateLimitProbe probe = new RateLimitProbe("upstash", settings(RateLimitSettings.Transport.UPSTASH,
                "http://127.0.0.1:" + port, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "cannot connect to 127.0.0.1:" + port);
            try (UpstashRestFixture back = new UpstashRestFixture(redis.port(), TOKEN, port)) {
                assertOk(probe.probe(CHECK_TIMEOUT));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitSettings.Transport.class)
    void aFrozenRedisFailsOpenAtTheLimiterTimeoutAndRecoversWhenResumed(RateLimitSettings.Transport t) throws Exception {
        try (RedisServer own = RedisServer.start(); UpstashRestFixture front = new UpstashRestFixture(own.port(), TOKEN)) {
            String url = t == RateLimitSettings.Transport.REDIS ? own.url() : front.url();
            try (RateLimitProbe probe = new RateLimitProbe(t.label(), settings(t, url, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
                assertOk(probe.probe(CHECK_TIMEOUT));
                own.freeze();
                try {
                    assertFailOpen(probe.probe(CHECK_TIMEOUT), "within the limiter timeout (800ms)");
                } finally {
                    own.resume();
                }
                ProbeResult back = dev.driftwatch.testsupport.Await.until(Duration.ofSeconds(5), () -> probe.probe(CHECK_TIMEOUT),
                        r -> r.outcome() == Outcome.OK, "the probe sees Redis resumed");
                assertOk(back);
            }
        }
    }

    @Test
    void wrongOrMissingCredentialsFailOpenAndAnAclUserWorks() throws Exception {
        try (RedisServer secured = RedisServer.start("--requirepass", "s3cret-pass")) {
            secured.command("ACL", "SETUSER", "limiter", "on", ">limiter-pass", "~*", "+@all");
            secured.command("ACL", "SETUSER", "prefixonly", "on", ">prefixonly-pass", "~tokenmart:*", "+@all");
            secured.command("ACL", "SETUSER", "noscripts", "on", ">noscripts-pass", "~*", "+@all", "-@scripting");
            try (RateLimitProbe wrong = redisProbe("redis://default:not-the-pass@127.0.0.1:" + secured.port())) {
                ProbeResult r = wrong.probe(CHECK_TIMEOUT);
                assertFailOpen(r, "credentials rejected");
                assertThat(r.reason()).contains("WRONGPASS").doesNotContain("not-the-pass");
            }
            try (RateLimitProbe none = redisProbe("redis://127.0.0.1:" + secured.port())) {
                assertFailOpen(none.probe(CHECK_TIMEOUT), "NOAUTH");
            }
            try (RateLimitProbe acl = redisProbe("redis://limiter:limiter-pass@127.0.0.1:" + secured.port())) {
                assertOk(acl.probe(CHECK_TIMEOUT));
            }
            // The library passes its dynamic-limit key as KEYS[n] even when empty: a key pattern that excludes "" fails it.
            try (RateLimitProbe prefixOnly = redisProbe("redis://prefixonly:prefixonly-pass@127.0.0.1:" + secured.port())) {
                assertFailOpen(prefixOnly.probe(CHECK_TIMEOUT), "NOPERM");
            }
            try (RateLimitProbe noScripts = redisProbe("redis://noscripts:noscripts-pass@127.0.0.1:" + secured.port())) {
                assertFailOpen(noScripts.probe(CHECK_TIMEOUT), "the limiter script failed");
            }
        }
    }

    @Test
    void aRevokedRestTokenFailsOpen() throws Exception {
        try (UpstashRestFixture front = new UpstashRestFixture(redis.port(), TOKEN);
             RateLimitProbe probe = new RateLimitProbe("upstash", settings(RateLimitSettings.Transport.UPSTASH, front.url(), TOKEN,
                     Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
            assertOk(probe.probe(CHECK_TIMEOUT));
            front.revokeToken();
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "REST token rejected (HTTP 401)");
        }
    }

    @Test
    void tlsWithTheTestCaWorksAndWithoutItTheHandshakeFails() throws Exception {
        TestCertificates certs = TestCertificates.generate();
        try (RedisServer tls = RedisServer.startTls(certs)) {
            // Each run opens a fresh TLS connection; a cold JVM's first TLS handshake can take over a second on a
            // loaded machine, and this test is about trust, not timing: the app's default 5s limiter timeout.
            RateLimitSettings trusted = new RateLimitSettings(RateLimitSettings.Transport.REDIS, new Secret(tls.url()), new Secret(""),
                    certs.caCertificate(), "tokenmart:global", Algorithm.SLIDING_WINDOW, 30, Duration.ofSeconds(10), 30,
                    Duration.ofSeconds(5), RateLimitCheckGroup.DEFAULT_PLACEHOLDERS, 2);
            try (RateLimitProbe probe = new RateLimitProbe("redis", trusted, RESOURCES, () -> { })) {
                assertOk(probe.probe(trusted.budget().total()));
            }
            try (RateLimitProbe untrusted = redisProbe(tls.url())) {
                assertFailOpen(untrusted.probe(CHECK_TIMEOUT), "TLS with 127.0.0.1:" + tls.port() + " failed");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitSettings.Transport.class)
    void aReadOnlyReplicaFailsOpen(RateLimitSettings.Transport t) throws Exception {
        try (RedisServer replica = RedisServer.start("--replicaof", "127.0.0.1", Integer.toString(redis.port()));
             UpstashRestFixture front = new UpstashRestFixture(replica.port(), TOKEN)) {
            String url = t == RateLimitSettings.Transport.REDIS ? replica.url() : front.url();
            try (RateLimitProbe probe = new RateLimitProbe(t.label(), settings(t, url, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
                assertFailOpen(probe.probe(CHECK_TIMEOUT), "is a read-only replica (READONLY");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitSettings.Transport.class)
    void anEvictingPolicyIsAWarningNotFailOpen(RateLimitSettings.Transport t) throws Exception {
        try (RedisServer own = RedisServer.start("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru");
             UpstashRestFixture front = new UpstashRestFixture(own.port(), TOKEN)) {
            String url = t == RateLimitSettings.Transport.REDIS ? own.url() : front.url();
            try (RateLimitProbe probe = new RateLimitProbe(t.label(), settings(t, url, TOKEN, Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
                ProbeResult r = probe.probe(CHECK_TIMEOUT);
                assertThat(r.outcome()).isEqualTo(Outcome.DRIFT);
                assertThat(r.severity()).isEqualTo(Severity.WARNING);
                assertThat(r.reason()).isEqualTo("maxmemory-policy allkeys-lru can evict limiter counters");
                assertThat(r.details()).containsEntry("failOpen", false);
                assertThat(measured(r, "ratelimit_fail_open")).isZero();
                own.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
                assertOk(probe.probe(CHECK_TIMEOUT));
            }
        }
    }

    @Test
    void answersSlowerThanTheLimiterTimeoutFailOpenAndAboveHalfOfItWarn() throws Exception {
        try (RedisServer own = RedisServer.start(); RateLimitProbe probe = redisProbe(own.url())) {
            assertOk(probe.probe(CHECK_TIMEOUT));
            // Longer than a new client's handshake may take (a limiter timeout per round trip, 1.6s): the run meets the stall.
            CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(() -> own.command("DEBUG", "SLEEP", "3"));
            dev.driftwatch.testsupport.Await.until(Duration.ofSeconds(2), () -> {
                try (var c = new java.net.Socket()) {
                    c.connect(new java.net.InetSocketAddress("127.0.0.1", own.port()), 100);
                    c.setSoTimeout(100);
                    c.getOutputStream().write("PING\r\n".getBytes());
                    return c.getInputStream().read() < 0;
                } catch (java.io.IOException e) {
                    return true;
                }
            }, busy -> busy, "redis busy in DEBUG SLEEP");
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "within the limiter timeout (800ms)");
            sleeping.get();
        }
        try (UpstashRestFixture front = new UpstashRestFixture(redis.port(), TOKEN);
             RateLimitProbe probe = new RateLimitProbe("upstash", settings(RateLimitSettings.Transport.UPSTASH, front.url(), TOKEN,
                     Algorithm.SLIDING_WINDOW, null), RESOURCES, () -> { })) {
            front.delay(Duration.ofMillis(500));
            ProbeResult slow = probe.probe(CHECK_TIMEOUT);
            assertThat(slow.outcome()).as(slow.reason()).isEqualTo(Outcome.DRIFT);
            assertThat(slow.severity()).isEqualTo(Severity.WARNING);
            assertThat(slow.reason()).contains("is above half the limiter timeout (800ms)");
            front.delay(Duration.ofMillis(1200));
            assertFailOpen(probe.probe(CHECK_TIMEOUT), "within the limiter timeout (800ms)");
        }
    }
}
