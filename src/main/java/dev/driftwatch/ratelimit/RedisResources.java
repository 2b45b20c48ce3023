package dev.driftwatch.ratelimit;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Lettuce's event loops, shared by every Redis connection: two I/O threads serve the whole fleet. Reconnects are
 * retried quickly (50 ms doubling to 250 ms) so that a recovered Redis is seen within a second.
 */
@ApplicationScoped
public class RedisResources {
    private volatile ClientResources resources;

    public ClientResources get() {
        ClientResources r = resources;
        if (r == null) {
            synchronized (this) {
                if (resources == null) {
                    resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
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
    }
}
