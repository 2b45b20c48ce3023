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
 * hour, so that anything it reports between runs came from a connection event; {@code outage} over REST in front of
 * a third Redis that tests stop and restart. Tests reach them by port; the log goes to {@code dwtest.log-file}.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {
    public static final String TOKEN = "AX_resource_upstash_token_42";
    private RedisServer shared;
    private RedisServer watched;
    private UpstashRestFixture rest;
    private RedisServer outage;
    private UpstashRestFixture outageRest;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            shared = RedisServer.start();
            watched = RedisServer.start();
            rest = new UpstashRestFixture(shared.port(), TOKEN);
            outage = RedisServer.start();
            outageRest = new UpstashRestFixture(outage.port(), TOKEN);
            dir = Files.createTempDirectory("driftwatch-redis-it-");
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
                      outage:
                        ratelimit:
                          upstash: {url: "%5$s", token: "%3$s"}
                          prefix: "tokenmart:global"
                          timeout: 1s
                    """.formatted(shared.port(), rest.url(), TOKEN, watched.port(), outageRest.url()));
            Map<String, String> props = new java.util.LinkedHashMap<>(DebugLog.toFile(dir.resolve("driftwatch.log")));
            props.put("driftwatch.config", config.toString());
            props.put("driftwatch.data-dir", dir.resolve("data").toString());
            props.put("driftwatch.verdict-refresh", "200ms");
            props.put("dwtest.redis-port", Integer.toString(shared.port()));
            props.put("dwtest.watched-port", Integer.toString(watched.port()));
            props.put("dwtest.outage-port", Integer.toString(outage.port()));
            return props;
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
        if (outageRest != null) {
            outageRest.close();
        }
        if (outage != null) {
            outage.close();
        }
        DebugLog.deleteDirectory(dir);
    }
}
