package dev.driftwatch.testsupport;

import dev.driftwatch.fixtures.UpstashRestFixture;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two private redis-servers and an Upstash REST front, and an environments file watching them: {@code cache} over
 * the Redis protocol and {@code edge} over REST (both every second), {@code watched} over the Redis protocol every
 * hour, so that anything it reports between runs came from a connection event. Tests reach them by port.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {
    public static final String TOKEN = "AX_resource_upstash_token_42";
    private RedisServer shared;
    private RedisServer watched;
    private UpstashRestFixture rest;

    @Override
    public Map<String, String> start() {
        try {
            shared = RedisServer.start();
            watched = RedisServer.start();
            rest = new UpstashRestFixture(shared.port(), TOKEN);
            Path dir = Files.createTempDirectory("driftwatch-redis-it-");
            Path config = dir.resolve("driftwatch.yaml");
            Files.writeString(config, """
                    interval: 1s
                    environments:
                      cache:
                        ratelimit:
                          redis: redis://127.0.0.1:%1$d
                          prefix: "tokenmart:global"
                          limit: 30
                          window: 10s
                          timeout: 1s
                      edge:
                        ratelimit:
                          upstash: {url: "%2$s", token: "%3$s"}
                          prefix: "tokenmart:global"
                          timeout: 1s
                      watched:
                        ratelimit:
                          redis: redis://127.0.0.1:%4$d
                          prefix: "tokenmart:key"
                          algorithm: fixed-window
                          limit: 60
                          window: 60s
                          timeout: 1s
                          interval: 1h
                          probeTimeout: 15s
                    """.formatted(shared.port(), rest.url(), TOKEN, watched.port()));
            return Map.of("driftwatch.config", config.toString(),
                    "driftwatch.data-dir", dir.resolve("data").toString(),
                    "driftwatch.verdict-refresh", "200ms",
                    "dwtest.redis-port", Integer.toString(shared.port()),
                    "dwtest.watched-port", Integer.toString(watched.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (rest != null) {
            rest.close();
        }
        if (shared != null) {
            shared.close();
        }
        if (watched != null) {
            watched.close();
        }
    }
}
