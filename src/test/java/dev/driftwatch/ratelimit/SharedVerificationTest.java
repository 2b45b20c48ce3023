package dev.driftwatch.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driftwatch.testsupport.RedisServer;
import dev.driftwatch.testsupport.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Environments sharing one Redis share its new-client verification: counted at the server (INFO stats'
 * total_connections_received), users asking together cost one new connection, a second later another one.
 */
class SharedVerificationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern RECEIVED = Pattern.compile("total_connections_received:(\\d+)");

    /** Through one kept admin connection, so that asking counts no connection. */
    private static long received(RespClient admin) throws java.io.IOException {
        Matcher m = RECEIVED.matcher(String.valueOf(admin.call("INFO", "stats")));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void usersAskingTogetherShareOneNewConnectionAndALaterAskMakesAnother() throws Exception {
        RedisResources resources = new RedisResources();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisServer redis = RedisServer.start(); RespClient admin = redis.admin()) {
            List<RedisTransport> users = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                users.add(resources.lettuce(redis.url(), null, TIMEOUT, () -> { }));
            }
            long asked = System.nanoTime();
            users.get(0).verifyNewClient(TIMEOUT); // the first verification's connection is kept as the shared one
            long before = received(admin);
            List<Future<?>> answers = new ArrayList<>();
            for (RedisTransport u : users) {
                answers.add(pool.submit((Callable<?>) () -> u.verifyNewClient(TIMEOUT).orElseThrow()));
            }
            for (Future<?> f : answers) {
                assertThat((Duration) f.get()).isPositive();
            }
            long shared = received(admin) - before;
            if (System.nanoTime() - asked < SharedLettuce.VERIFICATION_REUSE.toNanos()) {
                assertThat(shared).as("eight users within the reuse window of the first one's answer: only that user's own new one").isLessThanOrEqualTo(1);
            }
            long after = received(admin);
            users.get(0).verifyNewClient(TIMEOUT);
            users.get(0).verifyNewClient(TIMEOUT);
            assertThat(received(admin) - after).as("a user's own runs each verify anew").isEqualTo(2);

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long lastOwn = System.nanoTime();
            after = received(admin);
            while (received(admin) == after && System.nanoTime() < deadline) {
                users.get(1).verifyNewClient(TIMEOUT);
            }
            assertThat(received(admin)).as("once the answer is older than the reuse window, a new connection").isGreaterThan(after);
            assertThat(System.nanoTime() - lastOwn).isGreaterThanOrEqualTo(SharedLettuce.VERIFICATION_REUSE.toNanos());
            users.forEach(RedisTransport::close);
        } finally {
            pool.shutdownNow();
            resources.close();
        }
    }

    @Test
    void aFailureIsNeverReusedSoEachUserSeesItAndARecoveryAtOnce() throws Exception {
        RedisResources resources = new RedisResources();
        try (RedisServer redis = RedisServer.start()) {
            String url = redis.url();
            RedisTransport a = resources.lettuce(url, null, TIMEOUT, () -> { });
            RedisTransport b = resources.lettuce(url, null, TIMEOUT, () -> { });
            redis.stop();
            assertThatThrownBy(() -> a.verifyNewClient(TIMEOUT)).isInstanceOfSatisfying(RedisFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(RedisFailure.Kind.CONNECT));
            try (RedisServer back = RedisServer.startOn(redis.port())) {
                assertThat(b.verifyNewClient(TIMEOUT)).as("the other user verifies anew: Redis is back").isPresent();
            }
            a.close();
            b.close();
        } finally {
            resources.close();
        }
    }
}
