package dev.driftwatch.ratelimit;

import dev.driftwatch.fixtures.UpstashRestFixture;
import dev.driftwatch.testsupport.RedisServer;
import java.io.IOException;

/** A private redis-server, the REST front for it and Lettuce's resources: what a probe test class talks to. */
record LimiterTargets(RedisServer redis, UpstashRestFixture rest, RedisResources resources) implements AutoCloseable {

    static LimiterTargets start(String token) throws IOException {
        RedisServer redis = RedisServer.start();
        return new LimiterTargets(redis, new UpstashRestFixture(redis.port(), token), new RedisResources());
    }

    @Override
    public void close() {
        rest.close();
        redis.close();
        resources.close();
    }
}
