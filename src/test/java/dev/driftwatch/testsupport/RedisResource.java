package dev.driftwatch.testsupport;

import dev.driftwatch.fixtures.UpstashRestFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two private redis-servers and an Upstash REST front, and an environments file watching them: {@code cache} over
 * the Redis protocol and {@code edge} over REST (both every second), {@code watched} over the Redis protocol every
 * hour, so that anything it reports between runs came from a connection event; {@code outage} over REST in front of
 * a third Redis that tests stop and restart. Tests reach them by port; the log goes to {@code dwtest.log-file}.
 */
public class RedisResource extends DaemonResource {
    public static final String TOKEN = "AX_resource_upstash_token_42";

    public RedisResource() {
        super("driftwatch-redis-it-");
    }

    @Override
    protected String environments(Path dir, Map<String, String> properties) throws IOException {
        RedisServer shared = own(RedisServer.start());
        RedisServer watched = own(RedisServer.start());
        UpstashRestFixture rest = own(new UpstashRestFixture(shared.port(), TOKEN));
        RedisServer outage = own(RedisServer.start());
        UpstashRestFixture outageRest = own(new UpstashRestFixture(outage.port(), TOKEN));
        properties.putAll(DebugLog.toFile(dir.resolve("driftwatch.log")));
        properties.put("dwtest.redis-port", Integer.toString(shared.port()));
        properties.put("dwtest.watched-port", Integer.toString(watched.port()));
        properties.put("dwtest.outage-port", Integer.toString(outage.port()));
        return """
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
                """.formatted(shared.port(), rest.url(), TOKEN, watched.port(), outageRest.url());
    }
}
