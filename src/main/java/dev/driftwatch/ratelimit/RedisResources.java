package dev.driftwatch.ratelimit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Lettuce's event loops, shared by every Redis connection: two I/O threads serve the whole fleet; and the connections
 * themselves, one per distinct Redis URL (see {@link SharedLettuce}). Reconnects are
 * retried quickly (50 ms doubling to 250 ms) so that a recovered Redis is seen within a second. Lettuce logs its
 * reconnect attempts at most once per 5 s (ConnectionWatchdog's LOGGING_QUIET_TIME_MS), which is why they can look
 * 5 s apart in a log; application.properties quiets those lines, the check reports the state itself.
 */
@ApplicationScoped
public class RedisResources {
    private volatile ClientResources resources;
    private HashedWheelTimer timer;
    private record Target(String url, Path caCertificate, Duration timeout) {
    }

    private final Map<Target, SharedLettuce> connections = new HashMap<>();

    /**
     * The Redis-protocol transport for a limiter check: shared with every other check of the same URL, CA and
     * limiter timeout; {@code onChange} runs when the shared connection is lost or restored; close() releases it.
     */
    synchronized RedisTransport lettuce(String url, Path caCertificate, Duration timeout, Runnable onChange) {
        Target target = new Target(url, caCertificate, timeout);
        SharedLettuce shared = connections.get(target);
        if (shared == null) {
            shared = new SharedLettuce(wake -> new LettuceTransport(url, caCertificate, get(), timeout, wake));
            connections.put(target, shared);
        }
        SharedLettuce joined = shared;
        return joined.join(onChange, () -> leave(target, joined));
    }

    private synchronized void leave(Target target, SharedLettuce shared) {
        if (shared.unused() && connections.get(target) == shared) {
            connections.remove(target);
            shared.close();
        }
    }

    public ClientResources get() {
        ClientResources r = resources;
        if (r == null) {
            synchronized (this) {
                if (resources == null) {
                    // Lettuce's default timer ticks every 100 ms, which rounds a 50 ms delay up to 100 and 250 up to 300.
                    timer = new HashedWheelTimer(new DefaultThreadFactory("driftwatch-lettuce-timer", true), 10, TimeUnit.MILLISECONDS);
                    resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).timer(timer).eventBus(new DirectEventBus())
                            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(250), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                            .build();
                }
                r = resources;
            }
        }
        return r;
    }

    @PreDestroy
    void close() {
        if (resources != null) {
            resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (timer != null) {
            timer.stop();
        }
    }
}
